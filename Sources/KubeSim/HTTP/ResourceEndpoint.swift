import Hummingbird
import KubeCore
import NIOCore

/// One request to a resource URL: parses the query and body, applies the injected faults, and calls
/// the cluster verb the method and target name.
struct ResourceEndpoint {
    let cluster: Cluster
    let resource: ServedResource
    let address: ResourceAddress
    var request: Request
    let query: QueryParameters

    init(cluster: Cluster, resource: ServedResource, address: ResourceAddress, request: Request) {
        self.cluster = cluster
        self.resource = resource
        self.address = address
        self.request = request
        self.query = QueryParameters(request.uri.query)
    }

    var version: String { address.version }
    var namespace: String? { resource.namespaced ? address.namespace : nil }
    var wantsTable: Bool { TableFormat.wanted(accept: request.headers[.accept]) }

    mutating func respond(to target: RequestTarget) async throws -> Response {
        let isWatch = request.method == .get && query.flag("watch")
        if isWatch { return try await handle(target, isWatch: true) }
        let name: String? = if case .object(_, let name, _) = target { name } else { nil }
        let isWrite = request.method != .get && request.method != .head
        if let fault = await cluster.faults.intercept(isWrite: isWrite, resource: resource.id, name: name) { throw fault }
        let response: Response
        do {
            response = try await handle(target, isWatch: false)
        } catch {
            await cluster.faults.delayResponse()
            throw error
        }
        await cluster.faults.delayResponse()
        return response
    }

    private mutating func handle(_ target: RequestTarget, isWatch: Bool) async throws -> Response {
        let method = request.method
        if resource.namespaced, let namespace = address.namespace, method == .post || method == .put || method == .patch,
            resource.id != cluster.namespaces.id
        {
            try cluster.requireNamespace(namespace)
        }
        switch target {
        case .collection:
            switch method {
            case .get where isWatch: return try WatchStream(endpoint: self).response()
            case .get: return try list()
            case .post: return try await create()
            case .delete: return try await deleteCollection()
            default: throw APIError.methodNotAllowed("\(method) is not supported on a collection")
            }
        case .object(_, let name, let subresource):
            return try await object(name: name, subresource: subresource)
        case .discovery:
            throw APIError.pageNotFound(request.uri.path)
        }
    }

    private mutating func object(name: String, subresource: String?) async throws -> Response {
        let method = request.method
        switch (subresource, method) {
        case (nil, .get), ("status", .get):
            let object = try cluster.get(resource, version: version, namespace: namespace, name: name)
            return Responses.json(wantsTable ? table([object], metadata: ["resourceVersion": object[path: "metadata", "resourceVersion"] ?? ""]) : object)
        case (nil, .put), ("status", .put):
            let body = try await bodyJSON()
            let object = try cluster.update(
                resource, version: version, namespace: namespace, name: name, subresource: subresource,
                options: try writeOptions(), requireResourceVersion: true
            ) { _ throws(APIError) in body }
            return Responses.json(object)
        case (nil, .patch), ("status", .patch):
            let (object, created) = try await patch(name: name, subresource: subresource)
            return Responses.json(object, code: created ? 201 : 200)
        case (nil, .delete):
            return try await delete(name: name)
        case ("scale", .get):
            return Responses.json(try cluster.getScale(resource, version: version, namespace: namespace, name: name))
        case ("scale", .put):
            let body = try await bodyJSON()
            return Responses.json(try cluster.updateScale(
                resource, version: version, namespace: namespace, name: name, options: try writeOptions()
            ) { _ throws(APIError) in body })
        case ("scale", .patch):
            return Responses.json(try await patchScale(name: name))
        default:
            if let subresource, !["status", "scale"].contains(subresource) || (subresource == "scale" && resource.scale == nil) {
                throw APIError.pageNotFound(request.uri.path)
            }
            throw APIError.methodNotAllowed("\(method) is not supported here")
        }
    }

    // MARK: Verbs

    private func list() throws -> Response {
        let list = try cluster.list(resource, version: version, namespace: namespace, options: query.listOptions)
        guard wantsTable else { return Responses.json(list) }
        return Responses.json(table(list["items"]?.arrayValue ?? [], metadata: list["metadata"] ?? [:]))
    }

    private func table(_ objects: [JSONValue], metadata: JSONValue) -> JSONValue {
        TableFormat.table(objects, resource: resource, version: version, listMetadata: metadata)
    }

    private mutating func create() async throws -> Response {
        let body = try await bodyJSON()
        let object = try cluster.create(resource, version: version, namespace: namespace, body: body, options: try writeOptions())
        return Responses.json(object, code: 201)
    }

    private mutating func delete(name: String) async throws -> Response {
        let options = try await deleteOptions()
        switch try cluster.delete(resource, version: version, namespace: namespace, name: name, options: options) {
        case .deleted(let object): return Responses.deleted(resource, object: object)
        case .pending(let object): return Responses.json(object)
        }
    }

    private mutating func deleteCollection() async throws -> Response {
        let options = try await deleteOptions()
        let matches = try ObjectFilter.predicate(resource: resource, namespace: nil, options: query.listOptions)
        let deleted = try cluster.deleteCollection(resource, version: version, namespace: namespace, matches: matches, options: options)
        return Responses.json([
            "kind": .string(resource.listKind), "apiVersion": .string(resource.apiVersion(version)),
            "metadata": ["resourceVersion": .string(String(cluster.store.currentResourceVersion))], "items": .array(deleted),
        ])
    }

    // MARK: Request parts

    /// The request body as JSON (YAML bodies are accepted too, as kube-apiserver accepts them).
    mutating func bodyJSON() async throws -> JSONValue {
        let bytes = try await bodyBytes()
        guard !bytes.isEmpty else { throw APIError.badRequest("the request body is empty") }
        return try RequestBody.decode(bytes, contentType: request.headers[.contentType])
    }

    mutating func bodyBytes() async throws -> [UInt8] {
        let buffer = try await request.collectBody(upTo: 64 << 20)
        return Array(buffer.readableBytesView)
    }

    /// `fieldManager` from the query, else the first part of the User-Agent (kube-apiserver's default).
    func writeOptions() throws(APIError) -> WriteOptions {
        var manager = query["fieldManager"] ?? ""
        if manager.isEmpty {
            let agent = request.headers[.userAgent] ?? "unknown"
            manager = String(agent.split(separator: "/").first ?? "unknown").prefix(128).description
        }
        var options = WriteOptions(fieldManager: manager)
        options.dryRun = try dryRun(query["dryRun"])
        options.force = query.flag("force")
        return options
    }

    private func dryRun(_ value: String?) throws(APIError) -> Bool {
        guard let value, !value.isEmpty else { return false }
        guard value == "All" else { throw APIError.badRequest("Invalid dryRun value: \(value), supported values: All") }
        return true
    }

    private mutating func deleteOptions() async throws -> DeleteOptions {
        var options = DeleteOptions()
        options.propagationPolicy = query["propagationPolicy"]
        options.dryRun = try dryRun(query["dryRun"])
        if query.flag("orphanDependents") { options.propagationPolicy = "Orphan" }
        let bytes = try await bodyBytes()
        if !bytes.isEmpty {
            let body = try RequestBody.decode(bytes, contentType: request.headers[.contentType])
            if let policy = body["propagationPolicy"]?.stringValue { options.propagationPolicy = policy }
            if body["orphanDependents"]?.boolValue == true { options.propagationPolicy = "Orphan" }
            options.preconditionUID = body[path: "preconditions", "uid"]?.stringValue
            options.preconditionResourceVersion = body[path: "preconditions", "resourceVersion"]?.stringValue
            if body["dryRun"]?.arrayValue?.contains("All") == true { options.dryRun = true }
        }
        return options
    }
}
