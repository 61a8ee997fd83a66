/// coordination.k8s.io/v1 Lease: the lock leader election takes and renews.
public struct Lease: KubernetesResource, Hashable {
    public static let descriptor = ResourceDescriptor(
        kind: GroupVersionKind(group: "coordination.k8s.io", version: "v1", kind: "Lease"), plural: "leases",
        namespaced: true)

    /// `coordination.k8s.io/v1`, set by the initializer; items of a list read from the API server omit it.
    public var apiVersion: String?
    /// `Lease`, set by the initializer; items of a list read from the API server omit it.
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: LeaseSpec?

    public init(metadata: ObjectMeta = ObjectMeta(), spec: LeaseSpec? = nil) {
        apiVersion = Self.apiVersion
        kind = Self.kind
        self.metadata = metadata
        self.spec = spec
    }
}

/// coordination.k8s.io/v1 LeaseSpec. Times are MicroTime strings (RFC 3339 with microseconds).
public struct LeaseSpec: Codable, Sendable, Hashable {
    public var holderIdentity: String?
    /// How long a candidate waits after `renewTime` before it may take the lease.
    public var leaseDurationSeconds: Int32?
    public var acquireTime: String?
    public var renewTime: String?
    /// Incremented each time the holder changes.
    public var leaseTransitions: Int32?
    public var strategy: String?
    public var preferredHolder: String?

    public init(
        holderIdentity: String? = nil, leaseDurationSeconds: Int32? = nil, acquireTime: String? = nil,
        renewTime: String? = nil, leaseTransitions: Int32? = nil, strategy: String? = nil,
        preferredHolder: String? = nil
    ) {
        self.holderIdentity = holderIdentity
        self.leaseDurationSeconds = leaseDurationSeconds
        self.acquireTime = acquireTime
        self.renewTime = renewTime
        self.leaseTransitions = leaseTransitions
        self.strategy = strategy
        self.preferredHolder = preferredHolder
    }
}
