/// Writes ``JSONValue``s as block-style YAML, byte by byte.
///
/// Mappings and sequences are blocks with a 2-space indent; a sequence under a key starts at the key's
/// column and a mapping in a sequence starts on the dash's line, as kubectl prints them. Empty
/// collections are `{}` and `[]`. Each string is written plain when it reads back as that same string
/// (``YAMLScalarResolver`` and the checks in ``isPlainSafe(_:isKey:)``), as a literal block (`|`)
/// when it spans lines and holds only printable text, and double-quoted otherwise.
struct YAMLWriter {
    private(set) var bytes: [UInt8] = []

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Longest key written as an implicit `key: value`; YAML caps implicit keys at 1024 characters, so
    /// longer ones use the explicit `? key` form.
    static let maxImplicitKeyBytes = 1000

    mutating func writeDocumentSeparator() {
        append("---\n")
    }

    mutating func writeDocument(_ value: JSONValue) {
        switch value {
        case .object(let object) where !object.isEmpty: writeMapping(object, indent: 0, startsOnLine: false)
        case .array(let array) where !array.isEmpty: writeSequence(array, indent: 0, startsOnLine: false)
        // A literal block at the top is indented too: at column 0 a line could read as `---` or `%`.
        default: writeScalar(value, indent: 2)
        }
    }

    // MARK: - Collections

    /// Members of a non-empty mapping at `indent`; when `startsOnLine`, the first one continues the
    /// current line (after `- `).
    private mutating func writeMapping(_ object: JSONObject, indent: Int, startsOnLine: Bool) {
        var first = true
        for (key, value) in object {
            if !first || !startsOnLine { writeIndent(indent) }
            first = false
            if key.utf8.count > Self.maxImplicitKeyBytes {
                append("? ")
                writeQuoted(key)
                bytes.append(UInt8(ascii: "\n"))
                writeIndent(indent)
                writeValue(value, indent: indent, sequenceIndent: indent + 2)
            } else {
                if isPlainSafe(key, isKey: true) { append(key) } else { writeQuoted(key) }
                writeValue(value, indent: indent, sequenceIndent: indent)
            }
        }
    }

    /// `:` and the value of a member whose key is written at `indent`.
    private mutating func writeValue(_ value: JSONValue, indent: Int, sequenceIndent: Int) {
        switch value {
        case .object(let object) where !object.isEmpty:
            append(":\n")
            writeMapping(object, indent: indent + 2, startsOnLine: false)
        case .array(let array) where !array.isEmpty:
            append(":\n")
            writeSequence(array, indent: sequenceIndent, startsOnLine: false)
        default:
            append(": ")
            writeScalar(value, indent: indent + 2)
        }
    }

    private mutating func writeSequence(_ array: [JSONValue], indent: Int, startsOnLine: Bool) {
        var first = true
        for element in array {
            if !first || !startsOnLine { writeIndent(indent) }
            first = false
            append("- ")
            switch element {
            case .object(let object) where !object.isEmpty:
                writeMapping(object, indent: indent + 2, startsOnLine: true)
            case .array(let array) where !array.isEmpty:
                writeSequence(array, indent: indent + 2, startsOnLine: true)
            default:
                writeScalar(element, indent: indent + 2)
            }
        }
    }

    // MARK: - Scalars

    /// A scalar and its line break; a literal block's lines are indented by `indent`.
    private mutating func writeScalar(_ value: JSONValue, indent: Int) {
        switch value {
        case .null: append("null")
        case .bool(let bool): append(bool ? "true" : "false")
        case .int(let integer): append(String(integer))
        // Swift prints the shortest round-tripping form with a ".0" on whole numbers, which reads back
        // as a double; JSON has no infinity or NaN, so they are null as in JSON serialization.
        case .double(let double): append(double.isFinite ? String(double) : "null")
        case .string(let string):
            if isPlainSafe(string, isKey: false) {
                append(string)
            } else if isLiteralSafe(string) {
                writeLiteral(string, indent: indent)
                return
            } else {
                writeQuoted(string)
            }
        case .array: append("[]")
        case .object: append("{}")
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    /// `|`, `|-` or `|+` (the chomping that keeps the string's trailing line breaks exactly), then the
    /// lines at `indent`; empty lines are written without indentation.
    private mutating func writeLiteral(_ string: String, indent: Int) {
        var body = Substring(string)
        if body.hasSuffix("\n") {
            body = body.dropLast()
            append(body.hasSuffix("\n") ? "|+\n" : "|\n")
        } else {
            append("|-\n")
        }
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.isEmpty {
                writeIndent(indent)
                append(line)
            }
            bytes.append(UInt8(ascii: "\n"))
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// A double-quoted scalar on one line: non-printable characters and YAML's extra line breaks
    /// (U+0085, U+2028, U+2029) are escaped, so nothing is folded or rejected when read back.
    private mutating func writeQuoted(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": append("\\\"")
            case "\\": append("\\\\")
            case "\n": append("\\n")
            case "\t": append("\\t")
            case "\r": append("\\r")
            default:
                if Self.isPrintable(scalar) {
                    append(String(scalar))
                } else {
                    append("\\u")
                    let value = scalar.value
                    for shift in stride(from: 12, through: 0, by: -4) {
                        bytes.append(Self.hexDigits[Int((value >> UInt32(shift)) & 0xF)])
                    }
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    // MARK: - Style choice

    /// Characters that start something other than a plain scalar when first.
    private static let indicators = Set("-?:,[]{}#&*!|>'\"%@`".unicodeScalars)

    /// Whether `string` can be written without quotes and read back as the same string.
    func isPlainSafe(_ string: String, isKey: Bool) -> Bool {
        let scalars = string.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return false }
        guard !Self.indicators.contains(first), first != " ", last != " ", last != ":" else { return false }
        // A plain `<<` key is a merge; `...` at the start of a line ends a document.
        if isKey && string == "<<" { return false }
        if string.hasPrefix("...") { return false }
        var previous: Unicode.Scalar = " "
        for scalar in scalars {
            guard Self.isPrintable(scalar) else { return false }
            if (previous == ":" && scalar == " ") || (previous == " " && scalar == "#") { return false }
            previous = scalar
        }
        return YAMLScalarResolver.readsAsString(string)
    }

    /// Whether a multi-line `string` can be a literal block: printable lines (tabs allowed), the first
    /// one not empty and not starting with a space (which would change the detected indentation).
    private func isLiteralSafe(_ string: String) -> Bool {
        guard string.contains("\n"), let first = string.unicodeScalars.first,
            first != " ", first != "\t", first != "\n"
        else { return false }
        return string.unicodeScalars.allSatisfy { $0 == "\n" || $0 == "\t" || Self.isPrintable($0) }
    }

    /// YAML's printable characters, less the ones libyaml reads as line breaks or a byte order mark.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E: true
        case 0xA0...0xD7FF: scalar.value != 0x2028 && scalar.value != 0x2029
        case 0xE000...0xFFFD: scalar.value != 0xFEFF
        case 0x10000...: true
        default: false
        }
    }

    // MARK: - Bytes

    private mutating func writeIndent(_ indent: Int) {
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
    }

    private mutating func append(_ text: some StringProtocol) {
        bytes.append(contentsOf: text.utf8)
    }
}
