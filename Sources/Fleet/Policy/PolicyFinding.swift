/// The rules the policy checks; the raw value names the rule in messages and docs/fleetpolicy.md.
public enum PolicyRule: String, Sendable, Hashable, CaseIterable {
    /// A label of `requiredLabels` is missing from metadata.labels.
    case requiredLabels = "required-labels"
    /// The GPU type is not one of the policy's gpuClasses.
    case gpuClass = "gpu-class"
    /// GPUs asked for in a namespace outside gpuNamespaces.
    case gpuNamespace = "gpu-namespace"
    /// Replicas (or workers) over limits.maxReplicas.
    case maxReplicas = "max-replicas"
    /// Estimated hourly cost at maximum scale over limits.maxHourlySpendPerService.
    case maxHourlySpend = "max-hourly-spend"
    /// GPUs or hourly cost over the namespace's budget.
    case namespaceBudget = "namespace-budget"
    /// A secret given as a literal environment value instead of a secretKeyRef.
    case inlineSecret = "inline-secret"
    /// An image without a tag or digest (warning for `:latest`).
    case imageTag = "image-tag"
    /// Privileged container, privilege escalation, added capabilities or root user.
    case privileged = "privileged"
    /// No cpu or memory request (warning: the policy's default is used).
    case resourceFloor = "resource-floor"
    /// Something the cluster cannot do as asked (warning: e.g. scale-to-zero without KEDA).
    case capability = "capability"
}

/// Whether a finding blocks a resource.
public enum PolicySeverity: String, Sendable, Hashable, Comparable {
    /// Breaks a rule: with `enforcement: enforce` the resource is not expanded; `aifleet check` exits 1.
    case violation
    /// Worth knowing, never blocks.
    case warning

    public static func < (lhs: PolicySeverity, rhs: PolicySeverity) -> Bool {
        lhs == .violation && rhs == .warning
    }
}

/// One thing the policy found about a resource: where, which rule, and what to do.
public struct PolicyFinding: Sendable, Hashable, CustomStringConvertible {
    public var severity: PolicySeverity
    public var rule: PolicyRule
    /// The field path in the resource, e.g. `spec.resources.gpuType` or `metadata.labels`.
    public var field: String
    /// What is wrong and how to fix it, in one sentence a developer can act on.
    public var message: String

    public init(_ severity: PolicySeverity, _ rule: PolicyRule, field: String, _ message: String) {
        self.severity = severity
        self.rule = rule
        self.field = field
        self.message = message
    }

    /// `field: message (rule)`, the form `aifleet check` prints after `file:document: `.
    public var description: String { "\(field): \(message) (\(rule.rawValue))" }
}

/// Everything the policy found about one resource.
public struct PolicyReport: Sendable, Hashable {
    /// Violations first, then warnings; within each, in the order the rules ran.
    public var findings: [PolicyFinding]

    public init(findings: [PolicyFinding]) {
        // A stable partition keeps each group in rule order.
        self.findings = findings.filter { $0.severity == .violation } + findings.filter { $0.severity == .warning }
    }

    public var violations: [PolicyFinding] { findings.filter { $0.severity == .violation } }
    public var warnings: [PolicyFinding] { findings.filter { $0.severity == .warning } }
    /// No violations (warnings allowed).
    public var isCompliant: Bool { violations.isEmpty }
}
