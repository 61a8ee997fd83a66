import Fleet
import Foundation
import KubeCore
import Testing

/// The render of every example, compared with Tests/FleetTests/Golden/. Set AIFLEET_UPDATE_GOLDEN=1
/// to rewrite the golden files after a deliberate change, then read the diff.
@Suite("Golden renders")
struct GoldenTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var example: String
        var capabilities: ClusterCapabilities
        var golden: String
        var testDescription: String { golden }
    }

    static let cases: [Case] = ExampleTests.examples.map {
        Case(example: "examples/\($0)", capabilities: .all, golden: $0)
    } + [
        // Without KEDA the scale-to-zero service falls back to an HPA with one replica.
        Case(example: "examples/inferenceservice-scale-to-zero.yaml", capabilities: [],
             golden: "inferenceservice-scale-to-zero.no-keda.yaml"),
        // Without Kueue the queued job starts at once, unsuspended and without the queue label.
        Case(example: "examples/trainingjob-spot-multiworker.yaml", capabilities: .keda,
             golden: "trainingjob-spot-multiworker.no-kueue.yaml"),
    ]

    static func render(_ example: String, capabilities: ClusterCapabilities) throws -> [ChildObject] {
        try RepositoryFiles.documents(example).flatMap { document in
            Expansion.expand(try FleetResource(json: document), policy: .builtIn, capabilities: capabilities)
        }
    }

    @Test("the render of each example matches its golden file", arguments: cases)
    func golden(_ testCase: Case) throws {
        let rendered = YAML.emitDocuments(try Self.render(testCase.example, capabilities: testCase.capabilities).map(\.manifest))
        let url = RepositoryFiles.url("Tests/FleetTests/Golden/\(testCase.golden)")
        if ProcessInfo.processInfo.environment["AIFLEET_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try rendered.write(to: url, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(rendered == golden, "render of \(testCase.example) differs from \(testCase.golden)")
    }

    @Test("rendering twice gives the same bytes", arguments: cases)
    func deterministic(_ testCase: Case) throws {
        let first = YAML.emitDocuments(try Self.render(testCase.example, capabilities: testCase.capabilities).map(\.manifest))
        let second = YAML.emitDocuments(try Self.render(testCase.example, capabilities: testCase.capabilities).map(\.manifest))
        #expect(first == second)
    }
}
