public import KubeCore

/// The operations on any resource, addressed by a `ResourceDescriptor`, with objects as `JSONValue`.
///
/// Single-object calls take the namespace from the argument, else from the object's
/// `metadata.namespace`, else the configuration's namespace; cluster-scoped resources ignore it.
/// List, watch and delete-collection calls with a nil namespace span all namespaces.
extension KubernetesClient {
    // MARK: Read

    public func get(_ resource: ResourceDescriptor, name: String, namespace: String? = nil) async throws(KubeAPIError) -> JSONValue {
        try await getObject(JSONValue.self, resource, name: name, namespace: namespace)
    }

    /// One page of objects; pass `metadata.continue` back as `options.continue` for the next.
    public func list(_ resource: ResourceDescriptor, namespace: String? = nil, options: ListOptions = ListOptions()) async throws(KubeAPIError) -> ObjectList<JSONValue> {
        try await listObjects(JSONValue.self, resource, namespace: namespace, options: options)
    }

    /// One page of `resource`'s objects decoded as `Object`: any `Codable` form of them, such as a
    /// cache's compact one, decoded straight from the parsed JSON.
    public func list<Object: Codable & Sendable>(_ type: Object.Type, resource: ResourceDescriptor, namespace: String? = nil, options: ListOptions = ListOptions()) async throws(KubeAPIError) -> ObjectList<Object> {
        try await listObjects(Object.self, resource, namespace: namespace, options: options)
    }

    /// Every object, fetched in pages of `pageSize`; the typed `listAll` documents the guarantees.
    public func listAll(_ resource: ResourceDescriptor, namespace: String? = nil, options: ListOptions = ListOptions(), pageSize: Int = 500) async throws(KubeAPIError) -> ObjectList<JSONValue> {
        try await listAllObjects(JSONValue.self, resource, namespace: namespace, options: options, pageSize: pageSize)
    }

    // MARK: Write

    public func create(_ object: JSONValue, resource: ResourceDescriptor, namespace: String? = nil, options: WriteOptions = WriteOptions()) async throws(KubeAPIError) -> JSONValue {
        let namespace = namespace ?? object[path: "metadata", "namespace"]?.stringValue
        return try await createObject(object, resource, namespace: namespace, options: options)
    }

    /// Replaces the object (PUT); `metadata.resourceVersion` makes it conditional (409 if stale).
    public func update(_ object: JSONValue, resource: ResourceDescriptor, options: WriteOptions = WriteOptions()) async throws(KubeAPIError) -> JSONValue {
        let (name, namespace) = try Self.identity(of: object)
        return try await replaceObject(object, resource, name: name, namespace: namespace, subresource: nil, options: options)
    }

    /// Replaces the status subresource (PUT `/status`).
    public func updateStatus(_ object: JSONValue, resource: ResourceDescriptor, options: WriteOptions = WriteOptions()) async throws(KubeAPIError) -> JSONValue {
        let (name, namespace) = try Self.identity(of: object)
        return try await replaceObject(object, resource, name: name, namespace: namespace, subresource: "status", options: options)
    }

    /// A JSON merge patch (RFC 7386, `application/merge-patch+json`): `null` removes a field, objects merge, lists are replaced.
    public func mergePatch(_ resource: ResourceDescriptor, name: String, namespace: String? = nil, patch: JSONValue, subresource: String? = nil, options: WriteOptions = WriteOptions()) async throws(KubeAPIError) -> JSONValue {
        try await patchObject(JSONValue.self, resource, name: name, namespace: namespace, subresource: subresource, contentType: PatchType.merge, body: patch.serialized(), query: options.queryItems)
    }

    /// A JSON patch (RFC 6902, `application/json-patch+json`): `patch` is the array of operations.
    public func jsonPatch(_ resource: ResourceDescriptor, name: String, namespace: String? = nil, patch: JSONValue, subresource: String? = nil, options: WriteOptions = WriteOptions()) async throws(KubeAPIError) -> JSONValue {
        try await patchObject(JSONValue.self, resource, name: name, namespace: namespace, subresource: subresource, contentType: PatchType.json, body: patch.serialized(), query: options.queryItems)
    }

    /// Server-side apply of the fields `object` sets, owned by `options.fieldManager`.
    public func apply(_ object: JSONValue, resource: ResourceDescriptor, options: ApplyOptions) async throws(KubeAPIError) -> JSONValue {
        let (name, namespace) = try Self.identity(of: object)
        return try await applyObject(object, resource, name: name, namespace: namespace, subresource: nil, options: options)
    }

    /// Server-side apply to the status subresource.
    public func applyStatus(_ object: JSONValue, resource: ResourceDescriptor, options: ApplyOptions) async throws(KubeAPIError) -> JSONValue {
        let (name, namespace) = try Self.identity(of: object)
        return try await applyObject(object, resource, name: name, namespace: namespace, subresource: "status", options: options)
    }

    // MARK: Delete

    /// Deletes the object; returns it while it is still being deleted (finalizers, foreground
    /// deletion), nil once the server reports it gone.
    @discardableResult
    public func delete(_ resource: ResourceDescriptor, name: String, namespace: String? = nil, options: DeleteOptions = DeleteOptions()) async throws(KubeAPIError) -> JSONValue? {
        try await deleteObject(JSONValue.self, resource, name: name, namespace: namespace, options: options)
    }

    /// Deletes every object the list options select.
    public func deleteCollection(_ resource: ResourceDescriptor, namespace: String? = nil, listOptions: ListOptions = ListOptions(), options: DeleteOptions = DeleteOptions()) async throws(KubeAPIError) {
        try await deleteObjects(resource, namespace: namespace, listOptions: listOptions, options: options)
    }

    // MARK: Watch

    /// Changes to the objects, as they happen; the typed `watch` documents the guarantees.
    public func watch(_ resource: ResourceDescriptor, namespace: String? = nil, options: WatchOptions = WatchOptions()) async throws(KubeAPIError) -> AsyncThrowingStream<WatchEvent<JSONValue>, any Error> {
        try await watchObjects(JSONValue.self, resource, namespace: namespace, options: options)
    }

    /// Changes to `resource`'s objects, decoded as `Object` (see ``list(_:resource:namespace:options:)``).
    public func watch<Object: Decodable & Sendable>(_ type: Object.Type, resource: ResourceDescriptor, namespace: String? = nil, options: WatchOptions = WatchOptions()) async throws(KubeAPIError) -> AsyncThrowingStream<WatchEvent<Object>, any Error> {
        try await watchObjects(Object.self, resource, namespace: namespace, options: options)
    }

    static func identity(of object: JSONValue) throws(KubeAPIError) -> (name: String, namespace: String?) {
        guard let name = object[path: "metadata", "name"]?.stringValue, !name.isEmpty else {
            throw .invalidRequest("the object has no metadata.name")
        }
        return (name, object[path: "metadata", "namespace"]?.stringValue)
    }
}
