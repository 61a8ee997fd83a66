import Fleet
import FleetOperator
import KubeClient
import KubeCore
import KubeSim
import Testing

@Suite("Operator behaviour: drift, policy changes, deletion, faults", .timeLimit(.minutes(3)))
struct OperatorBehaviourTests {
    static let criticalService = "examples/inferenceservice-critical-gpu.yaml"
    static let scaleToZeroService = "examples/inferenceservice-scale-to-zero.yaml"

    /// A harness with both example policies, the operator, and `files` created and Ready.
    static func converged(_ files: [String], configure: (inout KubeSimConfiguration) -> Void = { _ in }) async throws -> (OperatorHarness, [JSONValue]) {
        let (harness, _) = try await OperatorHarness.startWithPolicies(configure)
        var resources: [JSONValue] = []
        for file in files { resources += try await harness.create(file) }
        let ready = await OperatorHarness.eventually(timeout: .seconds(30)) {
            for resource in resources
            where try await harness.condition("Ready", of: resource)?["status"]?.stringValue != "True" {
                return false
            }
            return true
        }
        #expect(ready, "the fleet converges")
        return (harness, resources)
    }

    @Test("a security-relevant field changed behind the operator's back is put back")
    func securityDriftIsReverted() async throws {
        let (harness, resources) = try await Self.converged([Self.criticalService])
        defer { Task { await harness.stop() } }
        let name = try #require(resources.first?.objectName)
        let image = try await Self.hijackImage(of: name, harness)
        #expect(await Self.imageRestored(to: image, of: name, harness))
    }

    /// The API server answers a write only after its watchers have heard of it, as a real one can:
    /// the operator's informer then delivers each of its writes before the write returns, and the
    /// Deployment's status update follows before the next reconcile. The operator must still count
    /// its own write as seen, or it takes every later difference, drift included, for that write
    /// still on its way, and neither puts it back nor reports it.
    @Test("drift is put back when the API server answers writes after their watch events")
    func securityDriftIsRevertedWhenResponsesLag() async throws {
        let (harness, resources) = try await Self.converged([Self.criticalService]) {
            $0.faults.responseLatency = .milliseconds(150)
        }
        defer { Task { await harness.stop() } }
        let name = try #require(resources.first?.objectName)
        let image = try await Self.hijackImage(of: name, harness)
        #expect(await Self.imageRestored(to: image, of: name, harness))
    }

    /// A container added to a managed Deployment is not the operator's to keep, even under
    /// `drift.performance: report`: an apply cannot remove another manager's list item, so the
    /// operator takes it out with a guarded JSON patch.
    @Test("a container added to a managed Deployment is taken out")
    func addedContainerIsRemoved() async throws {
        let (harness, resources) = try await Self.converged([Self.criticalService])
        defer { Task { await harness.stop() } }
        let name = try #require(resources.first?.objectName)
        _ = try await harness.client.jsonPatch(
            Deployment.self, name: name, namespace: "ml-serving",
            patch: [["op": "add", "path": "/spec/template/spec/containers/-", "value": ["name": "sidecar", "image": .string(Self.minerImage)]]])
        let removed = await OperatorHarness.eventually(timeout: .seconds(10)) {
            let containers = try await harness.client.get(Deployment.self, name: name, namespace: "ml-serving").spec?.template.spec?.containers
            return containers?.map(\.name) == ["server"]
        }
        #expect(removed)
        let corrected = await OperatorHarness.eventually(timeout: .seconds(10)) {
            try await Self.eventMessages("DriftCorrected", harness).contains { $0.contains("containers[+sidecar]") }
        }
        #expect(corrected)
    }

    static let minerImage = "evil.example.com/miner:latest"

    /// The messages of the events with `reason` in `namespace`.
    static func eventMessages(_ reason: String, _ harness: OperatorHarness, namespace: String = "ml-serving") async throws -> [String] {
        try await harness.client.list(Event.self, namespace: namespace).items
            .filter { $0.reason == reason }.compactMap(\.message)
    }

    /// Sets the image of Deployment `name` (in ml-serving) to a miner's, as an attacker would;
    /// returns the image it had.
    static func hijackImage(of name: String, _ harness: OperatorHarness) async throws -> String {
        let deployment = try await harness.client.get(Deployment.self, name: name, namespace: "ml-serving")
        let image = try #require(deployment.spec?.template.spec?.containers.first?.image)
        _ = try await harness.client.jsonPatch(
            Deployment.self, name: name, namespace: "ml-serving",
            patch: [["op": "replace", "path": "/spec/template/spec/containers/0/image", "value": .string(minerImage)]])
        return image
    }

    /// Whether Deployment `name` runs `image` again within 10 s.
    static func imageRestored(to image: String, of name: String, _ harness: OperatorHarness) async -> Bool {
        await OperatorHarness.eventually(timeout: .seconds(10)) {
            try await harness.client.get(Deployment.self, name: name, namespace: "ml-serving")
                .spec?.template.spec?.containers.first?.image == image
        }
    }

    @Test("drift made while the operator was down is handled by the next one as the policy says, not taken for a new intent")
    func driftDuringDowntime() async throws {
        let (harness, resources) = try await Self.converged([Self.criticalService])
        defer { Task { await harness.stop() } }
        let name = try #require(resources.first?.objectName)
        await harness.stopOperator()
        _ = try await harness.client.mergePatch(
            HorizontalPodAutoscaler.self, name: name, namespace: "ml-serving", patch: ["spec": ["maxReplicas": 9]])
        let image = try await Self.hijackImage(of: name, harness)
        try await harness.startOperator()

        #expect(await Self.imageRestored(to: image, of: name, harness), "security drift is put back (drift.security: revert)")
        let reported = await OperatorHarness.eventually(timeout: .seconds(10)) {
            try await Self.eventMessages("DriftDetected", harness).contains { $0.contains("HorizontalPodAutoscaler/\(name)") && $0.contains("maxReplicas") }
        }
        #expect(reported, "the autoscaler's drift is reported")
        let corrected = await OperatorHarness.eventually(timeout: .seconds(10)) {
            try await Self.eventMessages("DriftCorrected", harness).contains { $0.contains("Deployment/\(name)") && $0.contains("image") }
        }
        #expect(corrected)
        let autoscaler = try await harness.client.get(HorizontalPodAutoscaler.self, name: name, namespace: "ml-serving")
        #expect(autoscaler.spec?.maxReplicas == 9, "performance drift is only reported (drift.performance: report)")
    }

    /// The second case also removes the applied-hash annotation: the running operator still knows
    /// from its memory that its intent has not changed.
    @Test("a performance field changed behind the operator's back is only reported under drift.performance: report",
          arguments: [false, true])
    func performanceDriftIsReported(removingAnnotation: Bool) async throws {
        let (harness, resources) = try await Self.converged([Self.criticalService])
        defer { Task { await harness.stop() } }
        let name = try #require(resources.first?.objectName)
        var patch: JSONValue = ["spec": ["maxReplicas": 9]]
        if removingAnnotation { patch[path: "metadata", "annotations", ChildObject.appliedHashAnnotation] = .null }
        _ = try await harness.client.mergePatch(HorizontalPodAutoscaler.self, name: name, namespace: "ml-serving", patch: patch)
        let reported = await OperatorHarness.eventually(timeout: .seconds(10)) {
            try await Self.eventMessages("DriftDetected", harness).contains { $0.contains("HorizontalPodAutoscaler/\(name)") }
        }
        #expect(reported)
        let autoscaler = try await harness.client.get(HorizontalPodAutoscaler.self, name: name, namespace: "ml-serving")
        #expect(autoscaler.spec?.maxReplicas == 9)
    }

    @Test("lowering maxReplicas in the FleetPolicy lowers every affected autoscaler")
    func policyCapReachesAutoscalers() async throws {
        let (harness, resources) = try await Self.converged([Self.criticalService, Self.scaleToZeroService])
        defer { Task { await harness.stop() } }
        _ = try await harness.client.mergePatch(
            FleetPolicy.descriptor, name: "default", patch: ["spec": ["limits": ["maxReplicas": 2]]])
        for resource in resources {
            let name = try #require(resource.objectName)
            let capped = await OperatorHarness.eventually(timeout: .seconds(10)) {
                try await harness.client.get(HorizontalPodAutoscaler.self, name: name, namespace: "ml-serving")
                    .spec?.maxReplicas == 2
            }
            #expect(capped, "\(name)'s HPA is capped at 2")
        }
    }

    @Test("deleting a custom resource removes its children")
    func deletionRemovesChildren() async throws {
        let (harness, resources) = try await Self.converged([Self.scaleToZeroService])
        defer { Task { await harness.stop() } }
        let resource = try #require(resources.first)
        let uid = try #require(resource[path: "metadata", "uid"]?.stringValue)
        #expect(try await !harness.children(ownedBy: uid).isEmpty)
        try await harness.client.delete(
            InferenceService.descriptor, name: resource.objectName ?? "", namespace: resource.objectNamespace)
        let gone = await OperatorHarness.eventually(timeout: .seconds(10)) {
            try await harness.children(ownedBy: uid).isEmpty
        }
        #expect(gone)
    }

    @Test("with watch drops, 410s, 409s, 429s and 5% 500s the fleet still converges")
    func convergesUnderFaults() async throws {
        let harness = try await OperatorHarness.start()
        defer { Task { await harness.stop() } }
        var faults = FaultSpec()
        faults.watchDropInterval = .milliseconds(800)
        faults.goneInterval = .milliseconds(1500)
        faults.conflictRate = 0.03
        faults.throttleRate = 0.03
        faults.errorRate = 0.05
        for file in OperatorEndToEndTests.policies { try await harness.create(file) }
        var resources: [JSONValue] = []
        for file in OperatorEndToEndTests.workloads { resources += try await harness.create(file) }
        harness.sim.faults = faults
        try await harness.startOperator()
        let ready = await OperatorHarness.eventually(timeout: .seconds(60)) {
            for resource in resources
            where try await harness.condition("Ready", of: resource)?["status"]?.stringValue != "True" {
                return false
            }
            return true
        }
        harness.sim.faults = FaultSpec()
        #expect(ready)
    }
}

/// The TTL of a TrainingJob whose Job failed: Kubernetes sets a Job's completionTime only on
/// success, so the end of a failed run is its Failed condition's transition.
@Suite("Operator: a failed TrainingJob's TTL", .timeLimit(.minutes(2)))
struct FailedTrainingJobTests {
    @Test("a failed Job is removed when the TrainingJob's TTL falls due, and not made again")
    func failedJobIsNotRerun() async throws {
        // KubeSim would complete the Job; here it fails first.
        let (harness, _) = try await OperatorHarness.startWithPolicies { $0.simulatedStatusDelay = .seconds(600) }
        defer { Task { await harness.stop() } }
        let name = try await harness.createTrainingJob()
        // Failed two hours ago: the example's ttlAfterFinished (1h) is past.
        let failed: JSONValue = ["status": [
            "failed": 6, "startTime": "2026-01-01T08:00:00Z",
            "conditions": [["type": "Failed", "status": "True", "reason": "BackoffLimitExceeded", "lastTransitionTime": "2026-01-01T10:00:00Z"]],
        ]]
        _ = try await harness.client.mergePatch(ChildKind.job, name: name, namespace: "ml-training", patch: failed, subresource: "status")
        let removed = await OperatorHarness.eventually(timeout: .seconds(10)) {
            (try? await harness.client.get(ChildKind.job, name: name, namespace: "ml-training")) == nil
        }
        let status = try await harness.client.get(TrainingJob.descriptor, name: name, namespace: "ml-training")["status"]
        #expect(removed, "the TTL fell due at the failure: \(String(describing: status))")
        #expect(status?["phase"] == "Failed")
        #expect(status?["completionTime"] == "2026-01-01T10:00:00Z")
        try await Task.sleep(for: .seconds(1))
        #expect((try? await harness.client.get(ChildKind.job, name: name, namespace: "ml-training")) == nil, "and it is not made again")
    }
}
