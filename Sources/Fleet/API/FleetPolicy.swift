public import KubeCore

/// A FleetPolicy (`aifleet.dev/v1alpha1`, cluster-scoped): the platform team's rules and prices.
/// Every field is optional; several policies merge into an ``EffectivePolicy`` (see
/// docs/fleetpolicy.md). See crds/aifleet.dev_fleetpolicies.yaml.
public struct FleetPolicy: KubernetesResource, Hashable {
    public static let descriptor = ResourceDescriptor(
        kind: GroupVersionKind(group: FleetAPI.group, version: FleetAPI.version, kind: "FleetPolicy"),
        plural: "fleetpolicies", namespaced: false)

    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: FleetPolicySpec
    public var status: FleetPolicyStatus?

    public init(metadata: ObjectMeta, spec: FleetPolicySpec, status: FleetPolicyStatus? = nil) {
        self.apiVersion = Self.apiVersion
        self.kind = Self.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// The rules and prices of one FleetPolicy.
public struct FleetPolicySpec: Codable, Sendable, Hashable {
    /// Merge order: higher first, then by name. 0 by default.
    public var priority: Int32?
    public var enforcement: Enforcement?
    public var requiredLabels: [String]?
    public var gpuClasses: [GPUClass]?
    /// Namespaces that may use GPUs; `ml-*` matches a prefix. Every namespace when unset.
    public var gpuNamespaces: [String]?
    public var spot: SpotSettings?
    public var prices: Prices?
    public var limits: Limits?
    public var namespaceBudgets: [NamespaceBudget]?
    public var defaults: PolicyDefaults?
    public var drift: DriftHandling?

    public init(
        priority: Int32? = nil, enforcement: Enforcement? = nil, requiredLabels: [String]? = nil,
        gpuClasses: [GPUClass]? = nil, gpuNamespaces: [String]? = nil, spot: SpotSettings? = nil,
        prices: Prices? = nil, limits: Limits? = nil, namespaceBudgets: [NamespaceBudget]? = nil,
        defaults: PolicyDefaults? = nil, drift: DriftHandling? = nil
    ) {
        self.priority = priority
        self.enforcement = enforcement
        self.requiredLabels = requiredLabels
        self.gpuClasses = gpuClasses
        self.gpuNamespaces = gpuNamespaces
        self.spot = spot
        self.prices = prices
        self.limits = limits
        self.namespaceBudgets = namespaceBudgets
        self.defaults = defaults
        self.drift = drift
    }
}

/// What happens to a resource that violates the policy.
public enum Enforcement: String, Codable, Sendable, Hashable, CaseIterable {
    /// Not expanded; its PolicyCompliant condition lists the violations.
    case enforce
    /// Expanded anyway; the condition still lists them.
    case warn
}

/// A GPU type resources may ask for, with its price and placement.
public struct GPUClass: Codable, Sendable, Hashable {
    public var name: String
    /// On-demand US dollars per GPU-hour.
    public var hourlyPrice: Double
    public var nodeSelector: [String: String]?
    public var tolerations: [Toleration]?

    public init(name: String, hourlyPrice: Double, nodeSelector: [String: String]? = nil, tolerations: [Toleration]? = nil) {
        self.name = name
        self.hourlyPrice = hourlyPrice
        self.nodeSelector = nodeSelector
        self.tolerations = tolerations
    }
}

/// Where spot workloads run and how much cheaper they are.
public struct SpotSettings: Codable, Sendable, Hashable {
    public var nodeSelector: [String: String]?
    public var tolerations: [Toleration]?
    /// Fraction off on-demand prices, 0...1.
    public var discount: Double?

    public init(nodeSelector: [String: String]? = nil, tolerations: [Toleration]? = nil, discount: Double? = nil) {
        self.nodeSelector = nodeSelector
        self.tolerations = tolerations
        self.discount = discount
    }
}

/// On-demand cpu and memory prices, US dollars per hour.
public struct Prices: Codable, Sendable, Hashable {
    public var cpuHourly: Double?
    public var memoryGiBHourly: Double?

    public init(cpuHourly: Double? = nil, memoryGiBHourly: Double? = nil) {
        self.cpuHourly = cpuHourly
        self.memoryGiBHourly = memoryGiBHourly
    }
}

/// Caps on every single resource.
public struct Limits: Codable, Sendable, Hashable {
    public var maxHourlySpendPerService: Double?
    public var maxReplicas: Int32?

    public init(maxHourlySpendPerService: Double? = nil, maxReplicas: Int32? = nil) {
        self.maxHourlySpendPerService = maxHourlySpendPerService
        self.maxReplicas = maxReplicas
    }
}

/// The budget of one namespace: a ResourceQuota and LimitRange there, and a spend check.
public struct NamespaceBudget: Codable, Sendable, Hashable {
    public var namespace: String
    public var maxGPUs: Int32?
    public var maxHourlySpend: Double?

    public init(namespace: String, maxGPUs: Int32? = nil, maxHourlySpend: Double? = nil) {
        self.namespace = namespace
        self.maxGPUs = maxGPUs
        self.maxHourlySpend = maxHourlySpend
    }
}

/// Values used when a resource leaves them unset.
public struct PolicyDefaults: Codable, Sendable, Hashable {
    public var scaleToZero: Bool?
    public var idleAfter: String?
    public var spot: Bool?
    public var ttlAfterFinished: String?
    public var cpu: Quantity?
    public var memory: Quantity?
    public var prometheusAddress: String?
    public var concurrencyMetric: String?

    public init(
        scaleToZero: Bool? = nil, idleAfter: String? = nil, spot: Bool? = nil, ttlAfterFinished: String? = nil,
        cpu: Quantity? = nil, memory: Quantity? = nil, prometheusAddress: String? = nil, concurrencyMetric: String? = nil
    ) {
        self.scaleToZero = scaleToZero
        self.idleAfter = idleAfter
        self.spot = spot
        self.ttlAfterFinished = ttlAfterFinished
        self.cpu = cpu
        self.memory = memory
        self.prometheusAddress = prometheusAddress
        self.concurrencyMetric = concurrencyMetric
    }
}

/// What the operator does about hand edits of child objects.
public struct DriftHandling: Codable, Sendable, Hashable {
    public var security: DriftAction?
    public var performance: DriftAction?

    public init(security: DriftAction? = nil, performance: DriftAction? = nil) {
        self.security = security
        self.performance = performance
    }
}

/// Revert a drifted field, or only report it (an event and a condition).
public enum DriftAction: String, Codable, Sendable, Hashable, CaseIterable {
    case revert, report
}

/// The observed state of a FleetPolicy.
public struct FleetPolicyStatus: Codable, Sendable, Hashable {
    public var observedGeneration: Int64?
    public var conditions: [Condition]?
    public var gpuClasses: Int32?
    public var violations: Int32?
    public var cost: HourlyCostStatus?

    public init(
        observedGeneration: Int64? = nil, conditions: [Condition]? = nil, gpuClasses: Int32? = nil,
        violations: Int32? = nil, cost: HourlyCostStatus? = nil
    ) {
        self.observedGeneration = observedGeneration
        self.conditions = conditions
        self.gpuClasses = gpuClasses
        self.violations = violations
        self.cost = cost
    }
}
