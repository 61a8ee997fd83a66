/// A Kubernetes resource quantity (`500m`, `4`, `16Gi`), read from a string or an integer as the
/// API server accepts both (`x-kubernetes-int-or-string`), and written back the way it was given.
public struct Quantity: Codable, Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The quantity as written, e.g. `16Gi`.
    public var description: String

    public init(_ text: String) { description = text }
    public init(stringLiteral value: String) { description = value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            description = String(number)
        } else {
            description = try container.decode(String.self)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The amount as a number in base units (cores, bytes); nil when the text is not a quantity.
    ///
    /// Suffixes as in k8s.io/apimachinery/pkg/api/resource: decimal `m k M G T P E`, binary
    /// `Ki Mi Gi Ti Pi Ei`, and an exponent form such as `1e3`.
    public var value: Double? {
        let text = description
        guard !text.isEmpty else { return nil }
        let suffixes: [(String, Double)] = [
            ("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776),
            ("Pi", 1_125_899_906_842_624), ("Ei", 1_152_921_504_606_846_976),
            ("m", 0.001), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18),
        ]
        for (suffix, factor) in suffixes where text.hasSuffix(suffix) {
            guard let number = Double(text.dropLast(suffix.count)), number >= 0 else { return nil }
            return number * factor
        }
        guard let number = Double(text), number >= 0 else { return nil }
        return number
    }
}
