/// policy/v1 PodDisruptionBudget: limits how many pods voluntary disruptions (drains) may take down at once.
public struct PodDisruptionBudget: KubernetesResource, Hashable {
    public static let descriptor = ResourceDescriptor(
        kind: GroupVersionKind(group: "policy", version: "v1", kind: "PodDisruptionBudget"), plural: "poddisruptionbudgets",
        namespaced: true)

    /// `policy/v1`, set by the initializer; items of a list read from the API server omit it.
    public var apiVersion: String?
    /// `PodDisruptionBudget`, set by the initializer; items of a list read from the API server omit it.
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: PodDisruptionBudgetSpec?
    public var status: PodDisruptionBudgetStatus?

    public init(
        metadata: ObjectMeta = ObjectMeta(), spec: PodDisruptionBudgetSpec? = nil,
        status: PodDisruptionBudgetStatus? = nil
    ) {
        apiVersion = Self.apiVersion
        kind = Self.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// policy/v1 PodDisruptionBudgetSpec: set one of `minAvailable` and `maxUnavailable`.
public struct PodDisruptionBudgetSpec: Codable, Sendable, Hashable {
    public var minAvailable: IntOrString?
    public var maxUnavailable: IntOrString?
    /// An empty selector selects every pod of the namespace.
    public var selector: LabelSelector?
    /// `IfHealthyBudget` (the default) or `AlwaysAllow`.
    public var unhealthyPodEvictionPolicy: String?

    public init(
        minAvailable: IntOrString? = nil, maxUnavailable: IntOrString? = nil, selector: LabelSelector? = nil,
        unhealthyPodEvictionPolicy: String? = nil
    ) {
        self.minAvailable = minAvailable
        self.maxUnavailable = maxUnavailable
        self.selector = selector
        self.unhealthyPodEvictionPolicy = unhealthyPodEvictionPolicy
    }
}

/// policy/v1 PodDisruptionBudgetStatus.
public struct PodDisruptionBudgetStatus: Codable, Sendable, Hashable {
    public var observedGeneration: Int64?
    public var disruptedPods: [String: String]?
    public var disruptionsAllowed: Int32?
    public var currentHealthy: Int32?
    public var desiredHealthy: Int32?
    public var expectedPods: Int32?
    public var conditions: [Condition]?

    public init(
        observedGeneration: Int64? = nil, disruptedPods: [String: String]? = nil,
        disruptionsAllowed: Int32? = nil, currentHealthy: Int32? = nil, desiredHealthy: Int32? = nil,
        expectedPods: Int32? = nil, conditions: [Condition]? = nil
    ) {
        self.observedGeneration = observedGeneration
        self.disruptedPods = disruptedPods
        self.disruptionsAllowed = disruptionsAllowed
        self.currentHealthy = currentHealthy
        self.desiredHealthy = desiredHealthy
        self.expectedPods = expectedPods
        self.conditions = conditions
    }
}
