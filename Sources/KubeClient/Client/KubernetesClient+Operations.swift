import KubeCore

/// The content types of the PATCH flavours the API server accepts.
enum PatchType {
    static let merge = "application/merge-patch+json"
    static let json = "application/json-patch+json"
    /// Server-side apply; the body may be JSON, which is YAML.
    static let apply = "application/apply-patch+yaml"
}

/// The operations once, generic over the object's type: typed models and `JSONValue` both go through here.
extension KubernetesClient {
    /// The namespace a single-object call addresses: nil for cluster-scoped resources.
    func effectiveNamespace(_ namespace: String?, for resource: ResourceDescriptor) -> String? {
        resource.namespaced ? (namespace ?? configuration.namespace) : nil
    }

    /// The namespace a collection call addresses: nil (all namespaces) stays nil.
    func collectionNamespace(_ namespace: String?, for resource: ResourceDescriptor) -> String? {
        resource.namespaced ? namespace : nil
    }

    func getObject<Object: Decodable>(_ type: Object.Type, _ resource: ResourceDescriptor, name: String, namespace: String?, subresource: String? = nil) async throws(KubeAPIError) -> Object {
        let path = resource.encodedObjectPath(name: name, namespace: effectiveNamespace(namespace, for: resource), subresource: subresource)
        let response = try await send(APIRequest(method: .get, path: path, timeout: configuration.requestTimeout))
        return try BodyCoding.decode(Object.self, from: response.body)
    }

    func listObjects<Object: Codable & Sendable>(_ type: Object.Type, _ resource: ResourceDescriptor, namespace: String?, options: ListOptions) async throws(KubeAPIError) -> ObjectList<Object> {
        let path = resource.encodedCollectionPath(namespace: collectionNamespace(namespace, for: resource))
        let response = try await send(APIRequest(method: .get, path: path, query: options.queryItems, timeout: configuration.requestTimeout))
        return try BodyCoding.decode(ObjectList<Object>.self, from: response.body)
    }

    /// Pages through the collection. If the continue token expires between pages (410), the list is
    /// restarted once without a limit, as client-go's `ListPager` does (`FullListIfExpired`), so the
    /// result is always one consistent snapshot.
    func listAllObjects<Object: Codable & Sendable>(_ type: Object.Type, _ resource: ResourceDescriptor, namespace: String?, options: ListOptions, pageSize: Int) async throws(KubeAPIError) -> ObjectList<Object> {
        var pageOptions = options
        pageOptions.limit = options.limit ?? pageSize
        var all = try await listObjects(Object.self, resource, namespace: namespace, options: pageOptions)
        var token = all.metadata.continue
        while let next = token, !next.isEmpty {
            pageOptions.continue = next
            // The continue token pins the snapshot: the version options must not be repeated.
            pageOptions.resourceVersion = nil
            pageOptions.resourceVersionMatch = nil
            let page: ObjectList<Object>
            do {
                page = try await listObjects(Object.self, resource, namespace: namespace, options: pageOptions)
            } catch .gone {
                var full = options
                full.limit = nil
                full.continue = nil
                return try await listObjects(Object.self, resource, namespace: namespace, options: full)
            }
            all.items.append(contentsOf: page.items)
            token = page.metadata.continue
        }
        all.metadata.continue = nil
        all.metadata.remainingItemCount = nil
        return all
    }

    func createObject<Object: Codable & Sendable>(_ object: Object, _ resource: ResourceDescriptor, namespace: String?, options: WriteOptions) async throws(KubeAPIError) -> Object {
        let path = resource.encodedCollectionPath(namespace: effectiveNamespace(namespace, for: resource))
        let request = APIRequest(
            method: .post, path: path, query: options.queryItems, body: try BodyCoding.encode(object),
            contentType: "application/json", timeout: configuration.requestTimeout)
        return try BodyCoding.decode(Object.self, from: try await send(request).body)
    }

    func replaceObject<Object: Codable & Sendable>(_ object: Object, _ resource: ResourceDescriptor, name: String, namespace: String?, subresource: String?, options: WriteOptions) async throws(KubeAPIError) -> Object {
        let path = resource.encodedObjectPath(name: name, namespace: effectiveNamespace(namespace, for: resource), subresource: subresource)
        let request = APIRequest(
            method: .put, path: path, query: options.queryItems, body: try BodyCoding.encode(object),
            contentType: "application/json", timeout: configuration.requestTimeout)
        return try BodyCoding.decode(Object.self, from: try await send(request).body)
    }

    func patchObject<Object: Decodable>(_ type: Object.Type, _ resource: ResourceDescriptor, name: String, namespace: String?, subresource: String?, contentType: String, body: [UInt8], query: QueryItems) async throws(KubeAPIError) -> Object {
        let path = resource.encodedObjectPath(name: name, namespace: effectiveNamespace(namespace, for: resource), subresource: subresource)
        let request = APIRequest(
            method: .patch, path: path, query: query, body: body, contentType: contentType,
            timeout: configuration.requestTimeout)
        return try BodyCoding.decode(Object.self, from: try await send(request).body)
    }

    func applyObject<Object: Codable & Sendable>(_ object: Object, _ resource: ResourceDescriptor, name: String, namespace: String?, subresource: String?, options: ApplyOptions) async throws(KubeAPIError) -> Object {
        try await patchObject(
            Object.self, resource, name: name, namespace: namespace, subresource: subresource,
            contentType: PatchType.apply, body: try BodyCoding.encode(object), query: options.queryItems)
    }

    func deleteObject<Object: Decodable>(_ type: Object.Type, _ resource: ResourceDescriptor, name: String, namespace: String?, options: DeleteOptions) async throws(KubeAPIError) -> Object? {
        let path = resource.encodedObjectPath(name: name, namespace: effectiveNamespace(namespace, for: resource))
        let request = APIRequest(
            method: .delete, path: path, body: options.body.serialized(), contentType: "application/json",
            timeout: configuration.requestTimeout)
        let body = try await send(request).body
        // A Status (`Success`) means the object is gone; the object itself means it is still terminating.
        if let value = try? JSONValue(parsing: body), value["kind"]?.stringValue == "Status" { return nil }
        return try BodyCoding.decode(Object.self, from: body)
    }

    func deleteObjects(_ resource: ResourceDescriptor, namespace: String?, listOptions: ListOptions, options: DeleteOptions) async throws(KubeAPIError) {
        let path = resource.encodedCollectionPath(namespace: collectionNamespace(namespace, for: resource))
        let request = APIRequest(
            method: .delete, path: path, query: listOptions.queryItems, body: options.body.serialized(),
            contentType: "application/json", timeout: configuration.requestTimeout)
        _ = try await send(request)
    }
}
