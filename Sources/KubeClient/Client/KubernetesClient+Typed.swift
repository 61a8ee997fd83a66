public import KubeCore

/// The operations on a typed model of a kind. The resource is the type's `descriptor`.
///
/// Single-object calls take the namespace from the argument, else from the object's
/// `metadata.namespace`, else the configuration's namespace; cluster-scoped kinds ignore it.
/// List, watch and delete-collection calls with a nil namespace span all namespaces.
extension KubernetesClient {
    // MARK: Read

    public func get<T: KubernetesResource>(_ type: T.Type, name: String, namespace: String? = nil) async throws(KubeAPIError) -> T {
        try await getObject(T.self, T.descriptor, name: name, namespace: namespace)
    }

    /// One page of objects; pass `metadata.continue` back as `options.continue` for the next.
    public func list<T: KubernetesResource>(_ type: T.Type, namespace: String? = nil, options: ListOptions = ListOptions()) async throws(KubeAPIError) -> ObjectList<T> {
        try await listObjects(T.self, T.descriptor, namespace: namespace, options: options)
    }

    /// Every object, in pages of `pageSize` (or `options.limit`).
    ///
    /// Guarantees: the items form one snapshot at the returned `metadata.resourceVersion` (the
    /// version to start a watch from). If the continue token expires midway, the whole list is read
    /// again in one request.
    public func listAll<T: KubernetesResource>(_ type: T.Type, namespace: String? = nil, options: ListOptions = ListOptions(), pageSize: Int = 500) async throws(KubeAPIError) -> ObjectList<T> {
        try await listAllObjects(T.self, T.descriptor, namespace: namespace, options: options, pageSize: pageSize)
    }

    // MARK: Write

    public func create<T: KubernetesResource>(_ object: T, namespace: String? = nil, options: WriteOptions = WriteOptions()) async throws(KubeAPIError) -> T {
        try await createObject(object, T.descriptor, namespace: namespace ?? object.metadata.namespace, options: options)
    }

    /// Replaces the object (PUT); `metadata.resourceVersion` makes it conditional (409 if stale).
    public func update<T: KubernetesResource>(_ object: T, options: WriteOptions = WriteOptions()) async throws(KubeAPIError) -> T {
        try await replaceObject(object, T.descriptor, name: try Self.name(of: object), namespace: object.metadata.namespace, subresource: nil, options: options)
    }

    /// Replaces the status subresource (PUT `/status`); the server ignores everything but status.
    public func updateStatus<T: KubernetesResource>(_ object: T, options: WriteOptions = WriteOptions()) async throws(KubeAPIError) -> T {
        try await replaceObject(object, T.descriptor, name: try Self.name(of: object), namespace: object.metadata.namespace, subresource: "status", options: options)
    }

    /// A JSON merge patch (RFC 7386): `null` removes a field, objects merge, lists are replaced.
    public func mergePatch<T: KubernetesResource>(_ type: T.Type, name: String, namespace: String? = nil, patch: JSONValue, subresource: String? = nil, options: WriteOptions = WriteOptions()) async throws(KubeAPIError) -> T {
        try await patchObject(T.self, T.descriptor, name: name, namespace: namespace, subresource: subresource, contentType: PatchType.merge, body: patch.serialized(), query: options.queryItems)
    }

    /// A JSON patch (RFC 6902): `patch` is the array of operations.
    public func jsonPatch<T: KubernetesResource>(_ type: T.Type, name: String, namespace: String? = nil, patch: JSONValue, subresource: String? = nil, options: WriteOptions = WriteOptions()) async throws(KubeAPIError) -> T {
        try await patchObject(T.self, T.descriptor, name: name, namespace: namespace, subresource: subresource, contentType: PatchType.json, body: patch.serialized(), query: options.queryItems)
    }

    /// Server-side apply: the fields `object` sets become owned by `options.fieldManager`; fields it
    /// leaves out that the manager owned before are removed. 409 Conflict when another manager owns
    /// one of them, unless `force`.
    public func apply<T: KubernetesResource>(_ object: T, options: ApplyOptions) async throws(KubeAPIError) -> T {
        try await applyObject(object, T.descriptor, name: try Self.name(of: object), namespace: object.metadata.namespace, subresource: nil, options: options)
    }

    /// Server-side apply to the status subresource.
    public func applyStatus<T: KubernetesResource>(_ object: T, options: ApplyOptions) async throws(KubeAPIError) -> T {
        try await applyObject(object, T.descriptor, name: try Self.name(of: object), namespace: object.metadata.namespace, subresource: "status", options: options)
    }

    // MARK: Delete

    /// Deletes the object; returns it while it is still being deleted (finalizers, foreground
    /// deletion), nil once the server reports it gone.
    @discardableResult
    public func delete<T: KubernetesResource>(_ type: T.Type, name: String, namespace: String? = nil, options: DeleteOptions = DeleteOptions()) async throws(KubeAPIError) -> T? {
        try await deleteObject(T.self, T.descriptor, name: name, namespace: namespace, options: options)
    }

    /// Deletes every object the list options select.
    public func deleteCollection<T: KubernetesResource>(_ type: T.Type, namespace: String? = nil, listOptions: ListOptions = ListOptions(), options: DeleteOptions = DeleteOptions()) async throws(KubeAPIError) {
        try await deleteObjects(T.descriptor, namespace: namespace, listOptions: listOptions, options: options)
    }

    private static func name(of object: some KubernetesResource) throws(KubeAPIError) -> String {
        guard let name = object.metadata.name, !name.isEmpty else {
            throw .invalidRequest("the \(type(of: object).kind) has no metadata.name")
        }
        return name
    }
}
