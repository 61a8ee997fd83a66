import Fleet
import FleetOperator
import KubeClient
import KubeCore
import KubeRuntime
import Testing

@Suite("Operator end to end against KubeSim", .timeLimit(.minutes(3)))
struct OperatorEndToEndTests {
    static let workloads = [
        "examples/inferenceservice-critical-gpu.yaml", "examples/inferenceservice-scale-to-zero.yaml",
        "examples/trainingjob-spot-multiworker.yaml", "examples/featurestore.yaml",
    ]
    static let policies = ["examples/fleetpolicy-default.yaml", "examples/fleetpolicy-team-budgets.yaml"]

    @Test("each example gets exactly its expected children, with cost labels and owner references, and becomes Ready")
    func examplesConverge() async throws {
        let harness = try await OperatorHarness.start()
        defer { Task { await harness.stop() } }
        try await harness.startOperator()
        var policies: [FleetPolicy] = []
        for file in Self.policies {
            policies += try await harness.create(file).map { try $0.decode(FleetPolicy.self) }
        }
        let policy = EffectivePolicy(merging: policies)
        for file in Self.workloads {
            for resource in try await harness.create(file) {
                let uid = try #require(resource[path: "metadata", "uid"]?.stringValue)
                let expected = Expansion.expand(
                    try FleetResource(json: resource).withCRDDefaults(), policy: policy, capabilities: [])
                let expectedNames = Set(expected.map(\.reference))
                let converged = await OperatorHarness.eventually {
                    let names = Set(try await harness.children(ownedBy: uid).map { "\($0["kind"]?.stringValue ?? "")/\($0.objectName ?? "")" })
                    return names == expectedNames
                }
                #expect(converged, "\(file): children \(expectedNames)")
                for child in try await harness.children(ownedBy: uid) {
                    let labels = child.objectLabels
                    #expect(labels[FleetLabels.team] == resource.objectLabels[FleetLabels.team], "\(file): team label")
                    #expect(labels[FleetLabels.costCenter] == resource.objectLabels[FleetLabels.costCenter])
                    #expect(child.controllerOwner?.kind == resource["kind"]?.stringValue)
                }
                let ready = await OperatorHarness.eventually {
                    try await harness.condition("Ready", of: resource)?["status"]?.stringValue == "True"
                }
                #expect(ready, "\(file) becomes Ready")
            }
        }
    }

    @Test("a workload's estimated cost and violations are gauges with its team's labels, removed when it goes")
    func costGauges() async throws {
        let harness = try await OperatorHarness.start()
        defer { Task { await harness.stop() } }
        let gauges = ObjectGauges()
        try await harness.startOperator(objectGauges: gauges)
        let resource = try #require(try await harness.create("examples/inferenceservice-critical-gpu.yaml").first)
        let name = try #require(resource.objectName)
        let namespace = try #require(resource.objectNamespace)
        let labels = [
            ("kind", "InferenceService"), ("namespace", namespace), ("name", name),
            ("team", resource.objectLabels[FleetLabels.team] ?? ""),
            ("cost_center", resource.objectLabels[FleetLabels.costCenter] ?? ""),
        ]
        #expect(await OperatorHarness.eventually {
            (gauges.value("aifleet_estimated_hourly_cost_dollars", labels: labels) ?? 0) > 0
                && gauges.value("aifleet_policy_violations", labels: labels) == 0
        })
        _ = try await harness.client.delete(InferenceService.descriptor, name: name, namespace: namespace)
        #expect(await OperatorHarness.eventually {
            gauges.value("aifleet_estimated_hourly_cost_dollars", labels: labels) == nil
                && gauges.value("aifleet_policy_violations", labels: labels) == nil
        })
    }

    @Test("an invalid custom resource gets PolicyCompliant=False with field-level messages and no children")
    func invalidExampleIsRefused() async throws {
        let harness = try await OperatorHarness.start()
        defer { Task { await harness.stop() } }
        try await harness.startOperator()
        for file in Self.policies { try await harness.create(file) }
        let resource = try #require(try await harness.create("examples/invalid/privileged.yaml").first)
        let refused = await OperatorHarness.eventually {
            try await harness.condition("PolicyCompliant", of: resource)?["status"]?.stringValue == "False"
        }
        #expect(refused)
        let message = try await harness.condition("PolicyCompliant", of: resource)?["message"]?.stringValue ?? ""
        #expect(message.contains("securityContext"), "names the field: \(message)")
        try await Task.sleep(for: .milliseconds(300))
        let uid = try #require(resource[path: "metadata", "uid"]?.stringValue)
        #expect(try await harness.children(ownedBy: uid).isEmpty)
    }

    @Test("a restarted operator creates no duplicates and, once converged, makes no writes")
    func restartIsSilent() async throws {
        let harness = try await OperatorHarness.start()
        defer { Task { await harness.stop() } }
        try await harness.startOperator()
        for file in Self.policies + Self.workloads { try await harness.create(file) }
        let resources = try Self.workloads.flatMap { try OperatorHarness.documents($0) }
        let allReady = await OperatorHarness.eventually(timeout: .seconds(30)) {
            for resource in resources
            where try await harness.condition("Ready", of: resource)?["status"]?.stringValue != "True" {
                return false
            }
            return true
        }
        #expect(allReady)
        let childCount = try await Self.countChildren(harness)
        await harness.stopOperator()

        let before = harness.writes.writes
        try await harness.startOperator()
        // Give the new operator time to list, reconcile everything and settle.
        try await Task.sleep(for: .seconds(3))
        #expect(harness.writes.writes == before, "a converged fleet needs no writes after a restart")
        #expect(try await Self.countChildren(harness) == childCount, "no duplicates")
    }

    static func countChildren(_ harness: OperatorHarness) async throws -> Int {
        var count = 0
        for kind in ChildKind.all where kind != ChildKind.scaledObject {
            count += try await harness.client.list(kind, options: ListOptions(labelSelector: "app.kubernetes.io/managed-by=aifleet")).items.count
        }
        return count
    }
}
