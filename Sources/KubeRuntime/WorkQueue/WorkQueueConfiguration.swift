public import CoreMetrics

/// How a work queue is built: its name, its clock and where its metrics go.
///
/// Every property has a default, so `WorkQueueConfiguration()` is a nameless queue on the system
/// clock that records no metrics.
public struct WorkQueueConfiguration: Sendable {
    /// The queue's name, the `name` label of its `workqueue_*` metrics (controller-runtime uses the
    /// controller's name). Default: `""`.
    public var name: String
    /// The time source for delays and metric durations. Default: ``SystemClock``.
    public var clock: any RuntimeClock
    /// Where the queue's metrics go. Default: ``WorkQueueMetricsProvider/none``.
    public var metrics: WorkQueueMetricsProvider

    public init(
        name: String = "", clock: any RuntimeClock = SystemClock(), metrics: WorkQueueMetricsProvider = .none
    ) {
        self.name = name
        self.clock = clock
        self.metrics = metrics
    }
}

/// Chooses whether and where a queue records its `workqueue_*` metrics.
///
/// With ``none`` the queue neither reads the clock nor calls any metric handler on its hot paths, so
/// that benchmarks measure the queue and not the metrics.
public struct WorkQueueMetricsProvider: Sendable {
    let factory: (any MetricsFactory)?

    /// No metrics (the default).
    public static let none = WorkQueueMetricsProvider(factory: nil)

    /// The metrics go to `factory`; by default the one bootstrapped into `MetricsSystem` (the
    /// manager bootstraps a Prometheus backend there).
    public static func swiftMetrics(_ factory: (any MetricsFactory)? = nil) -> WorkQueueMetricsProvider {
        WorkQueueMetricsProvider(factory: factory ?? MetricsSystem.factory)
    }
}
