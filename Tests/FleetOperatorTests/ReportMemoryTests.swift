import Fleet
import KubeCore
import Testing

@testable import FleetOperator

/// The report memory: a finding is said once while it lasts, said again when it comes back after it
/// was gone, and forgotten with the object it is about.
@Suite("Report memory: once per finding, again when it comes back, gone with its object", .timeLimit(.minutes(3)))
struct ReportMemoryTests {
    static let deployments = GroupVersionResource(group: "apps", version: "v1", resource: "deployments")
    static let services = GroupVersionResource(group: "aifleet.dev", version: "v1alpha1", resource: "inferenceservices")

    static func key(_ resource: GroupVersionResource, _ name: String) -> WriteMemory.Key {
        WriteMemory.Key(resource: resource, namespace: "ml-serving", name: name, status: false)
    }

    @Test("a finding is said once while it lasts, again when it changes, and again after it was gone")
    func onceWhileItLasts() {
        let reports = ReportMemory()
        let drift = ReportMemory.Subject.drift(child: Self.key(Self.deployments, "web"))
        #expect(reports.note(drift, ["spec.replicas"]))
        #expect(!reports.note(drift, ["spec.replicas"]))
        #expect(reports.note(drift, ["spec.replicas", "spec.template.spec.containers[server].resources"]))
        reports.forget(drift)
        #expect(reports.count == 0)
        #expect(reports.note(drift, ["spec.replicas"]), "the same finding, back after it was gone, is said again")
    }

    @Test("a workload that is gone takes its policy and conflict reports with it, and nothing else")
    func forgottenWithTheWorkload() {
        let reports = ReportMemory()
        let web = ReportMemory.Owner(kind: "InferenceService", namespace: "ml-serving", name: "web")
        let other = ReportMemory.Owner(kind: "FeatureStore", namespace: "ml-serving", name: "web")
        let child = Self.key(Self.deployments, "web-server")
        #expect(reports.note(.policy(workload: web), ["label aifleet.dev/team is missing"]))
        #expect(reports.note(.conflict(owner: web, ownerUID: "uid-web", child: child), ["held by FeatureStore/web"]))
        reports.noteConflictOutsideCache(.conflict(owner: web, ownerUID: "uid-web", child: child), true)
        #expect(reports.note(.policy(workload: other), ["label aifleet.dev/team is missing"]))
        #expect(reports.note(.conflict(owner: other, ownerUID: "uid-other", child: child), ["held by InferenceService/web"]))
        #expect(reports.note(.drift(child: child), ["spec.replicas"]))
        #expect(reports.count == 6)

        reports.forgetOwner(web, uid: "uid-web")
        #expect(reports.count == 3)
        #expect(!reports.isConflictOutsideCache(.conflict(owner: web, ownerUID: "uid-web", child: child)))
        #expect(!reports.note(.policy(workload: other), ["label aifleet.dev/team is missing"]), "another kind's workload of the same name keeps its reports")
        #expect(!reports.note(.conflict(owner: other, ownerUID: "uid-other", child: child), ["held by InferenceService/web"]))
        #expect(!reports.note(.drift(child: child), ["spec.replicas"]), "a child's drift goes with the child, not its owner")
    }

    @Test("the informer's delete forgets its uid's conflicts only; a reconcile that finds the name gone forgets every uid's")
    func forgottenByUIDOrByName() {
        let reports = ReportMemory()
        let web = ReportMemory.Owner(kind: "InferenceService", namespace: "ml-serving", name: "web")
        let child = Self.key(Self.deployments, "web-server")
        #expect(reports.note(.conflict(owner: web, ownerUID: "old", child: child), ["held by FeatureStore/web"]))
        #expect(reports.note(.conflict(owner: web, ownerUID: "new", child: child), ["held by FeatureStore/web"]))
        reports.forgetOwner(web, uid: "old")
        #expect(reports.count == 1, "the successor's conflict stays")
        reports.forgetOwner(web, uid: nil)
        #expect(reports.count == 0)
        #expect(reports.note(.conflict(owner: web, ownerUID: "new", child: child), ["held by FeatureStore/web"]), "and is said again if found again")
    }

    /// The number of times events with `reason` were recorded about `name` (repeats are folded
    /// into one Event whose count grows).
    static func recorded(
        _ reason: String, about name: String, _ harness: OperatorHarness, namespace: String = "ml-serving"
    ) async throws -> Int {
        try await harness.client.list(Event.self, namespace: namespace).items
            .filter { $0.reason == reason && $0.involvedObject.name == name }
            .reduce(0) { $0 + Int($1.count ?? 1) }
    }

    /// Waits until `reason` was recorded `times` times about `name`.
    static func recorded(
        _ reason: String, _ times: Int, about name: String, _ harness: OperatorHarness, namespace: String = "ml-serving"
    ) async -> Bool {
        await OperatorHarness.eventually(timeout: .seconds(15)) {
            try await recorded(reason, about: name, harness, namespace: namespace) == times
        }
    }

    /// Whether `reason` is still recorded once about `name` a second after `touch` made the operator
    /// reconcile again: a finding that lasts is not said again.
    static func saidOnce(_ reason: String, about name: String, _ harness: OperatorHarness, after touch: () async throws -> Void) async throws -> Bool {
        try await touch()
        try await Task.sleep(for: .seconds(1))
        return try await recorded(reason, about: name, harness) == 1
    }

    /// A harness, its operator, and the critical example InferenceService, Ready.
    static func readyService() async throws -> (OperatorHarness, FleetOperator, JSONValue) {
        let (harness, fleetOperator) = try await OperatorHarness.startWithPolicies()
        let resource = try #require(try await harness.create(OperatorBehaviourTests.criticalService).first)
        let ready = await OperatorHarness.eventually(timeout: .seconds(30)) {
            try await harness.condition("Ready", of: resource)?["status"]?.stringValue == "True"
        }
        #expect(ready)
        return (harness, fleetOperator, resource)
    }

    @Test("a policy violation fixed and made again is reported again; the workload's deletion leaves nothing behind")
    func policyViolationComesBack() async throws {
        let (harness, fleetOperator, resource) = try await Self.readyService()
        defer { Task { await harness.stop() } }
        let name = try #require(resource.objectName)
        let descriptor = try OperatorHarness.descriptor(of: resource)
        func setEnvironment(_ value: JSONValue) async throws {
            _ = try await harness.client.mergePatch(
                descriptor, name: name, namespace: "ml-serving",
                patch: ["metadata": ["labels": ["aifleet.dev/environment": value]]])
        }
        let environment = try #require(resource.objectLabels["aifleet.dev/environment"])

        try await setEnvironment(.null)
        #expect(await Self.recorded("PolicyViolation", 1, about: name, harness), "the violation is reported")
        let once = try await Self.saidOnce("PolicyViolation", about: name, harness) {
            _ = try await harness.client.mergePatch(
                descriptor, name: name, namespace: "ml-serving", patch: ["metadata": ["annotations": ["touched": "1"]]])
        }
        #expect(once, "a violation that lasts is reported once")
        try await setEnvironment(.string(environment))
        let forgotten = await OperatorHarness.eventually(timeout: .seconds(15)) {
            try await harness.condition("PolicyCompliant", of: resource)?["status"]?.stringValue == "True"
                && fleetOperator.context.reports.count == 0
        }
        #expect(forgotten, "a fixed violation is forgotten")
        try await setEnvironment(.null)
        #expect(await Self.recorded("PolicyViolation", 2, about: name, harness), "the same violation, made again, is reported again")

        try await harness.client.delete(descriptor, name: name, namespace: "ml-serving")
        let cleared = await OperatorHarness.eventually(timeout: .seconds(15)) { fleetOperator.context.reports.count == 0 }
        #expect(cleared, "a deleted workload leaves no report behind")
    }

    @Test("drift left in place, undone by hand and made again, is reported again; forgotten when the child goes")
    func driftComesBack() async throws {
        let (harness, fleetOperator, resource) = try await Self.readyService()
        defer { Task { await harness.stop() } }
        let name = try #require(resource.objectName)
        let autoscaler = try await harness.client.get(HorizontalPodAutoscaler.self, name: name, namespace: "ml-serving")
        let desired = try #require(autoscaler.spec?.maxReplicas)
        func setMaxReplicas(_ value: Int32) async throws {
            _ = try await harness.client.mergePatch(
                HorizontalPodAutoscaler.self, name: name, namespace: "ml-serving", patch: ["spec": ["maxReplicas": .int(Int64(value))]])
        }

        try await setMaxReplicas(desired + 7)
        #expect(await Self.recorded("DriftDetected", 1, about: name, harness), "the drift is reported (drift.performance: report)")
        let once = try await Self.saidOnce("DriftDetected", about: name, harness) {
            _ = try await harness.client.mergePatch(
                HorizontalPodAutoscaler.self, name: name, namespace: "ml-serving", patch: ["metadata": ["annotations": ["touched": "1"]]])
        }
        #expect(once, "drift that lasts is reported once")
        try await setMaxReplicas(desired)
        let forgotten = await OperatorHarness.eventually(timeout: .seconds(15)) { fleetOperator.context.reports.count == 0 }
        #expect(forgotten, "drift undone by hand is forgotten")
        try await setMaxReplicas(desired + 7)
        #expect(await Self.recorded("DriftDetected", 2, about: name, harness), "the same drift, made again, is reported again")

        // The workload's deletion takes its children with it (garbage collection), and their reports.
        try await harness.client.delete(try OperatorHarness.descriptor(of: resource), name: name, namespace: "ml-serving")
        let cleared = await OperatorHarness.eventually(timeout: .seconds(15)) { fleetOperator.context.reports.count == 0 }
        #expect(cleared, "a deleted child leaves no report behind")
    }
}
