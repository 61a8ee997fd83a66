import Hummingbird
import KubeCore

/// The HTTP face of the cluster: authentication, health, version, OpenAPI, discovery, then the
/// resource endpoints. Every failure is answered with a Status object.
struct KubeSimResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let cluster: Cluster

    func respond(to request: Request, context: Context) async throws -> Response {
        do {
            return try await route(request)
        } catch let error as APIError {
            return Responses.error(error)
        } catch {
            return Responses.error(.internalError(String(describing: error)))
        }
    }

    private func route(_ request: Request) async throws -> Response {
        let path = request.uri.path
        if ["/healthz", "/livez", "/readyz"].contains(path) { return Responses.text("ok") }
        if let token = cluster.configuration.bearerToken, request.headers[.authorization] != "Bearer \(token)" {
            throw APIError.unauthorized
        }
        switch path {
        case "/version", "/version/": return Responses.json(Discovery.version)
        case "/openapi/v2": return Responses.json(OpenAPI.v2(cluster.registry))
        case "/openapi/v3": return Responses.json(OpenAPI.v3Index(cluster.registry))
        default: break
        }
        if path.hasPrefix("/openapi/v3/") {
            let rest = path.dropFirst("/openapi/v3/".count).split(separator: "/").map(String.init)
            let document: JSONValue? = switch rest.count {
            case 2 where rest[0] == "api": OpenAPI.v3(group: "", version: rest[1], registry: cluster.registry)
            case 3 where rest[0] == "apis": OpenAPI.v3(group: rest[1], version: rest[2], registry: cluster.registry)
            default: nil
            }
            guard let document else { throw APIError.pageNotFound(path) }
            return Responses.json(document)
        }
        guard let target = RequestTarget(path: path) else { throw APIError.pageNotFound(path) }
        switch target {
        case .discovery(let group, let version, let legacy):
            return Responses.json(try discovery(group: group, version: version, legacy: legacy, path: path))
        case .collection(let address), .object(let address, _, _):
            guard let resource = cluster.registry.resource(group: address.group, version: address.version, plural: address.plural) else {
                throw APIError.pageNotFound(path)
            }
            var endpoint = ResourceEndpoint(cluster: cluster, resource: resource, address: address, request: request)
            return try await endpoint.respond(to: target)
        }
    }

    /// Discovery documents; they are answered in the plain form whatever the Accept header asks
    /// (aggregated discovery is declined, so kubectl and client-go fall back to the plain form).
    private func discovery(group: String?, version: String?, legacy: Bool, path: String) throws(APIError) -> JSONValue {
        switch (group, version) {
        case (nil, _):
            return legacy ? Discovery.coreVersions : Discovery.groupList(cluster.registry)
        case (let group?, nil):
            guard let document = Discovery.group(group, registry: cluster.registry) else { throw APIError.pageNotFound(path) }
            return document
        case (let group?, let version?):
            guard let document = Discovery.resourceList(group: group, version: version, registry: cluster.registry) else {
                throw APIError.pageNotFound(path)
            }
            return document
        }
    }
}
