/// core/v1 Namespace.
public struct Namespace: KubernetesResource, Hashable {
    public static let descriptor = ResourceDescriptor(
        kind: GroupVersionKind(group: "", version: "v1", kind: "Namespace"), plural: "namespaces",
        namespaced: false)

    /// `v1`, set by the initializer; items of a list read from the API server omit it.
    public var apiVersion: String?
    /// `Namespace`, set by the initializer; items of a list read from the API server omit it.
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: NamespaceSpec?
    public var status: NamespaceStatus?

    public init(
        metadata: ObjectMeta = ObjectMeta(), spec: NamespaceSpec? = nil, status: NamespaceStatus? = nil
    ) {
        apiVersion = Self.apiVersion
        kind = Self.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// core/v1 NamespaceSpec.
public struct NamespaceSpec: Codable, Sendable, Hashable {
    /// Emptied by the namespace controller before the namespace goes.
    public var finalizers: [String]?

    public init(finalizers: [String]? = nil) {
        self.finalizers = finalizers
    }
}

/// core/v1 NamespaceStatus.
public struct NamespaceStatus: Codable, Sendable, Hashable {
    /// `Active` or `Terminating`.
    public var phase: String?
    public var conditions: [JSONValue]?

    public init(phase: String? = nil, conditions: [JSONValue]? = nil) {
        self.phase = phase
        self.conditions = conditions
    }
}
