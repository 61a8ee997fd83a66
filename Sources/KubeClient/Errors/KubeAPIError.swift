public import KubeCore

/// A failed call to the Kubernetes API: the server's `Status` sorted by what a caller does about it,
/// or a failure below HTTP.
///
/// The cases follow apimachinery's `k8s.io/apimachinery/pkg/api/errors` (`IsNotFound`, `IsConflict`,
/// …): the HTTP code decides, and the Status `reason` tells apart the cases that share a code
/// (409 `AlreadyExists` versus 409 `Conflict`). Every case keeps the server's `Status`, so its message,
/// details and causes are never lost.
public enum KubeAPIError: Error, Sendable, CustomStringConvertible {
    /// 400: the request is malformed (an unsupported field selector, a bad continue token).
    case badRequest(Status)
    /// 401: the credentials were missing or refused.
    case unauthorized(Status)
    /// 403: the credentials are not allowed to do this (RBAC).
    case forbidden(Status)
    /// 404: the object, or the resource, does not exist.
    case notFound(Status)
    /// 409 `AlreadyExists`: a create named an object that exists.
    case alreadyExists(Status)
    /// 409 otherwise: a stale `resourceVersion`, or a server-side apply field-manager conflict.
    case conflict(Status)
    /// 410: the requested `resourceVersion` is too old (compacted); a watcher must relist.
    case gone(Status)
    /// 415: the patch type is not supported for this resource (strategic merge on a custom resource).
    case unsupportedMediaType(Status)
    /// 422: the object failed validation; `Status.details.causes` names the fields.
    case invalid(Status)
    /// 429: the server asked to slow down, for `retryAfter` when it said so.
    case tooManyRequests(Status, retryAfter: Duration?)
    /// 5xx: the server failed; `Status.code` is the HTTP code.
    case serverError(Status)
    /// Any other non-2xx answer (405, 406, 413, …).
    case other(Status)
    /// No answer: the connection, TLS or the transfer failed, or the call was cancelled.
    case transport(TransportError)
    /// A 2xx answer whose body could not be read as the expected type.
    case decoding(String)
    /// The call could not be made as asked (an object without a name, a credential plugin that failed).
    case invalidRequest(String)

    /// Sorts a Status the server sent (as a response body or a watch ERROR event).
    ///
    /// `retryAfter` is the `Retry-After` header when the response had one; otherwise the Status'
    /// `details.retryAfterSeconds` is used.
    public init(status: Status, retryAfter: Duration? = nil) {
        let code = status.code ?? 500
        switch code {
        case 400: self = .badRequest(status)
        case 401: self = .unauthorized(status)
        case 403: self = .forbidden(status)
        case 404: self = .notFound(status)
        case 409 where status.reason == "AlreadyExists": self = .alreadyExists(status)
        case 409: self = .conflict(status)
        case 410: self = .gone(status)
        case 415: self = .unsupportedMediaType(status)
        case 422: self = .invalid(status)
        case 429:
            let fromDetails = status.details?.retryAfterSeconds.map { Duration.seconds($0) }
            self = .tooManyRequests(status, retryAfter: retryAfter ?? fromDetails)
        case 500...599: self = .serverError(status)
        default:
            // A watch ERROR event arrives in a 200 response; its Status still carries the code and
            // reason of the failure (`Expired` with 410, or reason `Gone`).
            if status.reason == "Expired" || status.reason == "Gone" {
                self = .gone(status)
            } else {
                self = .other(status)
            }
        }
    }

    /// The server's Status; for transport, decoding and request errors, one synthesized from them.
    public var status: Status {
        switch self {
        case .badRequest(let status), .unauthorized(let status), .forbidden(let status),
            .notFound(let status), .alreadyExists(let status), .conflict(let status), .gone(let status),
            .unsupportedMediaType(let status), .invalid(let status), .tooManyRequests(let status, _),
            .serverError(let status), .other(let status):
            return status
        case .transport(let error):
            return Status(message: error.description, reason: "InternalError")
        case .decoding(let message), .invalidRequest(let message):
            return Status(message: message, reason: "InternalError")
        }
    }

    /// The HTTP code of the answer; nil when there was none.
    public var code: Int? {
        switch self {
        case .transport, .decoding, .invalidRequest: return nil
        default: return status.code
        }
    }

    public var isNotFound: Bool { if case .notFound = self { return true } else { return false } }
    public var isAlreadyExists: Bool { if case .alreadyExists = self { return true } else { return false } }
    public var isConflict: Bool { if case .conflict = self { return true } else { return false } }
    public var isGone: Bool { if case .gone = self { return true } else { return false } }
    public var isInvalid: Bool { if case .invalid = self { return true } else { return false } }
    public var isForbidden: Bool { if case .forbidden = self { return true } else { return false } }
    public var isUnauthorized: Bool { if case .unauthorized = self { return true } else { return false } }
    public var isTooManyRequests: Bool {
        if case .tooManyRequests = self { return true } else { return false }
    }
    public var isServerError: Bool { if case .serverError = self { return true } else { return false } }

    /// The field causes of an Invalid or a field-manager Conflict, empty otherwise.
    public var causes: [StatusCause] { status.details?.causes ?? [] }

    public var description: String {
        switch self {
        case .transport(let error): return error.description
        case .decoding(let message): return "cannot read the API server's answer: \(message)"
        case .invalidRequest(let message): return message
        default:
            let status = status
            var text = status.description
            let fields = causes.compactMap { cause in
                cause.field.map { "\($0): \(cause.message ?? cause.reason ?? "invalid")" }
            }
            if !fields.isEmpty, status.message?.contains(fields[0]) != true {
                text += " [" + fields.joined(separator: "; ") + "]"
            }
            return text
        }
    }
}

extension KubeAPIError {
    /// The error for a non-2xx response: its body's Status when it is one, else one synthesized from
    /// the HTTP code, as client-go does for proxies and load balancers that answer with HTML or text.
    init(response: HTTPResponse) {
        let retryAfter = response.header("Retry-After").flatMap(Self.parseRetryAfter)
        if let value = try? JSONValue(parsing: response.body), value["kind"]?.stringValue == "Status",
            var status = try? value.decode(Status.self)
        {
            if status.code == nil || status.code == 0 { status.code = response.status }
            self.init(status: status, retryAfter: retryAfter)
            return
        }
        self.init(status: Self.synthesizedStatus(code: response.status, body: response.body), retryAfter: retryAfter)
    }

    /// A Status for an answer that did not carry one, with the reason apimachinery gives the code.
    static func synthesizedStatus(code: Int, body: [UInt8]) -> Status {
        let reason: String
        switch code {
        case 400: reason = "BadRequest"
        case 401: reason = "Unauthorized"
        case 403: reason = "Forbidden"
        case 404: reason = "NotFound"
        case 405: reason = "MethodNotAllowed"
        case 406: reason = "NotAcceptable"
        case 409: reason = "Conflict"
        case 410: reason = "Gone"
        case 413: reason = "RequestEntityTooLarge"
        case 415: reason = "UnsupportedMediaType"
        case 422: reason = "Invalid"
        case 429: reason = "TooManyRequests"
        case 504: reason = "Timeout"
        case 503: reason = "ServiceUnavailable"
        default: reason = code >= 500 ? "InternalError" : "Unknown"
        }
        let text = String(decoding: body.prefix(512), as: UTF8.self)
            .trimmingWhitespace()
        let message = text.isEmpty
            ? "the server responded with HTTP \(code)"
            : "the server responded with HTTP \(code): \(text)"
        return Status(message: message, reason: reason, code: code)
    }

    /// `Retry-After` in seconds (the API server never sends the HTTP-date form).
    static func parseRetryAfter(_ value: String) -> Duration? {
        guard let seconds = Int(value.trimmingWhitespace()), seconds >= 0 else { return nil }
        return .seconds(seconds)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }),
            let end = lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[start...end])
    }
}
