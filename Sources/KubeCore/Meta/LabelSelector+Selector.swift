/// A parsed label selector: requirements on an object's labels, all of which must hold.
///
/// The string form is the one `kubectl -l` and the `labelSelector` query parameter take
/// (k8s.io/apimachinery/pkg/labels): `app=web,tier!=batch,env in (prod,staging),!canary,gpu`.
/// `description` renders it canonically, requirements sorted by key and set values sorted, as
/// apimachinery does, so equal selectors print the same (cache keys, logs, query strings).
public struct Selector: Sendable, Hashable, CustomStringConvertible {
    /// The requirements, sorted by key (stable, so several on one key keep their order).
    public private(set) var requirements: [Requirement]

    /// Selects every object.
    public static let everything = Selector(sorting: [])

    /// True when the selector has no requirements and so selects every object.
    public var isEmpty: Bool { requirements.isEmpty }

    /// A selector of the given requirements, which are sorted by key.
    public init(_ requirements: [Requirement]) { self.init(sorting: requirements) }

    private init(sorting requirements: [Requirement]) {
        self.requirements = requirements.enumerated()
            .sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }
            .map(\.element)
    }

    /// The equality selector of a label set, e.g. a Service's `selector` or a LabelSelector's `matchLabels`.
    public init(matching labels: [String: String]) throws(LabelSelectorError) {
        var requirements: [Requirement] = []
        for (key, value) in labels {
            requirements.append(try Requirement(key: key, operator: .equals, values: [value]))
        }
        self.init(sorting: requirements)
    }

    /// Converts a metav1.LabelSelector, as `metav1.LabelSelectorAsSelector` does: each `matchLabels`
    /// pair becomes `key=value`, each expression its operator. An empty LabelSelector selects everything.
    /// (A *missing* selector selects nothing where the API says so; callers decide that before converting.)
    public init(_ labelSelector: LabelSelector) throws(LabelSelectorError) {
        var requirements = try Selector(matching: labelSelector.matchLabels ?? [:]).requirements
        for expression in labelSelector.matchExpressions ?? [] {
            let op: Operator
            switch expression.operator {
            case .in: op = .in
            case .notIn: op = .notIn
            case .exists: op = .exists
            case .doesNotExist: op = .doesNotExist
            }
            requirements.append(try Requirement(key: expression.key, operator: op, values: expression.values ?? []))
        }
        self.init(sorting: requirements)
    }

    /// True when `labels` meet every requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(labels) }
    }

    public var description: String { requirements.map(\.description).joined(separator: ",") }

    /// The operators of the string syntax. `=` and `==` mean the same and render as written.
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        case equals = "="
        case doubleEquals = "=="
        case notEquals = "!="
        case `in` = "in"
        case notIn = "notin"
        case exists = "exists"
        case doesNotExist = "!"
        case greaterThan = ">"
        case lessThan = "<"
    }

    /// One requirement: a key, an operator and the values it compares with.
    public struct Requirement: Sendable, Hashable, CustomStringConvertible {
        public let key: String
        public let `operator`: Operator
        /// Sorted and without duplicates: the values form a set.
        public let values: [String]

        /// Validates the key and values as apimachinery's `NewRequirement` does: `in`/`notin` need at
        /// least one value, `=`/`==`/`!=` exactly one, `exists`/`!` none, `>`/`<` one integer.
        public init(key: String, operator: Operator, values: [String]) throws(LabelSelectorError) {
            if let problem = LabelSyntax.problem(withKey: key) {
                throw LabelSelectorError("invalid label key \"\(key)\": \(problem)")
            }
            switch `operator` {
            case .in, .notIn:
                if values.isEmpty {
                    throw LabelSelectorError("for 'in', 'notin' operators, values set can't be empty")
                }
            case .equals, .doubleEquals, .notEquals:
                if values.count != 1 {
                    throw LabelSelectorError("exact-match compatibility requires one single value")
                }
            case .exists, .doesNotExist:
                if !values.isEmpty {
                    throw LabelSelectorError("values set must be empty for exists and does not exist")
                }
            case .greaterThan, .lessThan:
                if values.count != 1 {
                    throw LabelSelectorError("for 'Gt', 'Lt' operators, exactly one value is required")
                }
                if Int64(values[0]) == nil {
                    throw LabelSelectorError("for 'Gt', 'Lt' operators, the value must be an integer")
                }
            }
            for value in values {
                if let problem = LabelSyntax.problem(withValue: value) {
                    throw LabelSelectorError("invalid label value: \"\(value)\": \(problem)")
                }
            }
            self.key = key
            self.operator = `operator`
            self.values = Array(Set(values)).sorted()
        }

        /// Whether `labels` meet this requirement. `!=` and `notin` hold for an object without the key,
        /// as in apimachinery; `>` and `<` need the label to be an integer.
        public func matches(_ labels: [String: String]) -> Bool {
            let value = labels[key]
            switch `operator` {
            case .equals, .doubleEquals, .in:
                guard let value else { return false }
                return values.contains(value)
            case .notEquals, .notIn:
                guard let value else { return true }
                return !values.contains(value)
            case .exists:
                return value != nil
            case .doesNotExist:
                return value == nil
            case .greaterThan, .lessThan:
                guard let value, let actual = Int64(value), let bound = values.first.flatMap({ Int64($0) }) else {
                    return false
                }
                return `operator` == .greaterThan ? actual > bound : actual < bound
            }
        }

        public var description: String {
            switch `operator` {
            case .exists: return key
            case .doesNotExist: return "!\(key)"
            case .in, .notIn: return "\(key) \(`operator`.rawValue) (\(values.joined(separator: ",")))"
            case .equals, .doubleEquals, .notEquals, .greaterThan, .lessThan:
                return "\(key)\(`operator`.rawValue)\(values.first ?? "")"
            }
        }
    }
}
