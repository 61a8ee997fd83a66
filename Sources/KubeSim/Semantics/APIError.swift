public import KubeCore

/// A failed API call: the metav1.Status the server answers with, and its HTTP code.
///
/// The constructors follow what kube-apiserver sends (NOTES.md): NotFound and AlreadyExists name the
/// plural resource in `details.kind`, Invalid names the Kind.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var status: Status
    /// Sent as the `Retry-After` header (a 429).
    public var retryAfterSeconds: Int?

    public init(status: Status) {
        self.status = status
    }

    public var code: Int { status.code ?? 500 }
    /// The machine-readable reason, e.g. `NotFound`.
    public var reason: String? { status.reason }
    public var description: String { status.description }

    init(code: Int, reason: String, message: String, details: StatusDetails? = nil) {
        self.status = Status(message: message, reason: reason, details: details, code: code)
    }

    static func notFound(_ resource: ResourceID, name: String) -> APIError {
        APIError(
            code: 404, reason: "NotFound", message: "\(resource) \"\(name)\" not found",
            details: StatusDetails(name: name, group: resource.group, kind: resource.resource))
    }

    static func alreadyExists(_ resource: ResourceID, name: String) -> APIError {
        APIError(
            code: 409, reason: "AlreadyExists", message: "\(resource) \"\(name)\" already exists",
            details: StatusDetails(name: name, group: resource.group, kind: resource.resource))
    }

    /// A write based on a stale resourceVersion (optimistic concurrency).
    static func conflict(_ resource: ResourceID, name: String, message: String) -> APIError {
        APIError(
            code: 409, reason: "Conflict",
            message: "Operation cannot be fulfilled on \(resource) \"\(name)\": \(message)",
            details: StatusDetails(name: name, group: resource.group, kind: resource.resource))
    }

    /// 422: the object (of `kind`) fails validation; one cause per invalid field.
    static func invalid(group: String, kind: String, name: String, causes: [StatusCause]) -> APIError {
        let list = causes.map { "\($0.field.map { "\($0): " } ?? "")\($0.message ?? "")" }.joined(separator: ", ")
        let qualified = group.isEmpty ? kind : "\(kind).\(group)"
        return APIError(
            code: 422, reason: "Invalid", message: "\(qualified) \"\(name)\" is invalid: \(list)",
            details: StatusDetails(name: name, group: group, kind: kind, causes: causes))
    }

    static func badRequest(_ message: String) -> APIError {
        APIError(code: 400, reason: "BadRequest", message: message)
    }

    /// 410 Gone for a resourceVersion or continue token older than the retained history.
    static func expired(_ message: String) -> APIError {
        APIError(code: 410, reason: "Expired", message: message)
    }

    static func methodNotAllowed(_ message: String) -> APIError {
        APIError(code: 405, reason: "MethodNotAllowed", message: message)
    }

    static func unsupportedMediaType(_ contentType: String) -> APIError {
        APIError(code: 415, reason: "UnsupportedMediaType", message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (got \(contentType))")
    }

    static func tooManyRequests(retryAfterSeconds: Int) -> APIError {
        var error = APIError(
            code: 429, reason: "TooManyRequests", message: "the server has received too many requests and has asked us to try again later",
            details: StatusDetails(retryAfterSeconds: retryAfterSeconds))
        error.retryAfterSeconds = retryAfterSeconds
        return error
    }

    /// An error of the storage layer that is no API status: kube-apiserver answers 500 with the
    /// error's text and no reason (`StatusReasonUnknown`).
    static func storageError(_ message: String) -> APIError {
        APIError(status: Status(message: message, code: 500))
    }

    static func internalError(_ message: String) -> APIError {
        APIError(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)")
    }

    static let unauthorized = APIError(code: 401, reason: "Unauthorized", message: "Unauthorized")

    /// 404 for a URL that names no served resource.
    static func pageNotFound(_ path: String) -> APIError {
        APIError(code: 404, reason: "NotFound", message: "the server could not find the requested resource (\(path))")
    }

    /// The Status as a JSON value, for a response body or a watch ERROR event.
    var json: JSONValue {
        (try? JSONValue(encoding: status)) ?? ["kind": "Status", "apiVersion": "v1", "code": .int(Int64(code))]
    }
}
