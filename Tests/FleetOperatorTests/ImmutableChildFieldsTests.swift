import Fleet
import KubeClient
import KubeCore
import Testing

/// A Job's pod template, completions and completion mode cannot change once it exists (KubeSim
/// refuses it with 422, as kube-apiserver does). A new intent for them must neither stop the rest of
/// the reconcile nor be retried for ever.
@Suite("Operator: fields a child cannot change while it exists", .timeLimit(.minutes(2)))
struct ImmutableChildFieldsTests {
    @Test("a running Job keeps its template; the TrainingJob's other changes apply, its status moves on, and one event says why")
    func runningJobKeepsItsTemplate() async throws {
        // The Job keeps running: KubeSim would otherwise complete it.
        let (harness, _) = try await OperatorHarness.startWithPolicies { $0.simulatedStatusDelay = .seconds(600) }
        defer { Task { await harness.stop() } }
        let name = try await harness.createTrainingJob()
        func observedGeneration() async throws -> Int64? {
            try await harness.client.get(TrainingJob.descriptor, name: name, namespace: "ml-training")[path: "status", "observedGeneration"]?.intValue
        }
        let started = await OperatorHarness.eventually(timeout: .seconds(10)) { try await observedGeneration() == 1 }
        try #require(started)
        let job = try await harness.client.get(ChildKind.job, name: name, namespace: "ml-training")
        let image = try #require(job[path: "spec", "template", "spec", "containers"]?[0]?["image"]?.stringValue)

        _ = try await harness.client.mergePatch(
            TrainingJob.descriptor, name: name, namespace: "ml-training",
            patch: ["spec": ["image": "ghcr.io/acme/llm-trainer:2.4.0", "ttlAfterFinished": "2h", "workers": 2]])

        let moved = await OperatorHarness.eventually(timeout: .seconds(10)) { try await observedGeneration() == 2 }
        #expect(moved, "the status records the new generation: the reconcile did not stop at a refused write")
        let applied = await OperatorHarness.eventually(timeout: .seconds(10)) {
            try await harness.client.get(ChildKind.job, name: name, namespace: "ml-training")[path: "spec", "ttlSecondsAfterFinished"] == 7200
        }
        #expect(applied, "a field the Job may change is applied")
        let live = try await harness.client.get(ChildKind.job, name: name, namespace: "ml-training")
        #expect(live[path: "spec", "template", "spec", "containers"]?[0]?["image"]?.stringValue == image, "the template is kept")
        #expect(live[path: "spec", "parallelism"] == 4, "and the parallelism of its 4 workers, whose template names 4")
        let said = await OperatorHarness.eventually(timeout: .seconds(10)) {
            try await ReportMemoryTests.recorded("ImmutableFieldChanged", about: name, harness, namespace: "ml-training") == 1
        }
        #expect(said, "one event says the new image waits for the Job to be made again")
        let messages = try await harness.client.list(Event.self, namespace: "ml-training").items
            .filter { $0.reason == "ImmutableFieldChanged" }.compactMap(\.message)
        #expect(messages.contains { $0.contains("Job/\(name)") && $0.contains("image") })
    }

    @Test("tolerations Kueue adds to a suspended Job are kept, and are no change to report, when the TrainingJob changes")
    func queueAdditionsAreKept() async throws {
        let (harness, _) = try await OperatorHarness.startWithPolicies { $0.simulatedStatusDelay = .seconds(600) }
        defer { Task { await harness.stop() } }
        let name = try await harness.createTrainingJob { $0[path: "spec", "suspend"] = true }
        // What Kueue does when it admits a suspended Job: one more toleration in its template.
        var job = try await harness.client.get(ChildKind.job, name: name, namespace: "ml-training")
        let flavor: JSONValue = ["key": "kueue.x-k8s.io/flavor", "operator": "Exists"]
        job[path: "spec", "template", "spec", "tolerations"] = .array((job[path: "spec", "template", "spec", "tolerations"]?.arrayValue ?? []) + [flavor])
        _ = try await harness.client.update(job, resource: ChildKind.job)

        _ = try await harness.client.mergePatch(
            TrainingJob.descriptor, name: name, namespace: "ml-training", patch: ["spec": ["ttlAfterFinished": "2h"]])
        let applied = await OperatorHarness.eventually(timeout: .seconds(10)) {
            try await harness.client.get(ChildKind.job, name: name, namespace: "ml-training")[path: "spec", "ttlSecondsAfterFinished"] == 7200
        }
        #expect(applied)
        let live = try await harness.client.get(ChildKind.job, name: name, namespace: "ml-training")
        #expect(live[path: "spec", "template", "spec", "tolerations"]?.arrayValue?.contains(flavor) == true, "Kueue's toleration is kept")
        #expect(try await ReportMemoryTests.recorded("ImmutableFieldChanged", about: name, harness, namespace: "ml-training") == 0)
    }
}
