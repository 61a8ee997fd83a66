import KubeCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Elapsed times between the API's RFC 3339 timestamps and now.
enum Timestamps {
    /// Seconds from `timestamp` until now; nil for an unreadable timestamp.
    static func secondsSince(_ timestamp: String) -> Double? {
        Timestamp.secondsSinceEpoch(timestamp).map { Double(Int64(time(nil)) - $0) }
    }

    /// Seconds between two timestamps; nil if either is unreadable.
    static func seconds(from start: String, to end: String) -> Double? {
        guard let from = Timestamp.secondsSinceEpoch(start), let to = Timestamp.secondsSinceEpoch(end) else { return nil }
        return Double(to - from)
    }
}
