// The string syntax of label selectors, read the way k8s.io/apimachinery/pkg/labels' lexer and parser
// read it: identifiers are runs of anything but whitespace and `=!(),<>`; `in` and `notin` are
// keywords only where an operator is expected; values may be empty (`a=`, `a in (x,)`).

extension Selector {
    /// Parses the string form, e.g. `app=web, env in (prod,staging), !canary`. An empty or blank
    /// string gives ``everything``.
    ///
    /// Errors: a `LabelSelectorError` naming the column and the token found, or the invalid key or value.
    public init(parsing text: String) throws(LabelSelectorError) {
        var parser = LabelSelectorParser(text)
        self.init(try parser.parse())
    }
}

/// A recursive-descent parser over the tokens of a selector string.
struct LabelSelectorParser {
    enum Token: Equatable {
        case identifier(String)
        case op(Selector.Operator)
        case openParen, closeParen, comma, end

        var text: String {
            switch self {
            case .identifier(let name): return name
            case .op(let op): return op.rawValue
            case .openParen: return "("
            case .closeParen: return ")"
            case .comma: return ","
            case .end: return "end of string"
            }
        }
    }

    private let bytes: [UInt8]
    private var offset = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    mutating func parse() throws(LabelSelectorError) -> [Selector.Requirement] {
        var requirements: [Selector.Requirement] = []
        var (token, column) = try next()
        if token == .end { return [] }
        while true {
            requirements.append(try requirement(startingWith: token, at: column))
            let (separator, separatorColumn) = try next()
            switch separator {
            case .end:
                return requirements
            case .comma:
                (token, column) = try next()
                if case .identifier = token { continue }
                if token == .op(.doesNotExist) { continue }
                throw LabelSelectorError("found '\(token.text)', expected: identifier after ','", column: column)
            default:
                throw LabelSelectorError(
                    "found '\(separator.text)', expected: ',' or 'end of string'", column: separatorColumn)
            }
        }
    }

    private mutating func requirement(startingWith first: Token, at column: Int) throws(LabelSelectorError)
        -> Selector.Requirement
    {
        var keyToken = first
        var keyColumn = column
        let negated = first == .op(.doesNotExist)
        if negated { (keyToken, keyColumn) = try next() }
        guard case .identifier(let key) = keyToken, !Self.isKeyword(key) else {
            let expected = negated ? "identifier" : "!, identifier, or 'end of string'"
            throw LabelSelectorError("found '\(keyToken.text)', expected: \(expected)", column: keyColumn)
        }
        let (lookahead, _) = try peek()
        if negated || lookahead == .end || lookahead == .comma {
            return try make(key: key, operator: negated ? .doesNotExist : .exists, values: [], column: keyColumn)
        }
        let (opToken, opColumn) = try next()
        let op: Selector.Operator
        switch opToken {
        case .identifier("in"): op = .in
        case .identifier("notin"): op = .notIn
        case .op(let symbol) where symbol != .doesNotExist: op = symbol
        default:
            throw LabelSelectorError(
                "found '\(opToken.text)', expected: in, notin, =, ==, !=, gt, lt", column: opColumn)
        }
        let values = op == .in || op == .notIn ? try setValues() : [try exactValue()]
        return try make(key: key, operator: op, values: values, column: keyColumn)
    }

    private func make(key: String, operator op: Selector.Operator, values: [String], column: Int)
        throws(LabelSelectorError) -> Selector.Requirement
    {
        do {
            return try Selector.Requirement(key: key, operator: op, values: values)
        } catch {
            throw LabelSelectorError(error.message, column: column)
        }
    }

    /// `= value`: the value may be empty when the requirement ends there.
    private mutating func exactValue() throws(LabelSelectorError) -> String {
        let (lookahead, _) = try peek()
        if lookahead == .end || lookahead == .comma { return "" }
        let (token, column) = try next()
        guard case .identifier(let value) = token else {
            throw LabelSelectorError("found '\(token.text)', expected: identifier", column: column)
        }
        return value
    }

    /// `(v1, v2, …)`: comma-separated values, each possibly empty.
    private mutating func setValues() throws(LabelSelectorError) -> [String] {
        let (open, openColumn) = try next()
        guard open == .openParen else {
            throw LabelSelectorError("found '\(open.text)', expected: '('", column: openColumn)
        }
        var values: [String] = []
        var current: String?
        var sawComma = false
        while true {
            let (token, column) = try next()
            switch token {
            case .identifier(let value) where current == nil:
                current = value
            case .comma:
                values.append(current ?? "")
                current = nil
                sawComma = true
            case .closeParen:
                if current != nil || sawComma { values.append(current ?? "") }
                return values
            default:
                throw LabelSelectorError("found '\(token.text)', expected: ',', ')' or identifier", column: column)
            }
        }
    }

    private static func isKeyword(_ word: String) -> Bool { word == "in" || word == "notin" }

    // MARK: Lexer

    private static func isSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","),
            UInt8(ascii: "<"), UInt8(ascii: ">"):
            return true
        default:
            return false
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    private func peek() throws(LabelSelectorError) -> (Token, Int) {
        var copy = self
        return try copy.next()
    }

    /// The next token and its 1-based column.
    private mutating func next() throws(LabelSelectorError) -> (Token, Int) {
        while offset < bytes.count, Self.isSpace(bytes[offset]) { offset += 1 }
        let column = offset + 1
        guard offset < bytes.count else { return (.end, column) }
        let byte = bytes[offset]
        if !Self.isSpecial(byte) {
            let start = offset
            while offset < bytes.count, !Self.isSpecial(bytes[offset]), !Self.isSpace(bytes[offset]) { offset += 1 }
            return (.identifier(String(decoding: bytes[start..<offset], as: UTF8.self)), column)
        }
        let pair = offset + 1 < bytes.count ? (byte, bytes[offset + 1]) : (byte, 0)
        if pair == (UInt8(ascii: "="), UInt8(ascii: "=")) || pair == (UInt8(ascii: "!"), UInt8(ascii: "=")) {
            offset += 2
            return (.op(pair.0 == UInt8(ascii: "=") ? .doubleEquals : .notEquals), column)
        }
        offset += 1
        switch byte {
        case UInt8(ascii: "="): return (.op(.equals), column)
        case UInt8(ascii: "!"): return (.op(.doesNotExist), column)
        case UInt8(ascii: ">"): return (.op(.greaterThan), column)
        case UInt8(ascii: "<"): return (.op(.lessThan), column)
        case UInt8(ascii: "("): return (.openParen, column)
        case UInt8(ascii: ")"): return (.closeParen, column)
        default: return (.comma, column)
        }
    }
}
