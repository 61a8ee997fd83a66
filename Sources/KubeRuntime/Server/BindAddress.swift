/// Where a server listens, as controller-runtime's `--metrics-bind-address` and
/// `--health-probe-bind-address` flags give it.
public struct BindAddress: Sendable, Hashable, CustomStringConvertible {
    /// An IP address or host name; `0.0.0.0` for every interface.
    public var host: String
    /// The TCP port; 0 asks the system for a free one.
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port`, with IPv6 addresses in brackets.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Parses a flag value the way controller-runtime reads it: `0` (or an empty value) turns the
    /// server off, `:8080` listens on every interface, `127.0.0.1:8080`, `localhost:8080` and
    /// `[::1]:8080` on one.
    /// - Returns: nil when the value turns the server off.
    /// - Throws: ``BindAddressError`` naming the value when it is not one of these forms.
    public static func parse(_ text: String) throws(BindAddressError) -> BindAddress? {
        if text.isEmpty || text == "0" { return nil }
        guard let colon = text.lastIndex(of: ":") else {
            throw BindAddressError(text, "expected host:port, :port, or 0 to disable")
        }
        var host = String(text[..<colon])
        let portText = text[text.index(after: colon)...]
        guard let port = Int(portText), (0...65_535).contains(port), portText.allSatisfy(\.isASCII) else {
            throw BindAddressError(text, "the port must be a number from 0 to 65535")
        }
        if host.hasPrefix("[") {
            guard host.hasSuffix("]"), host.count > 2 else { throw BindAddressError(text, "an IPv6 address needs its closing ]") }
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            throw BindAddressError(text, "write an IPv6 address in brackets, e.g. [::1]:8080")
        }
        // Go's ":8080" listens on every interface.
        return BindAddress(host: host.isEmpty ? "0.0.0.0" : host, port: port)
    }
}

/// A bind address that cannot be parsed.
public struct BindAddressError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The value as given.
    public var value: String
    /// What is wrong with it.
    public var reason: String

    init(_ value: String, _ reason: String) {
        self.value = value
        self.reason = reason
    }

    public var description: String { "invalid bind address '\(value)': \(reason)" }
}
