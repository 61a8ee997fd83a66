import Foundation

/// How a plain (unquoted, untagged) scalar turns into a JSON value, the way kubectl reads manifests:
/// sigs.k8s.io/yaml over its go-yaml v2 fork (YAML 1.1-style, not the YAML 1.2 core schema).
///
/// Every row was checked against kubectl v1.32 (`hack/yaml-kubectl-check.sh`, which runs
/// `kubectl label --local -o json` on a manifest holding the values, offline):
///
/// | Plain scalar                                                  | Value                          |
/// |---------------------------------------------------------------|--------------------------------|
/// | empty, `~`, `null`, `Null`, `NULL`                            | null                           |
/// | `y Y yes Yes YES on On ON true True TRUE`                     | true                           |
/// | `n N no No NO off Off OFF false False FALSE`                  | false                          |
/// | other spellings (`tRUE`, `yES`, `nil`, `None`)                | the string                     |
/// | `12`, `+12`, `-12`, `1_000` (underscores are dropped)         | integer                        |
/// | `0755` (leading 0: octal), `0o17`, `0x1F`, `0b101`, `-0x10`   | integer (493, 15, 31, 5, -16)  |
/// | `1.5`, `1e3`, `.5`, `1.`, `08` (not octal, but a float)       | double                         |
/// | integer beyond Int64 up to UInt64.max                         | double                         |
/// | `.inf`, `-.inf`, `.nan` (and `.Inf`, `.INF`, `+.inf`, ...)    | error: no JSON form            |
/// | `1e400` (out of range), `0x`, `1,000`, `0b2`, `_1`            | the string                     |
/// | timestamps (`2001-12-14`, `2001-12-14T21:59:43Z`)             | the string, unchanged          |
///
/// The int/double split cannot be seen through kubectl (its JSON prints `1e3` as `1000`); it follows
/// go-yaml v2's resolve.go: ParseInt with base 0 on the text without underscores, then ParseUint, then
/// a float when the text matches `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
/// Quoted scalars are always strings; tagged ones are handled by ``resolve(tag:_:plain:)``.
enum YAMLScalarResolver {
    /// The value of a plain scalar; `.string` when it reads as nothing else.
    static func resolvePlain(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONValue {
        guard let first = bytes.first else { return .null }
        switch first {
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"),
            UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"),
            UInt8(ascii: "o"), UInt8(ascii: "O"), UInt8(ascii: "~"):
            if let word = word(bytes) { return word }
        case UInt8(ascii: "."):
            if let word = word(bytes) { return word }
            if let number = fraction(bytes) { return .double(number) }
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if let word = word(bytes) { return word }
            if let number = number(bytes) { return number }
        default:
            break
        }
        return .string(String(decoding: bytes, as: UTF8.self))
    }

    /// The value of a plain scalar given as a string.
    static func resolvePlain(_ text: String) -> JSONValue {
        var text = text
        return text.withUTF8 { resolvePlain($0) }
    }

    /// Whether `text`, written plain, would read back as the string itself.
    static func readsAsString(_ text: String) -> Bool {
        if case .string = resolvePlain(text) { return true }
        return false
    }

    // MARK: - Tags

    /// The value of a scalar with an explicit tag (go-yaml v2: `!!str`, `!!timestamp` and unknown or
    /// collection tags keep the text; `!!binary` decodes base64; `!!null`, `!!bool`, `!!int` and
    /// `!!float` resolve the text and fail unless it has that type, an integer widening to `!!float`).
    ///
    /// - Returns: the value, or a message saying why the text does not fit the tag.
    static func resolve(tag: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, Message> {
        let text = { String(decoding: bytes, as: UTF8.self) }
        let resolved: JSONValue
        switch tag {
        case yamlTag("binary"):
            // Go's base64 decoder skips line breaks, which a folded or literal !!binary scalar holds.
            let encoded = String(String.UnicodeScalarView(text().unicodeScalars.filter { $0 != "\n" && $0 != "\r" }))
            guard let decoded = Data(base64Encoded: encoded) else {
                return .failure(Message("!!binary value contains invalid base64 data"))
            }
            return .success(.string(String(decoding: decoded, as: UTF8.self)))
        case yamlTag("null"), yamlTag("bool"), yamlTag("int"), yamlTag("float"):
            resolved = resolvePlain(bytes)
        default:
            return .success(.string(text()))
        }
        switch (tag, resolved) {
        case (yamlTag("null"), .null), (yamlTag("bool"), .bool), (yamlTag("int"), .int),
            (yamlTag("float"), .double):
            return .success(resolved)
        case (yamlTag("float"), .int(let value)):
            return .success(.double(Double(value)))
        default:
            let short = "!!" + tag.dropFirst(yamlTagPrefix.count)
            return .failure(Message("cannot decode \(typeName(resolved)) `\(text())` as a \(short)"))
        }
    }

    /// A failure message of tag resolution.
    struct Message: Error {
        var text: String
        init(_ text: String) { self.text = text }
    }

    static let yamlTagPrefix = "tag:yaml.org,2002:"
    static func yamlTag(_ name: String) -> String { yamlTagPrefix + name }

    private static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "!!null"
        case .bool: "!!bool"
        case .int: "!!int"
        case .double: "!!float"
        case .string: "!!str"
        case .array: "!!seq"
        case .object: "!!map"
        }
    }

    // MARK: - Words

    private static let words: [String: JSONValue] = {
        var words: [String: JSONValue] = [:]
        for word in ["~", "null", "Null", "NULL"] { words[word] = .null }
        for word in ["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"] {
            words[word] = .bool(true)
        }
        for word in ["n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"] {
            words[word] = .bool(false)
        }
        for word in [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"] { words[word] = .double(.infinity) }
        for word in ["-.inf", "-.Inf", "-.INF"] { words[word] = .double(-.infinity) }
        for word in [".nan", ".NaN", ".NAN"] { words[word] = .double(.nan) }
        return words
    }()

    private static func word(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONValue? {
        guard bytes.count <= 6 else { return nil }
        return words[String(decoding: bytes, as: UTF8.self)]
    }

    // MARK: - Numbers

    /// A float that starts with `.` (Go's ParseFloat on `.5`, `.5e3`).
    private static func fraction(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard isYAMLFloat(bytes[...]) else { return nil }
        return finiteDouble(bytes[...])
    }

    /// An integer (go-yaml v2: ParseInt base 0, then ParseUint, on the text without underscores) or a
    /// float matching go-yaml v2's float pattern.
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONValue? {
        var digits = [UInt8]()
        digits.reserveCapacity(bytes.count)
        for byte in bytes where byte != UInt8(ascii: "_") { digits.append(byte) }
        if let integer = integer(digits[...]) { return integer }
        guard isYAMLFloat(digits[...]) else { return nil }
        return finiteDouble(digits[...]).map(JSONValue.double)
    }

    /// Go's `strconv.ParseInt(s, 0, 64)`, falling back to ParseUint (as a double, JSONValue's only
    /// form for it).
    private static func integer(_ digits: ArraySlice<UInt8>) -> JSONValue? {
        var rest = digits
        var negative = false
        if let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            rest = rest.dropFirst()
        }
        var radix: UInt64 = 10
        if rest.count > 1, rest.first == UInt8(ascii: "0") {
            switch rest[rest.startIndex + 1] | 0x20 {
            case UInt8(ascii: "x"): radix = 16; rest = rest.dropFirst(2)
            case UInt8(ascii: "o"): radix = 8; rest = rest.dropFirst(2)
            case UInt8(ascii: "b"): radix = 2; rest = rest.dropFirst(2)
            default: radix = 8; rest = rest.dropFirst()
            }
        }
        guard !rest.isEmpty else { return nil }
        var magnitude: UInt64 = 0
        for byte in rest {
            guard let digit = digitValue(byte), digit < radix else { return nil }
            let (shifted, overflow) = magnitude.multipliedReportingOverflow(by: radix)
            let (sum, carry) = shifted.addingReportingOverflow(digit)
            guard !overflow, !carry else { return nil }
            magnitude = sum
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return .int(magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude))
        }
        if magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
        // ParseUint refuses a sign: "+18446744073709551615" is not a number to go-yaml v2.
        return digits.first == UInt8(ascii: "+") ? nil : .double(Double(magnitude))
    }

    private static func digitValue(_ byte: UInt8) -> UInt64? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt64(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt64(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt64(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
    private static func isYAMLFloat(_ text: some Collection<UInt8>) -> Bool {
        var index = text.startIndex
        func skipDigits() -> Int {
            var count = 0
            while index != text.endIndex, text[index] >= UInt8(ascii: "0"), text[index] <= UInt8(ascii: "9") {
                text.formIndex(after: &index)
                count += 1
            }
            return count
        }
        func skip(_ characters: UInt8...) -> Bool {
            guard index != text.endIndex, characters.contains(text[index]) else { return false }
            text.formIndex(after: &index)
            return true
        }
        _ = skip(UInt8(ascii: "+"), UInt8(ascii: "-"))
        if skip(UInt8(ascii: ".")) {
            guard skipDigits() > 0 else { return false }
        } else {
            guard skipDigits() > 0 else { return false }
            if skip(UInt8(ascii: ".")) { _ = skipDigits() }
        }
        if skip(UInt8(ascii: "e"), UInt8(ascii: "E")) {
            _ = skip(UInt8(ascii: "+"), UInt8(ascii: "-"))
            guard skipDigits() > 0 else { return false }
        }
        return index == text.endIndex
    }

    /// The double of a text matching the float pattern; nil when out of range (Go's ParseFloat fails
    /// with ErrRange there, and go-yaml v2 keeps the string).
    private static func finiteDouble(_ text: some Collection<UInt8>) -> Double? {
        guard let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }
}
