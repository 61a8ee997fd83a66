public import KubeCore

/// The policy in force: every FleetPolicy merged, and every value resolved.
///
/// ## Merge rule (docs/fleetpolicy.md)
/// Policies are ordered by `spec.priority`, highest first, then by `metadata.name`. Then:
/// - a single value (enforcement's fallback, prices, spot discount, defaults, drift) - the first
///   policy in that order that sets it wins;
/// - lists and maps (requiredLabels, gpuNamespaces, spot node selector and tolerations) - the union;
///   `gpuClasses` - the union by name, the first policy's class winning for a name;
/// - caps (`limits.*`, each namespace budget's fields) - the strictest (smallest) value set;
/// - `enforcement` and `drift` - the stricter: `enforce` over `warn`, `revert` over `report`.
///
/// A single value that no policy sets takes the built-in default's (``FleetPolicySpec/builtInDefault``).
/// With no policy at all the built-in default applies as a whole; the built-in lists are not added
/// to those of real policies.
public struct EffectivePolicy: Sendable, Hashable {
    public var enforcement: Enforcement
    /// Sorted.
    public var requiredLabels: [String]
    /// Sorted by name.
    public var gpuClasses: [GPUClass]
    /// Namespaces (or `prefix*` patterns) that may use GPUs; nil lets every namespace.
    public var gpuNamespaces: [String]?
    public var spotNodeSelector: [String: String]
    public var spotTolerations: [Toleration]
    public var spotDiscount: Double
    public var cpuHourly: Double
    public var memoryGiBHourly: Double
    public var maxHourlySpendPerService: Double
    public var maxReplicas: Int32
    /// Sorted by namespace.
    public var namespaceBudgets: [NamespaceBudget]
    public var defaultScaleToZero: Bool
    public var defaultIdleAfter: String
    public var defaultSpot: Bool
    public var defaultTTLAfterFinished: String
    public var defaultCPU: Quantity
    public var defaultMemory: Quantity
    public var prometheusAddress: String
    public var concurrencyMetric: String
    public var securityDrift: DriftAction
    public var performanceDrift: DriftAction
    /// Names of the policies merged, in merge order; empty for the built-in default.
    public var sources: [String]

    /// The built-in default policy.
    public static let builtIn = EffectivePolicy(merging: [])

    /// Merges `policies` by the rule above; the built-in default when there are none.
    public init(merging policies: [FleetPolicy]) {
        let ordered = policies.sorted { a, b in
            let (pa, pb) = (a.spec.priority ?? 0, b.spec.priority ?? 0)
            if pa != pb { return pa > pb }
            return (a.metadata.name ?? "") < (b.metadata.name ?? "")
        }
        let fallback = FleetPolicySpec.builtInDefault
        let specs = ordered.isEmpty ? [fallback] : ordered.map(\.spec)
        func first<T>(_ value: (FleetPolicySpec) -> T?) -> T? { specs.lazy.compactMap(value).first ?? value(fallback) }
        func smallest<T: Comparable>(_ value: (FleetPolicySpec) -> T?) -> T? { specs.compactMap(value).min() ?? value(fallback) }

        enforcement = specs.contains { $0.enforcement == .enforce } ? .enforce : first(\.enforcement) ?? .enforce
        requiredLabels = Array(Set(specs.flatMap { $0.requiredLabels ?? [] })).sorted()
        var classes: [String: GPUClass] = [:]
        for spec in specs.reversed() { for gpuClass in spec.gpuClasses ?? [] { classes[gpuClass.name] = gpuClass } }
        gpuClasses = classes.values.sorted { $0.name < $1.name }
        let namespaces = specs.compactMap(\.gpuNamespaces)
        gpuNamespaces = namespaces.isEmpty ? nil : Array(Set(namespaces.joined())).sorted()
        var selector: [String: String] = [:]
        for spec in specs.reversed() { selector.merge(spec.spot?.nodeSelector ?? [:]) { _, higher in higher } }
        spotNodeSelector = selector
        var tolerations: [Toleration] = []
        for toleration in specs.flatMap({ $0.spot?.tolerations ?? [] }) where !tolerations.contains(toleration) {
            tolerations.append(toleration)
        }
        spotTolerations = tolerations
        spotDiscount = first { $0.spot?.discount } ?? 0
        cpuHourly = first { $0.prices?.cpuHourly } ?? 0
        memoryGiBHourly = first { $0.prices?.memoryGiBHourly } ?? 0
        maxHourlySpendPerService = smallest { $0.limits?.maxHourlySpendPerService } ?? .infinity
        maxReplicas = smallest { $0.limits?.maxReplicas } ?? .max
        namespaceBudgets = Self.strictestBudgets(specs.flatMap { $0.namespaceBudgets ?? [] })
        defaultScaleToZero = first { $0.defaults?.scaleToZero } ?? true
        defaultIdleAfter = first { $0.defaults?.idleAfter } ?? "15m"
        defaultSpot = first { $0.defaults?.spot } ?? true
        defaultTTLAfterFinished = first { $0.defaults?.ttlAfterFinished } ?? "1h"
        defaultCPU = first { $0.defaults?.cpu } ?? "500m"
        defaultMemory = first { $0.defaults?.memory } ?? "1Gi"
        prometheusAddress = first { $0.defaults?.prometheusAddress } ?? ""
        concurrencyMetric = first { $0.defaults?.concurrencyMetric } ?? "aifleet_inflight_requests"
        securityDrift = Self.stricter(specs.compactMap { $0.drift?.security }) ?? first { $0.drift?.security } ?? .revert
        performanceDrift = Self.stricter(specs.compactMap { $0.drift?.performance }) ?? first { $0.drift?.performance } ?? .report
        sources = ordered.compactMap { $0.metadata.name }
    }

    /// One budget per namespace, each field the smallest any policy sets.
    private static func strictestBudgets(_ budgets: [NamespaceBudget]) -> [NamespaceBudget] {
        var merged: [String: NamespaceBudget] = [:]
        for budget in budgets {
            var current = merged[budget.namespace] ?? NamespaceBudget(namespace: budget.namespace)
            current.maxGPUs = [current.maxGPUs, budget.maxGPUs].compactMap { $0 }.min()
            current.maxHourlySpend = [current.maxHourlySpend, budget.maxHourlySpend].compactMap { $0 }.min()
            merged[budget.namespace] = current
        }
        return merged.values.sorted { $0.namespace < $1.namespace }
    }

    private static func stricter(_ actions: [DriftAction]) -> DriftAction? {
        actions.isEmpty ? nil : actions.contains(.revert) ? .revert : .report
    }

    // MARK: Lookups

    /// The GPU class named `name`, if the policy has one.
    public func gpuClass(named name: String) -> GPUClass? {
        gpuClasses.first { $0.name == name }
    }

    /// Whether resources in `namespace` may use GPUs.
    public func allowsGPUs(inNamespace namespace: String) -> Bool {
        guard let patterns = gpuNamespaces else { return true }
        return patterns.contains { pattern in
            pattern.hasSuffix("*") ? namespace.hasPrefix(pattern.dropLast()) : namespace == pattern
        }
    }

    /// The budget of `namespace`, if any policy sets one.
    public func budget(forNamespace namespace: String) -> NamespaceBudget? {
        namespaceBudgets.first { $0.namespace == namespace }
    }
}
