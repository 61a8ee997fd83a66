/// Why a label selector could not be parsed or converted.
///
/// The message follows apimachinery's wording where there is one (`found 'X', expected: identifier`);
/// `column` locates the offending token in the selector's text.
public struct LabelSelectorError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// 1-based column of the offending token in the parsed text; nil for a structured `LabelSelector`.
    public var column: Int?

    public init(_ message: String, column: Int? = nil) {
        self.message = message
        self.column = column
    }

    public var description: String {
        guard let column else { return message }
        return "column \(column): \(message)"
    }
}

/// The syntax of label keys and values, as apimachinery's `validation.IsQualifiedName` and
/// `IsValidLabelValue` check it (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set).
enum LabelSyntax {
    static let maxNameLength = 63
    static let maxPrefixLength = 253

    /// Nil when `key` is a qualified name (`[prefix/]name`), else why not.
    static func problem(withKey key: String) -> String? {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        let name: Substring
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            let prefix = parts[0]
            if prefix.isEmpty { return "prefix part must be non-empty" }
            if prefix.utf8.count > maxPrefixLength {
                return "prefix part must be no more than \(maxPrefixLength) characters"
            }
            if !isDNSSubdomain(prefix) {
                return "prefix part must be a lowercase DNS subdomain (e.g. 'example.com')"
            }
            name = parts[1]
        default:
            return "a qualified name must consist of an optional DNS subdomain prefix and a name, separated by '/'"
        }
        if name.isEmpty { return "name part must be non-empty" }
        if name.utf8.count > maxNameLength { return "name part must be no more than \(maxNameLength) characters" }
        if !isName(name) {
            return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
        }
        return nil
    }

    /// Nil when `value` is a valid label value (empty, or a name of at most 63 characters), else why not.
    static func problem(withValue value: String) -> String? {
        if value.isEmpty { return nil }
        if value.utf8.count > maxNameLength { return "must be no more than \(maxNameLength) characters" }
        if !isName(Substring(value)) {
            return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
        }
        return nil
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`
    private static func isName(_ text: Substring) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, let last = bytes.last, isAlphanumeric(first), isAlphanumeric(last) else {
            return false
        }
        return bytes.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
    }

    /// Dot-separated DNS labels of lowercase alphanumerics and '-', each starting and ending alphanumeric.
    private static func isDNSSubdomain(_ text: Substring) -> Bool {
        text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            let bytes = Array(label.utf8)
            func lowerAlnum(_ byte: UInt8) -> Bool {
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            }
            guard let first = bytes.first, let last = bytes.last, lowerAlnum(first), lowerAlnum(last) else {
                return false
            }
            return bytes.allSatisfy { lowerAlnum($0) || $0 == UInt8(ascii: "-") }
        }
    }
}
