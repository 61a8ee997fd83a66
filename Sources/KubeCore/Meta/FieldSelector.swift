/// A parsed field selector, the `fieldSelector` query parameter: `metadata.name=web,metadata.namespace!=kube-system`.
///
/// Terms are `FIELD=VALUE`, `FIELD==VALUE` or `FIELD!=VALUE`, comma-separated and all required, as in
/// k8s.io/apimachinery/pkg/fields; `\,`, `\=` and `\\` escape those characters in values. Which fields
/// may be used depends on the kind; the API server answers 400 "field label not supported" for others.
public struct FieldSelector: Sendable, Hashable, CustomStringConvertible {
    /// One `field op value` term.
    public struct Term: Sendable, Hashable {
        public var field: String
        /// True for `!=`.
        public var negated: Bool
        public var value: String

        public init(field: String, negated: Bool = false, value: String) {
            self.field = field
            self.negated = negated
            self.value = value
        }
    }

    /// The fields every kind supports (apimachinery's `DefaultMetaV1FieldSelectorConversion`).
    public static let metadataFields: Set<String> = ["metadata.name", "metadata.namespace"]

    public var terms: [Term]

    public init(terms: [Term]) { self.terms = terms }

    /// Parses the selector, refusing fields not in `supportedFields`. An empty string selects everything.
    public init(parsing text: String, supportedFields: Set<String> = FieldSelector.metadataFields)
        throws(LabelSelectorError)
    {
        var terms: [Term] = []
        var column = 1
        for rawTerm in Self.split(text, on: ",") {
            defer { column += rawTerm.count + 1 }
            let term = rawTerm.trimmingSpaces
            // Empty terms (`a=b,`, a blank selector) are skipped, as apimachinery's parser does.
            if term.isEmpty { continue }
            terms.append(try Self.parseTerm(term, column: column, supportedFields: supportedFields))
        }
        self.terms = terms
    }

    /// True when every term holds for `object` (a JSON object). A missing field reads as the empty string.
    public func matches(_ object: JSONValue) -> Bool {
        terms.allSatisfy { term in
            let actual = Self.text(of: object[path: term.field.split(separator: ".").map(String.init)])
            return (actual == term.value) != term.negated
        }
    }

    public var isEmpty: Bool { terms.isEmpty }

    public var description: String {
        // Sorted, as apimachinery renders an AND of terms.
        terms.map { "\($0.field)\($0.negated ? "!=" : "=")\(Self.escape($0.value))" }.sorted().joined(separator: ",")
    }

    // MARK: Parsing

    private static func parseTerm(_ term: String, column: Int, supportedFields: Set<String>) throws(LabelSelectorError)
        -> Term
    {
        for op in ["!=", "==", "="] {
            let pieces = split(term, on: op, limit: 2)
            guard pieces.count == 2 else { continue }
            let field = pieces[0].trimmingSpaces
            guard supportedFields.contains(field) else {
                throw LabelSelectorError("field label not supported: \(field)", column: column)
            }
            return Term(field: field, negated: op == "!=", value: unescape(pieces[1].trimmingSpaces))
        }
        throw LabelSelectorError("invalid selector: '\(term)'; can't understand '\(term)'", column: column)
    }

    /// Splits on unescaped occurrences of `separator` (a backslash escapes the next character).
    private static func split(_ text: String, on separator: String, limit: Int = .max) -> [String] {
        var pieces: [String] = []
        var current = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "\\", text.index(after: index) < text.endIndex {
                current.append(text[index])
                current.append(text[text.index(after: index)])
                index = text.index(index, offsetBy: 2)
            } else if pieces.count + 1 < limit, text[index...].hasPrefix(separator) {
                pieces.append(current)
                current = ""
                index = text.index(index, offsetBy: separator.count)
            } else {
                current.append(text[index])
                index = text.index(after: index)
            }
        }
        pieces.append(current)
        return pieces
    }

    private static func unescape(_ value: String) -> String {
        var result = ""
        var escaping = false
        for character in value {
            if escaping || character != "\\" {
                result.append(character)
                escaping = false
            } else {
                escaping = true
            }
        }
        return result
    }

    private static func escape(_ value: String) -> String {
        var result = ""
        for character in value {
            if character == "\\" || character == "," || character == "=" { result.append("\\") }
            result.append(character)
        }
        return result
    }

    private static func text(of value: JSONValue?) -> String {
        switch value {
        case .string(let text): return text
        case .int, .double, .bool: return value.map(\.description) ?? ""
        default: return ""
        }
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
