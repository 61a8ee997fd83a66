import KubeCore

extension ResourceEndpoint {
    mutating func patch(name: String, subresource: String?) async throws -> JSONValue {
        throw APIError.unsupportedMediaType(request.headers[.contentType] ?? "")
    }

    mutating func patchScale(name: String) async throws -> JSONValue {
        throw APIError.unsupportedMediaType(request.headers[.contentType] ?? "")
    }
}
