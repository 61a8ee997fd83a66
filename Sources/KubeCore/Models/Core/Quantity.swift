/// resource.Quantity: an amount of a resource, e.g. `500m` CPU or `2Gi` memory.
///
/// It keeps the text it was given, so that what was applied is what is sent back (the API server
/// canonicalizes on its side); equality is equality of the text, so `1` and `1000m` differ.
/// ``value`` reads the amount as a number.
public struct Quantity: Codable, Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The text as written, e.g. `1.5Gi`.
    public var string: String

    public init(_ string: String) { self.string = string }
    public init(stringLiteral value: String) { self.string = value }

    /// A quantity of `value` with no suffix, e.g. `Quantity(3)` is `3`.
    public init(_ value: Int) { self.string = String(value) }

    public init(from decoder: any Decoder) throws {
        // The API server always writes quantities as strings but accepts bare numbers on input.
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            string = text
        } else if let number = try? container.decode(Int64.self) {
            string = String(number)
        } else if let number = try? container.decode(Double.self) {
            string = String(number)
        } else {
            throw DecodingError.typeMismatch(
                Quantity.self,
                .init(codingPath: decoder.codingPath, debugDescription: "expected a quantity such as \"500m\" or \"2Gi\""))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(string)
    }

    public var description: String { string }

    /// The amount as a number in base units (cores, bytes), or nil when the text is not a quantity.
    ///
    /// The syntax is apimachinery's: an optionally signed decimal number followed by a binary suffix
    /// (`Ki`, `Mi`, `Gi`, `Ti`, `Pi`, `Ei`), a decimal suffix (`n`, `u`, `m`, `k`, `M`, `G`, `T`, `P`,
    /// `E`) or a decimal exponent (`e3`, `E-2`). `500m` is 0.5, `2Gi` is 2147483648, `1e3` is 1000.
    public var value: Double? {
        let scalars = Array(string.utf8)
        var index = 0
        var sign = 1.0
        if index < scalars.count, scalars[index] == UInt8(ascii: "+") || scalars[index] == UInt8(ascii: "-") {
            if scalars[index] == UInt8(ascii: "-") { sign = -1 }
            index += 1
        }
        let numberStart = index
        var digits = 0
        var seenPoint = false
        while index < scalars.count {
            let byte = scalars[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits += 1
            } else if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                break
            }
            index += 1
        }
        guard digits > 0,
            let number = Double(String(decoding: scalars[numberStart..<index], as: UTF8.self)),
            let multiplier = Self.multiplier(ofSuffix: String(decoding: scalars[index...], as: UTF8.self))
        else { return nil }
        return sign * number * multiplier
    }

    private static let suffixes: [String: Double] = [
        "": 1, "n": 1e-9, "u": 1e-6, "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18,
        "Ki": 0x1p10, "Mi": 0x1p20, "Gi": 0x1p30, "Ti": 0x1p40, "Pi": 0x1p50, "Ei": 0x1p60,
    ]

    private static func multiplier(ofSuffix suffix: String) -> Double? {
        if let multiplier = suffixes[suffix] { return multiplier }
        // A decimal exponent: `e` or `E`, then a signed integer (`E` alone is exa, handled above).
        guard let first = suffix.first, first == "e" || first == "E",
            let exponent = Int(suffix.dropFirst()), abs(exponent) <= 308
        else { return nil }
        return pow10(exponent)
    }

    private static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }
}
