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

    /// A harness with both example policies and an operator (`workers` per kind) that looks at
    /// conflicts again every 500 ms.
    static func started(workers: Int = 2) async throws -> OperatorHarness {
        try await OperatorHarness.startWithPolicies(workers: workers, configureOperator: {
            $0.childConflictRecheckInterval = .milliseconds(500)
        }).0
    }

    @Test("a workload whose child another workload controls leaves it alone, says so, and makes it once it is free")
    func childOfAnotherWorkloadIsLeftAlone() async throws {
        let harness = try await Self.started()
        defer { Task { await harness.stop() } }
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
        let serviceUID = try #require(service[path: "metadata", "uid"]?.stringValue)
        #expect(try await harness.children(ownedBy: serviceUID).isEmpty,
                "no autoscaler, Ingress or NetworkPolicy of the InferenceService acts on the FeatureStore's children")
        let status = try await harness.client.get(InferenceService.descriptor, name: "customer-features-server", namespace: "ml-features")
        #expect(status[path: "status", "replicas"] == 0, "the FeatureStore's Deployment is not read as the service's")
        // Three rechecks later the warnings are still one event per child, each seen once.
        try await Task.sleep(for: .seconds(2))
        let events = try await harness.client.list(Event.self, namespace: "ml-features").items.filter { $0.reason == ChildConflict.reason }
        #expect(events.count == 2)
        #expect(events.allSatisfy { ($0.count ?? 1) == 1 }, "\(events.map(\.count))")

        try await harness.client.delete(FeatureStore.descriptor, name: "customer-features", namespace: "ml-features")
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

    @Test("an object of a child's name made outside aifleet is left alone until it carries aifleet's label")
    func handMadeObjectIsLeftAlone() async throws {
        let harness = try await Self.started()
        defer { Task { await harness.stop() } }
        var service = try Self.collidingService()
        service[path: "metadata", "name"] = "hand-made"
        let handMade: JSONValue = [
            "apiVersion": "v1", "kind": "Service", "metadata": ["name": "hand-made", "namespace": "ml-features"],
            "spec": ["ports": [["port": 80]]],
        ]
        _ = try await harness.client.create(handMade, resource: ChildKind.service, namespace: "ml-features")
        let since = try #require(try await harness.client.list(ChildKind.deployment, namespace: "ml-features").metadata.resourceVersion)
        let created = try await harness.client.create(service, resource: InferenceService.descriptor, namespace: "ml-features")
        let refused = await OperatorHarness.eventually(timeout: .seconds(10)) {
            try await harness.condition("Ready", of: created)?["message"]?.stringValue?.contains("Service/hand-made exists and was not made by aifleet") == true
        }
        #expect(refused)
        let untouched = try await harness.client.get(ChildKind.service, name: "hand-made", namespace: "ml-features")
        #expect(untouched[path: "metadata", "ownerReferences"] == nil)
        #expect(untouched[path: "metadata", "labels"] == nil)
        let uid = try #require(created[path: "metadata", "uid"]?.stringValue)
        #expect(try await harness.children(ownedBy: uid).isEmpty, "not even the Deployment, whose Service is not the workload's")
        // The first pass made the Deployment before its Service was refused, and deleted it; the
        // rechecks since read the Service first and make nothing.
        try await Task.sleep(for: .seconds(2))
        let events = try await harness.client.watch(
            ChildKind.deployment, namespace: "ml-features", options: WatchOptions(resourceVersion: since, allowWatchBookmarks: false, timeoutSeconds: 1))
        var creations = 0
        for try await event in events where event.type == .added && event.object?.objectName == "hand-made" { creations += 1 }
        #expect(creations <= 1, "the Deployment was made \(creations) times")

        _ = try await harness.client.mergePatch(
            ChildKind.service, name: "hand-made", namespace: "ml-features",
            patch: ["metadata": ["labels": [FleetLabels.managedBy: .string(FleetLabels.managedByValue)]]])
        let adopted = await OperatorHarness.eventually(timeout: .seconds(10)) {
            try await harness.client.get(ChildKind.service, name: "hand-made", namespace: "ml-features").controllerOwner?.uid == uid
        }
        #expect(adopted, "labelled for aifleet, it is adopted")

        // Made outside aifleet again: the same conflict, back after it was gone, is said again.
        #expect(try await ReportMemoryTests.recorded("ChildConflict", about: "hand-made", harness, namespace: "ml-features") == 1)
        _ = try await harness.client.mergePatch(
            ChildKind.service, name: "hand-made", namespace: "ml-features", patch: ["metadata": ["ownerReferences": nil, "labels": nil]])
        let reportedAgain = await ReportMemoryTests.recorded("ChildConflict", 2, about: "hand-made", harness, namespace: "ml-features")
        #expect(reportedAgain)
    }

    /// Both workloads find no child in the cache and create theirs at once; one apply each, with one
    /// field manager, would let the second silently take the first's child. Every version of each
    /// child the API server stored must carry the same controller.
    @Test("two workloads that want the same children and are created at once never take a child from each other")
    func simultaneousCreationKeepsEachChildWithItsMaker() async throws {
        let harness = try await Self.started(workers: 4)
        defer { Task { await harness.stop() } }
        let since = try #require(try await harness.client.list(ChildKind.deployment, namespace: "ml-features").metadata.resourceVersion)
        let store = try #require(try OperatorHarness.documents("examples/featurestore.yaml").first)
        async let storeCreated = harness.client.create(store, resource: FeatureStore.descriptor, namespace: "ml-features")
        async let serviceCreated = harness.client.create(try Self.collidingService(), resource: InferenceService.descriptor, namespace: "ml-features")
        let owners = try await [storeCreated, serviceCreated]
        let settled = await OperatorHarness.eventually(timeout: .seconds(15)) {
            var conflicted = 0
            for owner in owners where try await harness.condition("Ready", of: owner)?["reason"]?.stringValue == ChildConflict.reason {
                conflicted += 1
            }
            return conflicted >= 1
        }
        #expect(settled, "at least one of the two says ChildConflict")
        for owner in owners {
            guard let message = try await harness.condition("Ready", of: owner)?["message"]?.stringValue, message.contains("controlled by")
            else { continue }
            let other = owners.first { $0.objectName != owner.objectName || $0["kind"] != owner["kind"] }
            #expect(message.contains("\(other?["kind"]?.stringValue ?? "?") \(other?.objectName ?? "?")"), "the message names the other workload: \(message)")
        }
        let uids = Set(owners.compactMap { $0[path: "metadata", "uid"]?.stringValue })
        for kind in [ChildKind.deployment, ChildKind.service] {
            let events = try await harness.client.watch(
                kind, namespace: "ml-features", options: WatchOptions(resourceVersion: since, allowWatchBookmarks: false, timeoutSeconds: 1))
            var controllers: Set<String?> = []
            for try await event in events where event.object?.objectName == "customer-features-server" {
                controllers.insert(event.object?.controllerOwner?.uid)
            }
            #expect(controllers.count == 1, "every stored version of \(kind.kind) customer-features-server has one controller: \(controllers)")
            #expect(controllers.allSatisfy { $0.map(uids.contains) == true })
        }
    }

    /// A child that loses aifleet's label leaves the operator's cache; the operator must still know
    /// it for its own (read from the API server) and put the label back, whatever the policy says
    /// about performance drift, or its later drift would go unseen.
    @Test("a child whose aifleet label was removed is still the workload's, and gets its label back")
    func unlabelledOwnChildIsRelabelled() async throws {
        let (harness, resources) = try await OperatorBehaviourTests.converged([OperatorBehaviourTests.criticalService])
        defer { Task { await harness.stop() } }
        let name = try #require(resources.first?.objectName)
        _ = try await harness.client.mergePatch(
            ChildKind.deployment, name: name, namespace: "ml-serving",
            patch: ["metadata": ["labels": [FleetLabels.managedBy: .null]]])
        let relabelled = await OperatorHarness.eventually(timeout: .seconds(10)) {
            let deployment = try await harness.client.get(ChildKind.deployment, name: name, namespace: "ml-serving")
            return deployment[path: "metadata", "labels", FleetLabels.managedBy]?.stringValue == FleetLabels.managedByValue
        }
        #expect(relabelled)
        #expect(try await harness.condition("Ready", of: try #require(resources.first))?["reason"]?.stringValue != ChildConflict.reason)
    }

    @Test("a child of a deleted workload of the same kind and name is a predecessor's, not a conflict to report")
    func predecessorIsTellable() throws {
        let child = ChildObject(
            descriptor: ChildKind.deployment,
            manifest: ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "x", "namespace": "n"]])
        let owner: JSONValue = [
            "apiVersion": "aifleet.dev/v1alpha1", "kind": "InferenceService", "metadata": ["name": "x", "namespace": "n", "uid": "new"],
        ]
        let managed: JSONValue = [FleetLabels.managedBy: .string(FleetLabels.managedByValue)]
        func live(_ apiVersion: String = "aifleet.dev/v1alpha1", kind: String, name: String = "x", uid: String, controller: Bool = true) -> JSONValue {
            ["metadata": [
                "labels": managed,
                "ownerReferences": [[
                    "apiVersion": .string(apiVersion), "kind": .string(kind), "name": .string(name), "uid": .string(uid),
                    "controller": .bool(controller),
                ]],
            ]]
        }
        let predecessor = try #require(ChildConflict(child, live: live(kind: "InferenceService", uid: "old"), owner: owner))
        #expect(predecessor.isPredecessor)
        #expect(predecessor.message.contains("deleted InferenceService x (uid old)"))
        let other = try #require(ChildConflict(child, live: live("aifleet.dev/v1alpha1", kind: "FeatureStore", uid: "fs"), owner: owner))
        #expect(other.holder == .controller(kind: "FeatureStore", name: "x", uid: "fs"))
        let kserve = try #require(ChildConflict(child, live: live("serving.kserve.io/v1beta1", kind: "InferenceService", uid: "k"), owner: owner))
        #expect(!kserve.isPredecessor, "KServe's InferenceService of the same name is another object")
        #expect(ChildConflict(child, live: live(kind: "InferenceService", uid: "new"), owner: owner) == nil, "its own")
        #expect(ChildConflict(child, live: live(kind: "FeatureStore", uid: "fs", controller: false), owner: owner) == nil,
                "no controller but aifleet's label: adopted")
        #expect(ChildConflict(child, live: ["metadata": [:]], owner: owner)?.holder == .unmanaged)
    }
}
