/// metav1.Status: how the API server reports a failed call (and some successful deletes).
public struct Status: Codable, Sendable, Hashable, Error, CustomStringConvertible {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    /// `Success` or `Failure`.
    public var status: String?
    public var message: String?
    /// Machine-readable reason, e.g. `NotFound`, `AlreadyExists`, `Conflict`, `Invalid`, `Expired`.
    public var reason: String?
    public var details: StatusDetails?
    /// The HTTP status code this Status was sent with.
    public var code: Int?

    public init(
        status: String? = "Failure", message: String? = nil, reason: String? = nil,
        details: StatusDetails? = nil, code: Int? = nil
    ) {
        self.apiVersion = "v1"
        self.kind = "Status"
        self.metadata = ListMeta()
        self.status = status
        self.message = message
        self.reason = reason
        self.details = details
        self.code = code
    }

    public var description: String {
        let reasonText = reason.map { " (\($0))" } ?? ""
        return "\(code.map(String.init) ?? "?")\(reasonText): \(message ?? "no message")"
    }
}

/// metav1.StatusDetails: which object a failure is about, and the causes of an Invalid.
public struct StatusDetails: Codable, Sendable, Hashable {
    public var name: String?
    public var group: String?
    /// For NotFound and AlreadyExists the plural resource (`deployments`); for Invalid the Kind.
    public var kind: String?
    public var uid: String?
    public var causes: [StatusCause]?
    /// Seconds a client should wait before retrying (429, some 5xx).
    public var retryAfterSeconds: Int?

    public init(
        name: String? = nil, group: String? = nil, kind: String? = nil, uid: String? = nil,
        causes: [StatusCause]? = nil, retryAfterSeconds: Int? = nil
    ) {
        self.name = name
        self.group = group
        self.kind = kind
        self.uid = uid
        self.causes = causes
        self.retryAfterSeconds = retryAfterSeconds
    }
}

/// metav1.StatusCause: one reason behind a failure, e.g. one invalid field.
public struct StatusCause: Codable, Sendable, Hashable {
    /// e.g. `FieldValueRequired`, `FieldValueInvalid`, `FieldManagerConflict`.
    public var reason: String?
    public var message: String?
    /// The field path, e.g. `spec.replicas` or `.spec.size` for a manager conflict.
    public var field: String?

    public init(reason: String? = nil, message: String? = nil, field: String? = nil) {
        self.reason = reason
        self.message = message
        self.field = field
    }
}
