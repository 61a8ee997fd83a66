import Foundation

/// Faults a KubeSim server injects, parsed from `--faults`.
///
/// Grammar: comma-separated `name=value` items, each at most once.
/// ```
/// spec     = item *("," item)
/// item     = "watch-drop=" duration   ; close every open watch at this interval
///          | "gone=" duration         ; compact all history at this interval (resumes get 410 Gone)
///          | "conflict=" rate         ; this fraction of writes gets 409 Conflict
///          | "throttle=" rate         ; this fraction of requests gets 429 with Retry-After: 1
///          | "error=" rate            ; this fraction of requests gets 500
///          | "latency=" duration      ; added before every request is handled
///          | "response-latency=" duration ; added after every request is handled, before its
///                                     ; response: watchers hear of a write before its writer does
/// duration = number ("ms" | "s" | "m")  ; e.g. 20ms, 1.5s, 2m
/// rate     = number in [0, 1]           ; e.g. 0.05
/// ```
/// Example: `watch-drop=5s,gone=10s,conflict=0.05,throttle=0.05,error=0.05,latency=20ms`.
/// Both latencies apply to the resource endpoints (not discovery or `/version`), and watches get
/// neither.
public struct FaultSpec: Sendable, Equatable {
    public var watchDropInterval: Duration?
    public var goneInterval: Duration?
    public var conflictRate: Double = 0
    public var throttleRate: Double = 0
    public var errorRate: Double = 0
    public var latency: Duration?
    public var responseLatency: Duration?

    public init() {}

    /// Parses the `--faults` grammar above; the error names the offending item.
    public init(parsing text: String) throws(FaultSpecError) {
        var seen: Set<String> = []
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw FaultSpecError("'\(item)': expected name=value") }
            let (name, value) = (parts[0], parts[1])
            guard seen.insert(name).inserted else { throw FaultSpecError("'\(name)' is given twice") }
            switch name {
            case "watch-drop": watchDropInterval = try Self.duration(value, item: item)
            case "gone": goneInterval = try Self.duration(value, item: item)
            case "latency": latency = try Self.duration(value, item: item)
            case "response-latency": responseLatency = try Self.duration(value, item: item)
            case "conflict": conflictRate = try Self.rate(value, item: item)
            case "throttle": throttleRate = try Self.rate(value, item: item)
            case "error": errorRate = try Self.rate(value, item: item)
            default:
                throw FaultSpecError("unknown fault '\(name)' (known: watch-drop, gone, conflict, throttle, error, latency, response-latency)")
            }
        }
    }

    private static func duration(_ text: String, item: String) throws(FaultSpecError) -> Duration {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            if let number = Double(text.dropLast(suffix.count)), number > 0, number.isFinite {
                return .milliseconds(Int64((number * scale * 1000).rounded()))
            }
            break
        }
        throw FaultSpecError("'\(item)': expected a positive duration such as 500ms, 5s or 1m")
    }

    private static func rate(_ text: String, item: String) throws(FaultSpecError) -> Double {
        guard let rate = Double(text), (0...1).contains(rate) else {
            throw FaultSpecError("'\(item)': expected a rate between 0 and 1")
        }
        return rate
    }
}

/// A `--faults` value that does not follow the grammar.
public struct FaultSpecError: Error, Sendable, CustomStringConvertible {
    public var description: String

    init(_ message: String) {
        description = "invalid --faults: \(message)"
    }
}
