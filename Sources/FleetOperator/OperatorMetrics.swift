import CoreMetrics
import KubeRuntime
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

        var labels: [(String, String)] {
            [("kind", kind), ("namespace", namespace), ("name", name), ("team", team), ("cost_center", costCenter)]
        }
    }

    static let hourlyCost = "aifleet_estimated_hourly_cost_dollars"
    static let violations = "aifleet_policy_violations"

    private let factory: any MetricsFactory
    /// The per-resource gauges: a series per custom resource, which the factory's Prometheus
    /// registry would add in time proportional to the series already there (see ObjectGauges).
    let gauges: ObjectGauges
    /// The subjects whose gauges were set, so they can be removed when the resource goes.
    private let published = Mutex<[String: Subject]>([:])

    init(factory: any MetricsFactory, gauges: ObjectGauges) {
        self.factory = factory
        self.gauges = gauges
    }

    /// Sets the estimated hourly cost and the number of policy violations of a custom resource.
    func publish(_ subject: Subject, hourlyCost: Double, violations: Int) {
        let key = "\(subject.kind)/\(subject.namespace)/\(subject.name)"
        let previous = published.withLock { $0.updateValue(subject, forKey: key) }
        // A changed team label is a new series: drop the old one.
        if let previous, previous != subject { destroy(previous) }
        gauges.set(
            Self.hourlyCost, help: "Estimated hourly cost of the aifleet resource at its current scale, in dollars.",
            labels: subject.labels, to: hourlyCost)
        gauges.set(
            Self.violations, help: "Rules of the merged FleetPolicy the aifleet resource violates now.",
            labels: subject.labels, to: Double(violations))
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
        gauges.remove(Self.hourlyCost, labels: subject.labels)
        gauges.remove(Self.violations, labels: subject.labels)
    }
}
