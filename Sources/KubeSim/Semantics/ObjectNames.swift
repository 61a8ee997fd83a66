import KubeCore

/// Name rules of the API server (apimachinery's validation): most objects are named by a DNS-1123
/// subdomain, namespaces and services by a DNS-1123 label.
/// See https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
enum ObjectNames {
    /// The validation error for `name`, or nil when it is a valid name for objects of `plural`.
    static func problem(name: String, plural: String) -> String? {
        if ["namespaces", "services"].contains(plural) { return labelProblem(name) }
        return subdomainProblem(name)
    }

    /// A DNS-1123 label: at most 63 lower-case alphanumerics or '-', starting and ending alphanumeric.
    static func labelProblem(_ name: String) -> String? {
        if name.utf8.count > 63 { return "must be no more than 63 characters" }
        guard isLabel(Substring(name)) else {
            return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
        }
        return nil
    }

    /// A DNS-1123 subdomain: at most 253 characters, dot-separated labels.
    static func subdomainProblem(_ name: String) -> String? {
        if name.utf8.count > 253 { return "must be no more than 253 characters" }
        guard !name.isEmpty, name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isLabel) else {
            return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
        }
        return nil
    }

    private static func isLabel(_ label: Substring) -> Bool {
        let bytes = Array(label.utf8)
        guard let first = bytes.first, let last = bytes.last else { return false }
        func alphanumeric(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) }
        return alphanumeric(first) && alphanumeric(last) && bytes.allSatisfy { alphanumeric($0) || $0 == 0x2D }
    }

    private static let generatedAlphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    /// `generateName` plus five random characters, as the API server's name generator does.
    static func generate(prefix: String) -> String {
        // The prefix is cut so the result stays within 63 characters.
        let base = String(prefix.prefix(58))
        return base + String((0..<5).map { _ in generatedAlphabet.randomElement() ?? "x" })
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A random (version 4) UUID in the lower-case form the API server uses for `metadata.uid`.
    ///
    /// Drawn from the system generator (`getrandom`): Foundation's `UUID()` opens /dev/urandom on
    /// every call on Linux, a measurable part of a create.
    static func uid() -> String {
        var generator = SystemRandomNumberGenerator()
        let words: [UInt64] = [generator.next(), generator.next()]
        var bytes = words.flatMap { word in (0..<8).map { UInt8(truncatingIfNeeded: word >> ($0 * 8)) } }
        bytes[6] = bytes[6] & 0x0F | 0x40  // version 4
        bytes[8] = bytes[8] & 0x3F | 0x80  // RFC 4122 variant
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if [4, 6, 8, 10].contains(index) { text.append(UInt8(ascii: "-")) }
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
