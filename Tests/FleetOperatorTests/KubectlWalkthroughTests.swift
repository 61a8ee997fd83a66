import Foundation
import KubeClient
import KubeCore
import Testing
import TestSupport

/// The README's walk-through, with the real kubectl against KubeSim and the operator.
@Suite("kubectl against the operator", .timeLimit(.minutes(3)))
struct KubectlWalkthroughTests {
    @Test("kubectl apply -f examples/ converges; get shows cost; set image is put back; delete removes the children")
    func walkthrough() async throws {
        let harness = try await OperatorHarness.start()
        defer { Task { await harness.stop() } }
        try await harness.startOperator()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aifleet-kubectl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let kubeconfig = directory.appendingPathComponent("kubeconfig").path
        try harness.sim.writeKubeconfig(to: kubeconfig)
        func kubectl(_ arguments: String...) async throws -> ChildProcessResult {
            try await Kubectl.run(
                arguments, kubeconfig: kubeconfig, cacheDirectory: directory.appendingPathComponent("cache").path,
                stdin: nil, timeout: .seconds(30))
        }

        let applied = try await kubectl("apply", "-f", OperatorHarness.root.appendingPathComponent("examples").path)
        #expect(applied.succeeded, "\(applied)")

        let ready = await OperatorHarness.eventually(timeout: .seconds(20)) {
            try await kubectl(
                "get", "isvc", "llm-chat", "-n", "ml-serving", "-o", #"jsonpath={.status.conditions[?(@.type=="Ready")].status}"#
            ).stdout == "True"
        }
        #expect(ready)
        let listed = try await kubectl("get", "isvc", "-n", "ml-serving")
        let row = listed.stdout.split(separator: "\n").first { $0.hasPrefix("llm-chat") } ?? ""
        #expect(listed.stdout.contains("$/H"), "\(listed)")
        let columns = row.split(separator: " ", omittingEmptySubsequences: true)
        #expect(columns.count == 6 && columns[1] == "True", "\(listed)")
        #expect(columns.count == 6 && (Double(columns[4]) ?? 0) > 0, "an hourly cost: \(listed)")

        let image = try await kubectl("get", "deploy", "llm-chat", "-n", "ml-serving", "-o", "jsonpath={.spec.template.spec.containers[0].image}").stdout
        #expect(!image.isEmpty)
        let tampered = try await kubectl("-n", "ml-serving", "set", "image", "deploy/llm-chat", "server=evil.example.com/miner:1")
        #expect(tampered.succeeded, "\(tampered)")
        let putBack = await OperatorHarness.eventually(timeout: .seconds(10)) {
            try await kubectl("get", "deploy", "llm-chat", "-n", "ml-serving", "-o", "jsonpath={.spec.template.spec.containers[0].image}").stdout == image
        }
        #expect(putBack)

        let deleted = try await kubectl("delete", "isvc", "llm-chat", "-n", "ml-serving")
        #expect(deleted.succeeded, "\(deleted)")
        let gone = await OperatorHarness.eventually(timeout: .seconds(10)) {
            try await kubectl("get", "deploy,svc,hpa", "-n", "ml-serving", "-l", "app.kubernetes.io/instance=llm-chat", "-o", "name").stdout
                .isEmpty
        }
        #expect(gone)
    }
}
