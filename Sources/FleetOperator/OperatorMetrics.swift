import CoreMetrics
import Synchronization

/// aifleet's own metrics (DESIGN.md): `aifleet_estimated_hourly_cost_dollars`,
/// `aifleet_drift_corrections_total` and `aifleet_policy_violations`, per custom resource with its
/// team and cost-center labels so a bill can be split the way the pods are labelled.
final class OperatorMetrics: Sendable {
    struct Subject: Hashable, Sendable {
        var kind: String
        var namespace: String
        var name: String
        var team: String
        var costCenter: String

        var dimensions: [(String, String)] {
            [("kind", kind), ("namespace", namespace), ("name", name), ("team", team), ("cost_center", costCenter)]
        }
    }

    private let factory: any MetricsFactory
    /// The subjects whose gauges were set, so they can be removed when the resource goes.
    private let published = Mutex<[String: Subject]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// Sets the estimated hourly cost and the number of policy violations of a custom resource.
    func publish(_ subject: Subject, hourlyCost: Double, violations: Int) {
        let key = "\(subject.kind)/\(subject.namespace)/\(subject.name)"
        let previous = published.withLock { $0.updateValue(subject, forKey: key) }
        // A changed team label is a new series: drop the old one.
        if let previous, previous != subject { destroy(previous) }
        Gauge(label: "aifleet_estimated_hourly_cost_dollars", dimensions: subject.dimensions, factory: factory)
            .record(hourlyCost)
        Gauge(label: "aifleet_policy_violations", dimensions: subject.dimensions, factory: factory)
            .record(violations)
    }

    /// Removes the gauges of a custom resource that is gone.
    func remove(kind: String, namespace: String, name: String) {
        let key = "\(kind)/\(namespace)/\(name)"
        if let subject = published.withLock({ $0.removeValue(forKey: key) }) { destroy(subject) }
    }

    /// Counts a child put back after someone changed it behind the operator's back.
    func driftCorrected(kind: String, namespace: String) {
        Counter(
            label: "aifleet_drift_corrections_total", dimensions: [("kind", kind), ("namespace", namespace)],
            factory: factory
        ).increment()
    }

    private func destroy(_ subject: Subject) {
        Gauge(label: "aifleet_estimated_hourly_cost_dollars", dimensions: subject.dimensions, factory: factory).destroy()
        Gauge(label: "aifleet_policy_violations", dimensions: subject.dimensions, factory: factory).destroy()
    }
}
