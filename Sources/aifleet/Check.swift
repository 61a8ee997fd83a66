import ArgumentParser
import Fleet
import KubeCore

/// `aifleet check`: the policy gate for CI.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check aifleet resources against the FleetPolicy and estimate their cost.",
        discussion: """
            Prints each violation as `file:document: field: message (rule)`, each warning as \
            `file:document: field: warning: message (rule)`, then an estimated cost table. \
            Exits 1 when there is a violation, 2 when the input cannot be read, 0 otherwise.
            """)

    @Option(name: .shortAndLong, help: ArgumentHelp("A manifest file, a directory (not descended into) or - for stdin; repeatable.", valueName: "FILE|DIR"))
    var filename: [String] = []

    @Option(name: .long, help: ArgumentHelp("A file of FleetPolicy documents; repeatable. The built-in default policy when none.", valueName: "FILE"))
    var policy: [String] = []

    @Option(name: .long, help: "What the cluster serves: keda, kueue, both comma-separated, or none.")
    var capabilities: String = "keda,kueue"

    func validate() throws {
        if filename.isEmpty { throw ValidationError("give at least one -f FILE|DIR (or -f - for stdin)") }
    }

    func run() throws {
        let lines: [String]
        let violations: Int
        do {
            (lines, violations) = try Self.check(paths: filename, options: PolicyOptions(policyFiles: policy, capabilities: capabilities))
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
        for line in lines { print(line) }
        if violations > 0 { throw ExitCode(1) }
    }

    /// The report's lines (findings, a blank line, the cost table) and the number of violations.
    static func check(paths: [String], options: PolicyOptions) throws(InputError) -> ([String], Int) {
        let policy = try options.effectivePolicy()
        let capabilities = try options.clusterCapabilities()
        let evaluator = PolicyEvaluator(policy: policy, capabilities: capabilities)
        let costModel = CostModel(policy: policy)
        var lines: [String] = []
        var violations = 0
        var table = CostTable()
        for item in try ManifestInput.resources(in: ManifestInput.read(paths)) {
            let report = evaluator.evaluate(item.resource)
            violations += report.violations.count
            for finding in report.findings {
                let severity = finding.severity == .warning ? "warning: " : ""
                lines.append("\(item.document.location): \(finding.field): \(severity)\(finding.message) (\(finding.rule.rawValue))")
            }
            if let estimate = costModel.estimate(item.resource, capabilities: capabilities) {
                table.add(item.resource, estimate)
            }
        }
        if !table.rows.isEmpty {
            if !lines.isEmpty { lines.append("") }
            lines += table.lines
        }
        return (lines, violations)
    }
}
