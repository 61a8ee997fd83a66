import Fleet
@testable import FleetOperator
import KubeClient
import KubeCore
import Testing

@Suite("Operator: children another object controls", .timeLimit(.minutes(2)))
struct ChildConflictTests {
    /// A FeatureStore `customer-features` makes a Deployment and a Service `customer-features-server`;
    /// an InferenceService of that name wants the same two.
    static func collidingService() throws -> JSONValue {
        var service = try #require(OperatorHarness.documents(OperatorBehaviourTests.scaleToZeroService).first)
        service[path: "metadata", "name"] = "customer-features-server"
        service[path: "metadata", "namespace"] = "ml-features"
        service[path: "spec", "scaleToZero"] = nil
        return service
    }

    @Test("a workload whose child another workload controls leaves it alone, says so, and makes it once it is free")
    func childOfAnotherWorkloadIsLeftAlone() async throws {
        let harness = try await OperatorHarness.start()
        defer { Task { await harness.stop() } }
        try await harness.startOperator { $0.childConflictRecheckInterval = .milliseconds(500) }
        for file in OperatorEndToEndTests.policies { try await harness.create(file) }
        let store = try #require(try await harness.create("examples/featurestore.yaml").first)
        let storeUID = try #require(store[path: "metadata", "uid"]?.stringValue)
        let storeReady = await OperatorHarness.eventually(timeout: .seconds(20)) {
            try await harness.condition("Ready", of: store)?["status"]?.stringValue == "True"
        }
        #expect(storeReady)

        let service = try await harness.client.create(
            try Self.collidingService(), resource: InferenceService.descriptor, namespace: "ml-features")
        let refused = await OperatorHarness.eventually(timeout: .seconds(10)) {
            try await harness.condition("Ready", of: service)?["reason"]?.stringValue == ChildConflict.reason
        }
        #expect(refused, "the InferenceService is not Ready, with the reason ChildConflict")
        let message = try await harness.condition("Ready", of: service)?["message"]?.stringValue ?? ""
        #expect(message.contains("Deployment/customer-features-server is controlled by FeatureStore customer-features"))
        let warned = await OperatorHarness.eventually(timeout: .seconds(10)) {
            try await OperatorBehaviourTests.eventMessages(ChildConflict.reason, harness, namespace: "ml-features")
                .contains { $0.contains("Service/customer-features-server") }
        }
        #expect(warned, "a Warning event says which child and which controller")
        for kind in [ChildKind.deployment, ChildKind.service] {
            let child = try await harness.client.get(kind, name: "customer-features-server", namespace: "ml-features")
            #expect(child.controllerOwner?.uid == storeUID, "\(kind.kind) is still the FeatureStore's alone")
            #expect(child[path: "metadata", "ownerReferences"]?.arrayValue?.count == 1)
        }

        try await harness.client.delete(FeatureStore.descriptor, name: "customer-features", namespace: "ml-features")
        let serviceUID = try #require(service[path: "metadata", "uid"]?.stringValue)
        let taken = await OperatorHarness.eventually(timeout: .seconds(15)) {
            let deployment = try await harness.client.get(ChildKind.deployment, name: "customer-features-server", namespace: "ml-features")
            return deployment.controllerOwner?.uid == serviceUID
        }
        #expect(taken, "once the FeatureStore's Deployment is gone, the InferenceService makes its own")
        let ready = await OperatorHarness.eventually(timeout: .seconds(10)) {
            try await harness.condition("Ready", of: service)?["reason"]?.stringValue != ChildConflict.reason
        }
        #expect(ready)
    }

    @Test("a child of a deleted workload of the same kind and name is a predecessor's, not a conflict to report")
    func predecessorIsTellable() throws {
        let child = ChildObject(
            descriptor: ChildKind.deployment,
            manifest: ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "x", "namespace": "n"]])
        let owner: JSONValue = ["kind": "InferenceService", "metadata": ["name": "x", "namespace": "n", "uid": "new"]]
        func live(kind: String, name: String, uid: String, controller: Bool = true) -> JSONValue {
            ["metadata": ["ownerReferences": [["kind": .string(kind), "name": .string(name), "uid": .string(uid), "controller": .bool(controller)]]]]
        }
        let predecessor = try #require(ChildConflict(child, live: live(kind: "InferenceService", name: "x", uid: "old"), owner: owner))
        #expect(predecessor.isPredecessor)
        #expect(predecessor.message.contains("deleted InferenceService x (uid old)"))
        let other = try #require(ChildConflict(child, live: live(kind: "FeatureStore", name: "x", uid: "fs"), owner: owner))
        #expect(!other.isPredecessor)
        #expect(ChildConflict(child, live: live(kind: "InferenceService", name: "x", uid: "new"), owner: owner) == nil, "its own")
        #expect(ChildConflict(child, live: live(kind: "FeatureStore", name: "x", uid: "fs", controller: false), owner: owner) == nil,
                "no controller: adopted")
        #expect(ChildConflict(child, live: ["metadata": [:]], owner: owner) == nil)
    }
}
