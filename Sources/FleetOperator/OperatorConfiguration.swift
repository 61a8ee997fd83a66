public import CoreMetrics
public import KubeRuntime
public import Logging

/// How the operator runs. Every property has a default suited to production.
public struct OperatorConfiguration: Sendable {
    /// Watch only this namespace; all namespaces when nil (the default).
    public var namespace: String?
    /// Concurrent reconciles per kind. Default 4.
    public var workers = 4
    /// How often discovery is asked again whether KEDA and Kueue are served. Default 5 minutes.
    public var capabilityRecheckInterval: Duration = .seconds(300)
    /// How often a FleetPolicy's fleet-wide status figures (violations, cost) are refreshed.
    /// Default 60 seconds.
    public var policyStatusRefreshInterval: Duration = .seconds(60)
    /// How often a workload looks again at a child another object controls (whose events reach
    /// that object's controller, not the workload's), to make the child once it is free.
    /// Default 30 seconds.
    public var childConflictRecheckInterval: Duration = .seconds(30)
    /// The field manager of every apply. Default `aifleet`.
    public var fieldManager = "aifleet"
    /// Where the reconcile, work-queue and aifleet metrics go. Default: `MetricsSystem.factory`.
    public var metricsFactory: any MetricsFactory = MetricsSystem.factory
    /// Where the gauges with a series per custom resource go (estimated hourly cost, policy
    /// violations); serve them by passing the same instance to the ``KubeRuntime/Manager``.
    public var objectGauges = ObjectGauges()
    /// Clock for requeues and durations.
    public var clock: any RuntimeClock = SystemClock()
    /// The operator's logger.
    public var logger = Logger(label: "aifleet.operator")

    public init(namespace: String? = nil, workers: Int = 4) {
        self.namespace = namespace
        self.workers = workers
    }
}
