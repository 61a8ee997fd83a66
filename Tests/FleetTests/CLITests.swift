import Foundation
import KubeClient
import KubeCore
import Testing

/// `aifleet render` and `aifleet check`, run as the built binary (.build/debug/aifleet, built by
/// `swift build --build-tests`).
@Suite("aifleet render and check")
struct CLITests {
    static let binary = RepositoryFiles.url(".build/debug/aifleet")

    /// Runs the binary in the repository root, with stdin from `stdinFile` or /dev/null.
    static func run(_ arguments: [String], stdinFile: String? = nil) async throws -> ChildProcessResult {
        let stdin = try stdinFile.map { try String(contentsOf: RepositoryFiles.url($0), encoding: .utf8) }
        return try await ChildProcess.run(
            binary.path, arguments, workingDirectory: RepositoryFiles.root.path, stdin: stdin, timeout: .seconds(60))
    }

    static func temporaryFile(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("aifleet-\(UUID().uuidString).yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func plantedViolations(includingBudget: Bool) throws -> Int {
        try RepositoryFiles.yamlFiles(in: "examples/invalid").map { try RepositoryFiles.text("examples/invalid/\($0)") }
            .filter { includingBudget || !$0.contains("# violates: namespace-budget") }
            .map { $0.components(separatedBy: "\n# violates: ").count - 1 }.reduce(0, +)
    }

    @Test("check examples/ exits 0 with a cost table and no findings")
    func checkExamples() async throws {
        let run = try await Self.run(["check", "-f", "examples/"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.lines.first?.hasPrefix("RESOURCE") == true)
        #expect(run.lines.contains { $0.hasPrefix("InferenceService/llm-chat") && $0.contains("$24.90") })
        #expect(run.lines.contains { $0.hasPrefix("TrainingJob/llama-finetune") && $0.contains("192 GPU-h") })
        #expect(run.lines.contains { $0.hasPrefix("TOTAL") })
    }

    @Test("check examples/invalid exits 1 with one line per planted violation")
    func checkInvalid() async throws {
        let run = try await Self.run(["check", "-f", "examples/invalid"])
        #expect(run.status == 1)
        let findings = run.lines.filter { $0.hasPrefix("examples/invalid/") }
        #expect(findings.count == (try Self.plantedViolations(includingBudget: false)), "\(run.stdout)")
        #expect(findings.contains("examples/invalid/privileged.yaml:1: spec.securityContext.privileged: privileged containers can take over the node; remove privileged: true (privileged)"))
        let withBudgets = try await Self.run([
            "check", "-f", "examples/invalid", "--policy", "examples/fleetpolicy-default.yaml",
            "--policy", "examples/fleetpolicy-team-budgets.yaml",
        ])
        #expect(withBudgets.status == 1)
        #expect(withBudgets.lines.filter { $0.hasPrefix("examples/invalid/") }.count == (try Self.plantedViolations(includingBudget: true)))
    }

    @Test("several -f arguments and - for stdin are read in order")
    func severalInputs() async throws {
        let run = try await Self.run(["check", "-f", "examples/featurestore.yaml", "-f", "-"], stdinFile: "examples/invalid/image-tag.yaml")
        #expect(run.status == 1)
        #expect(run.lines.first?.hasPrefix("-:1: spec.image: image \"ghcr.io/acme/classifier\" has no tag") == true)
        #expect(run.lines.contains { $0.hasPrefix("FeatureStore/customer-features") })
    }

    @Test("unreadable input exits 2 naming the file and position")
    func unreadable() async throws {
        let missing = try await Self.run(["check", "-f", "no/such/file.yaml"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no/such/file.yaml: no such file or directory"))
        let malformed = try Self.temporaryFile("apiVersion: aifleet.dev/v1alpha1\nkind: [unclosed\n")
        let badYAML = try await Self.run(["render", "-f", malformed])
        #expect(badYAML.status == 2)
        #expect(badYAML.stderr.contains("\(malformed):"))
        #expect(!badYAML.stderr.contains("Fatal error"))
    }

    @Test("an unknown field in a custom resource is an error naming the document and the field")
    func unknownField() async throws {
        let text = try RepositoryFiles.text("examples/featurestore.yaml")
            .replacingOccurrences(of: "  offlineStore:\n", with: "  offlineStore:\n    bucket: s3://typo\n")
        let file = try Self.temporaryFile("---\n" + text)
        let run = try await Self.run(["check", "-f", file])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(file):1: spec.offlineStore.bucket: unknown field \"bucket\""), "\(run.stderr)")
    }

    @Test("render is deterministic across processes and its JSON is a v1 List")
    func renderDeterministic() async throws {
        let first = try await Self.run(["render", "-f", "examples/"])
        let second = try await Self.run(["render", "-f", "examples/"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == second.stdout)
        // The operator's bookkeeping stays out, so that applying the render leaves it alone.
        #expect(!first.stdout.contains("aifleet.dev/applied-hash"))
        let documents = try YAML.parseDocuments(first.stdout)
        #expect(documents.count > 20)
        let json = try await Self.run(["render", "-f", "examples/", "-o", "json"])
        let list = try YAML.parse(json.stdout)
        #expect(list["kind"] == "List")
        #expect(list["items"]?.arrayValue ?? [] == documents)
    }

    @Test("render leaves out a resource the enforced policy rejects and exits 1")
    func renderBlocked() async throws {
        let run = try await Self.run(["render", "-f", "examples/invalid/privileged.yaml"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("InferenceService/privileged not expanded"))
    }
}

extension ChildProcessResult {
    var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
}
