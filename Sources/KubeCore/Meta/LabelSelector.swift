/// metav1.LabelSelector: the structured selector of workloads, PodDisruptionBudgets and NetworkPolicies.
///
/// The requirements are ANDed. An empty selector (no labels, no expressions) selects everything, and
/// a nil one selects nothing where the API documents so (see `Selector.init(_:)` for the conversion).
public struct LabelSelector: Codable, Sendable, Hashable {
    /// Each pair is the requirement `KEY In (VALUE)`.
    public var matchLabels: [String: String]?
    public var matchExpressions: [LabelSelectorRequirement]?

    public init(matchLabels: [String: String]? = nil, matchExpressions: [LabelSelectorRequirement]? = nil) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }
}

/// metav1.LabelSelectorRequirement: one expression of a `LabelSelector`.
public struct LabelSelectorRequirement: Codable, Sendable, Hashable {
    public var key: String
    public var `operator`: LabelSelectorOperator
    /// Non-empty for `In` and `NotIn`, empty for `Exists` and `DoesNotExist`.
    public var values: [String]?

    public init(key: String, operator: LabelSelectorOperator, values: [String]? = nil) {
        self.key = key
        self.operator = `operator`
        self.values = values
    }
}

/// metav1.LabelSelectorOperator: how a requirement compares a label's value with its values.
public enum LabelSelectorOperator: String, Codable, Sendable, Hashable, CaseIterable {
    case `in` = "In"
    case notIn = "NotIn"
    case exists = "Exists"
    case doesNotExist = "DoesNotExist"
}
