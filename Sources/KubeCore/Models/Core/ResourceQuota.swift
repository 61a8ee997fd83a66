/// core/v1 ResourceQuota: caps the total resources a namespace may use.
public struct ResourceQuota: KubernetesResource, Hashable {
    public static let descriptor = ResourceDescriptor(
        kind: GroupVersionKind(group: "", version: "v1", kind: "ResourceQuota"), plural: "resourcequotas",
        namespaced: true)

    /// `v1`, set by the initializer; items of a list read from the API server omit it.
    public var apiVersion: String?
    /// `ResourceQuota`, set by the initializer; items of a list read from the API server omit it.
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: ResourceQuotaSpec?
    public var status: ResourceQuotaStatus?

    public init(
        metadata: ObjectMeta = ObjectMeta(), spec: ResourceQuotaSpec? = nil,
        status: ResourceQuotaStatus? = nil
    ) {
        apiVersion = Self.apiVersion
        kind = Self.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// core/v1 ResourceQuotaSpec.
public struct ResourceQuotaSpec: Codable, Sendable, Hashable {
    /// e.g. `requests.nvidia.com/gpu`, `limits.memory`, `count/deployments.apps`.
    public var hard: [String: Quantity]?
    public var scopes: [String]?
    public var scopeSelector: JSONValue?

    public init(hard: [String: Quantity]? = nil, scopes: [String]? = nil, scopeSelector: JSONValue? = nil) {
        self.hard = hard
        self.scopes = scopes
        self.scopeSelector = scopeSelector
    }
}

/// core/v1 ResourceQuotaStatus: the enforced limits and current use.
public struct ResourceQuotaStatus: Codable, Sendable, Hashable {
    public var hard: [String: Quantity]?
    public var used: [String: Quantity]?

    public init(hard: [String: Quantity]? = nil, used: [String: Quantity]? = nil) {
        self.hard = hard
        self.used = used
    }
}

/// core/v1 LimitRange: per-object bounds and defaults in a namespace.
public struct LimitRange: KubernetesResource, Hashable {
    public static let descriptor = ResourceDescriptor(
        kind: GroupVersionKind(group: "", version: "v1", kind: "LimitRange"), plural: "limitranges",
        namespaced: true)

    /// `v1`, set by the initializer; items of a list read from the API server omit it.
    public var apiVersion: String?
    /// `LimitRange`, set by the initializer; items of a list read from the API server omit it.
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: LimitRangeSpec?

    public init(metadata: ObjectMeta = ObjectMeta(), spec: LimitRangeSpec? = nil) {
        apiVersion = Self.apiVersion
        kind = Self.kind
        self.metadata = metadata
        self.spec = spec
    }
}

/// core/v1 LimitRangeSpec.
public struct LimitRangeSpec: Codable, Sendable, Hashable {
    public var limits: [LimitRangeItem]

    public init(limits: [LimitRangeItem]) {
        self.limits = limits
    }
}

/// core/v1 LimitRangeItem: bounds for one type of object.
public struct LimitRangeItem: Codable, Sendable, Hashable {
    /// `Container`, `Pod` or `PersistentVolumeClaim`.
    public var type: String
    public var max: [String: Quantity]?
    public var min: [String: Quantity]?
    /// The limit given to a container that sets none.
    public var `default`: [String: Quantity]?
    /// The request given to a container that sets none.
    public var defaultRequest: [String: Quantity]?
    public var maxLimitRequestRatio: [String: Quantity]?

    public init(
        type: String, max: [String: Quantity]? = nil, min: [String: Quantity]? = nil,
        `default`: [String: Quantity]? = nil, defaultRequest: [String: Quantity]? = nil,
        maxLimitRequestRatio: [String: Quantity]? = nil
    ) {
        self.type = type
        self.max = max
        self.min = min
        self.`default` = `default`
        self.defaultRequest = defaultRequest
        self.maxLimitRequestRatio = maxLimitRequestRatio
    }
}
