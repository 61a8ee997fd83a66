/// core/v1 ConfigMap: non-secret configuration as key-value pairs.
public struct ConfigMap: KubernetesResource, Hashable {
    public static let descriptor = ResourceDescriptor(
        kind: GroupVersionKind(group: "", version: "v1", kind: "ConfigMap"), plural: "configmaps",
        namespaced: true)

    /// `v1`, set by the initializer; items of a list read from the API server omit it.
    public var apiVersion: String?
    /// `ConfigMap`, set by the initializer; items of a list read from the API server omit it.
    public var kind: String?
    public var metadata: ObjectMeta
    public var data: [String: String]?
    /// Base64-encoded values.
    public var binaryData: [String: String]?
    public var immutable: Bool?

    public init(
        metadata: ObjectMeta = ObjectMeta(), data: [String: String]? = nil,
        binaryData: [String: String]? = nil, immutable: Bool? = nil
    ) {
        apiVersion = Self.apiVersion
        kind = Self.kind
        self.metadata = metadata
        self.data = data
        self.binaryData = binaryData
        self.immutable = immutable
    }
}

/// core/v1 Secret: sensitive key-value pairs.
public struct Secret: KubernetesResource, Hashable {
    public static let descriptor = ResourceDescriptor(
        kind: GroupVersionKind(group: "", version: "v1", kind: "Secret"), plural: "secrets",
        namespaced: true)

    /// `v1`, set by the initializer; items of a list read from the API server omit it.
    public var apiVersion: String?
    /// `Secret`, set by the initializer; items of a list read from the API server omit it.
    public var kind: String?
    public var metadata: ObjectMeta
    /// e.g. `Opaque` (the default), `kubernetes.io/tls`, `kubernetes.io/dockerconfigjson`.
    public var type: String?
    /// Base64-encoded values.
    public var data: [String: String]?
    /// Write-only plain values, merged into `data` by the API server.
    public var stringData: [String: String]?
    public var immutable: Bool?

    public init(
        metadata: ObjectMeta = ObjectMeta(), type: String? = nil, data: [String: String]? = nil,
        stringData: [String: String]? = nil, immutable: Bool? = nil
    ) {
        apiVersion = Self.apiVersion
        kind = Self.kind
        self.metadata = metadata
        self.type = type
        self.data = data
        self.stringData = stringData
        self.immutable = immutable
    }
}
