import Fleet
import Foundation
import KubeCore
import Testing

@Suite("Examples")
struct ExampleTests {
    /// The example files of aifleet resources (examples/ also holds the namespaces they live in).
    static let examples = ((try? RepositoryFiles.yamlFiles(in: "examples")) ?? []).filter { file in
        let documents = (try? RepositoryFiles.documents("examples/\(file)")) ?? []
        return documents.allSatisfy {
            FleetResource.isFleetKind(apiVersion: $0["apiVersion"]?.stringValue, kind: $0["kind"]?.stringValue)
        }
    }
    static let invalid = (try? RepositoryFiles.yamlFiles(in: "examples/invalid")) ?? []

    static func resources(_ file: String) throws -> [FleetResource] {
        try RepositoryFiles.documents(file).map { try FleetResource(json: $0) }
    }

    @Test("the built-in default policy is examples/fleetpolicy-default.yaml")
    func builtInIsTheExample() throws {
        let resources = try Self.resources("examples/fleetpolicy-default.yaml")
        guard case .fleetPolicy(let policy) = try #require(resources.first) else {
            Issue.record("examples/fleetpolicy-default.yaml is not a FleetPolicy")
            return
        }
        #expect(policy.spec == FleetPolicySpec.builtInDefault)
        #expect(EffectivePolicy(merging: [policy]) == {
            var builtIn = EffectivePolicy.builtIn
            builtIn.sources = ["default"]
            return builtIn
        }())
    }

    @Test("there are examples of every kind")
    func everyKind() throws {
        let kinds = try Self.examples.flatMap { try Self.resources("examples/\($0)") }.map(\.descriptor.kind.kind)
        #expect(Set(kinds) == ["InferenceService", "TrainingJob", "FeatureStore", "FleetPolicy"])
    }

    @Test("every example complies with the default policy, merged with the team budgets too", arguments: examples)
    func examplesComply(_ file: String) throws {
        let budgets = try Self.resources("examples/fleetpolicy-team-budgets.yaml").compactMap { resource -> FleetPolicy? in
            if case .fleetPolicy(let policy) = resource { policy } else { nil }
        }
        let withBudgets = EffectivePolicy(merging: [FleetPolicy(metadata: ObjectMeta(name: "default"), spec: .builtInDefault)] + budgets)
        for policy in [EffectivePolicy.builtIn, withBudgets] {
            for resource in try Self.resources("examples/\(file)") {
                let report = PolicyEvaluator(policy: policy, capabilities: .all).evaluate(resource)
                #expect(report.findings.isEmpty, "\(file): \(report.findings)")
            }
        }
    }

    @Test("each invalid example breaks the rule its comment names, and only that rule", arguments: invalid)
    func invalidExamplesBreakTheirRule(_ file: String) throws {
        let text = try RepositoryFiles.text("examples/invalid/\(file)")
        let planted = text.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("# violates: ") else { return nil }
            return line.dropFirst("# violates: ".count).split(separator: " ").first.map(String.init)
        }
        let rule = try #require(planted.first.flatMap(PolicyRule.init(rawValue:)), "\(file) names no rule")
        var policies = [FleetPolicy(metadata: ObjectMeta(name: "default"), spec: .builtInDefault)]
        if rule == .namespaceBudget {
            policies += try Self.resources("examples/fleetpolicy-team-budgets.yaml").compactMap { resource in
                if case .fleetPolicy(let policy) = resource { policy } else { nil }
            }
        }
        let evaluator = PolicyEvaluator(policy: EffectivePolicy(merging: policies), capabilities: .all)
        let findings = try Self.resources("examples/invalid/\(file)").flatMap { evaluator.evaluate($0).findings }
        #expect(findings.map(\.rule) == [rule], "\(file): \(findings)")
        #expect(findings.allSatisfy { $0.severity == .violation })
    }

    @Test("every rule that can be planted in a manifest has an invalid example")
    func invalidCoversRules() throws {
        let named = try Self.invalid.map { try RepositoryFiles.text("examples/invalid/\($0)") }.joined()
        for rule in PolicyRule.allCases where rule != .resourceFloor && rule != .capability {
            #expect(named.contains("# violates: \(rule.rawValue)"), "no invalid example for \(rule)")
        }
    }
}
