import ArgumentParser
import Fleet
import KubeCore

/// `aifleet render`: the child manifests the operator would apply, offline and deterministic.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Expand aifleet resources into the Kubernetes manifests the operator would apply.",
        discussion: """
            Reads InferenceService, TrainingJob, FeatureStore and FleetPolicy manifests and prints their \
            child objects, for review and GitOps diffs. The output is deterministic. A resource that \
            violates an enforced policy is not expanded (as the operator would not) and the command \
            exits 1; `aifleet check` says why. Unreadable input exits 2.
            """)

    @Option(name: .shortAndLong, help: ArgumentHelp("A manifest file, a directory (not descended into) or - for stdin; repeatable.", valueName: "FILE|DIR"))
    var filename: [String] = []

    @Option(name: .long, help: ArgumentHelp("A file of FleetPolicy documents; repeatable. The built-in default policy when none.", valueName: "FILE"))
    var policy: [String] = []

    @Option(name: .shortAndLong, help: "Output format: yaml or json (a v1 List).")
    var output: OutputFormat = .yaml

    @Option(name: .long, help: "What the cluster serves: keda, kueue, both comma-separated, or none.")
    var capabilities: String = "keda,kueue"

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case yaml, json }

    func validate() throws {
        if filename.isEmpty { throw ValidationError("give at least one -f FILE|DIR (or -f - for stdin)") }
    }

    func run() throws {
        let result: RenderResult
        do {
            result = try Self.render(paths: filename, options: PolicyOptions(policyFiles: policy, capabilities: capabilities))
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
        for line in result.blocked { printError(line) }
        let manifests = result.children.map(\.manifestWithoutAppliedHash)
        switch output {
        case .yaml:
            if !manifests.isEmpty { print(YAML.emitDocuments(manifests), terminator: "") }
        case .json:
            let list: JSONValue = ["apiVersion": "v1", "kind": "List", "items": .array(manifests)]
            print(list.jsonString(pretty: true))
        }
        if !result.blocked.isEmpty { throw ExitCode(1) }
    }

    struct RenderResult {
        var children: [ChildObject]
        /// One line per resource the policy kept from being expanded.
        var blocked: [String]
    }

    /// The children of every resource in `paths`, in input order.
    static func render(paths: [String], options: PolicyOptions) throws(InputError) -> RenderResult {
        let policy = try options.effectivePolicy()
        let capabilities = try options.clusterCapabilities()
        let evaluator = PolicyEvaluator(policy: policy, capabilities: capabilities)
        var result = RenderResult(children: [], blocked: [])
        for item in try ManifestInput.resources(in: ManifestInput.read(paths)) {
            let report = evaluator.evaluate(item.resource)
            if !report.isCompliant && policy.enforcement == .enforce {
                result.blocked.append(
                    "\(item.document.location): \(item.resource.reference) not expanded: \(report.violations.count) policy violation(s); run aifleet check")
                continue
            }
            result.children += Expansion.expand(item.resource, policy: policy, capabilities: capabilities)
        }
        return result
    }
}
