/// Go's `strconv.FormatFloat(f, 'g', -1, 32)`, which sigs.k8s.io/yaml uses to turn a float map key
/// (`1.5: x`) into a JSON member name.
enum GoFloatFormat {
    /// The shortest digits that identify `value` as a 32-bit float, in `%e` form when the decimal
    /// exponent is below -4 or at least 6 (Go's rule for the shortest precision), else in `%f` form.
    static func shortestFloat32(_ value: Double) -> String {
        let float = Float(value)
        guard float.isFinite else { return float.isNaN ? ".nan" : (float < 0 ? "-.inf" : ".inf") }
        // Swift's description holds the shortest round-tripping digits; take digits and exponent from it.
        var text = Substring(float.magnitude.description)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        let point = text.firstIndex(of: ".") ?? text.endIndex
        var digits = Array(text[..<point].utf8) + Array(text[point...].dropFirst().utf8)
        var decimalPoint = text.distance(from: text.startIndex, to: point) + exponent
        while digits.first == UInt8(ascii: "0") {
            digits.removeFirst()
            decimalPoint -= 1
        }
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        let sign = float.sign == .minus ? "-" : ""
        guard !digits.isEmpty else { return sign + "0" }
        let digitText = String(decoding: digits, as: UTF8.self)
        let decimalExponent = decimalPoint - 1
        if decimalExponent < -4 || decimalExponent >= 6 {
            let mantissa = digits.count > 1 ? "\(digitText.prefix(1)).\(digitText.dropFirst())" : digitText
            let magnitude = abs(decimalExponent)
            return "\(sign)\(mantissa)e\(decimalExponent < 0 ? "-" : "+")\(magnitude < 10 ? "0" : "")\(magnitude)"
        }
        if decimalPoint <= 0 {
            return sign + "0." + String(repeating: "0", count: -decimalPoint) + digitText
        }
        if decimalPoint >= digits.count {
            return sign + digitText + String(repeating: "0", count: decimalPoint - digits.count)
        }
        return sign + digitText.prefix(decimalPoint) + "." + digitText.dropFirst(decimalPoint)
    }
}
