import CoreMetrics

/// controller-runtime's reconcile metrics, so existing dashboards work:
/// `controller_runtime_reconcile_total{controller,result}`,
/// `controller_runtime_reconcile_errors_total{controller}`,
/// `controller_runtime_reconcile_time_seconds{controller}` and
/// `controller_runtime_active_workers{controller}`.
struct ControllerMetrics: Sendable {
    enum Outcome: String, CaseIterable {
        case success
        case error
        case requeue
        case requeueAfter = "requeue_after"
    }

    private let totals: [Outcome: Counter]
    private let errors: Counter
    private let time: Timer
    private let activeWorkers: Gauge

    init(controller: String, factory: any MetricsFactory) {
        var totals: [Outcome: Counter] = [:]
        for outcome in Outcome.allCases {
            totals[outcome] = Counter(
                label: "controller_runtime_reconcile_total",
                dimensions: [("controller", controller), ("result", outcome.rawValue)], factory: factory)
        }
        self.totals = totals
        errors = Counter(
            label: "controller_runtime_reconcile_errors_total", dimensions: [("controller", controller)], factory: factory)
        time = Timer(
            label: "controller_runtime_reconcile_time_seconds", dimensions: [("controller", controller)],
            preferredDisplayUnit: .seconds, factory: factory)
        activeWorkers = Gauge(
            label: "controller_runtime_active_workers", dimensions: [("controller", controller)], factory: factory)
    }

    func record(_ outcome: Outcome, duration: Duration) {
        totals[outcome]?.increment()
        if outcome == .error { errors.increment() }
        let (seconds, attoseconds) = duration.components
        time.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    func workers(_ count: Int) {
        activeWorkers.record(count)
    }
}
