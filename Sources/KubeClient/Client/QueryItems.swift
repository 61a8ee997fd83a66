/// Query parameters of an API request, in order, percent-encoded when the URL is built.
struct QueryItems: Sendable {
    private(set) var items: [(name: String, value: String)] = []

    mutating func add(_ name: String, _ value: String?) {
        guard let value else { return }
        items.append((name, value))
    }

    mutating func add(_ name: String, _ value: Bool?) {
        guard let value else { return }
        items.append((name, value ? "true" : "false"))
    }

    mutating func add(_ name: String, _ value: Int?) {
        guard let value else { return }
        items.append((name, String(value)))
    }

    /// `?a=1&b=2`, or empty when there are no items.
    var encoded: String {
        guard !items.isEmpty else { return "" }
        return "?" + items.map { "\(Self.percentEncode($0.name))=\(Self.percentEncode($0.value))" }
            .joined(separator: "&")
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters, so that selectors such as
    /// `tier in (a,b)` or `app!=web` and opaque continue tokens (base64 with `=`, `+`, `/`) survive.
    ///
    /// `keeping` lists further ASCII characters to leave as they are (`:` and `@` in a path segment).
    static func percentEncode(_ text: String, keeping: String = "") -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            case _ where keeping.utf8.contains(byte):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += "%"
                output.unicodeScalars.append(Unicode.Scalar(hexDigits[Int(byte >> 4)]))
                output.unicodeScalars.append(Unicode.Scalar(hexDigits[Int(byte & 0xF)]))
            }
        }
        return output
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)
}
