import Synchronization

/// Gauges with one series per object (per custom resource, say), served on `/metrics` beside the
/// Prometheus registry's metrics (see ``OperatorEndpoints``).
///
/// swift-prometheus's registry copies a metric family's whole table of series to add one, so a
/// family with a series per object costs time in proportion to the objects for each new one:
/// quadratic in all, under the registry's one lock. At 10,000 custom resources that was an eighth
/// of the operator's CPU. Here a new series is one dictionary insert.
public final class ObjectGauges: Sendable {
    private struct Family {
        var help: String
        var series: [[LabelPair]: Double] = [:]
    }

    private struct LabelPair: Hashable {
        var name: String
        var value: String
    }

    private let families = Mutex<[String: Family]>([:])

    public init() {}

    /// Sets the series of gauge `name` with `labels` (names valid in Prometheus, in a fixed order per
    /// gauge) to `value`; `help` describes the gauge.
    public func set(_ name: String, help: String, labels: [(String, String)], to value: Double) {
        let key = labels.map(LabelPair.init)
        families.withLock { families in
            families[name, default: Family(help: help)].series[key] = value
        }
    }

    /// Removes the series of gauge `name` with `labels`, if any.
    public func remove(_ name: String, labels: [(String, String)]) {
        let key = labels.map(LabelPair.init)
        families.withLock { families in
            families[name]?.series[key] = nil
        }
    }

    /// The value of the series of gauge `name` with `labels`, if set.
    public func value(_ name: String, labels: [(String, String)]) -> Double? {
        let key = labels.map(LabelPair.init)
        return families.withLock { $0[name]?.series[key] }
    }

    /// Appends every gauge with at least one series, in the Prometheus text format (0.0.4): families
    /// by name, series by labels, so that two scrapes of the same values read the same.
    public func emit(into output: inout [UInt8]) {
        let snapshot = families.withLock { $0 }
        for (name, family) in snapshot.sorted(by: { $0.key < $1.key }) where !family.series.isEmpty {
            output.append(contentsOf: "# HELP \(name) \(Self.escapedHelp(family.help))\n# TYPE \(name) gauge\n".utf8)
            let lines = family.series.map { labels, value in
                let pairs = labels.map { "\($0.name)=\"\(Self.escapedLabelValue($0.value))\"" }
                return "\(name){\(pairs.joined(separator: ","))} \(Self.formatted(value))\n"
            }
            for line in lines.sorted() { output.append(contentsOf: line.utf8) }
        }
    }

    /// The text format's escapes for a label value: backslash, double quote and line feed.
    static func escapedLabelValue(_ value: String) -> String {
        escaped(value, quote: true)
    }

    /// The text format's escapes for help text: backslash and line feed.
    static func escapedHelp(_ help: String) -> String {
        escaped(help, quote: false)
    }

    /// Escapes scalar by scalar, not character by character: `"\r\n"`, or a quote followed by a
    /// combining mark, is one `Character` that contains what must be escaped.
    private static func escaped(_ text: String, quote: Bool) -> String {
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": escaped.append(contentsOf: "\\\\".unicodeScalars)
            case "\"" where quote: escaped.append(contentsOf: "\\\"".unicodeScalars)
            case "\n": escaped.append(contentsOf: "\\n".unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }

    /// A sample value as the text format spells it (Go's float formatting for the special values).
    static func formatted(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        return "\(value)"
    }
}
