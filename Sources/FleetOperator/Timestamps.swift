import Foundation

/// RFC 3339 timestamps as the API server writes them (`2026-11-23T04:05:06Z`).
enum Timestamps {
    /// Now, to the second.
    static func now() -> String {
        Date().formatted(.iso8601)
    }

    /// Seconds from `timestamp` until now; nil for an unreadable timestamp.
    static func secondsSince(_ timestamp: String) -> Double? {
        guard let date = try? Date(timestamp, strategy: .iso8601) else { return nil }
        return Date().timeIntervalSince(date)
    }

    /// Seconds between two timestamps; nil if either is unreadable.
    static func seconds(from start: String, to end: String) -> Double? {
        guard let from = try? Date(start, strategy: .iso8601), let to = try? Date(end, strategy: .iso8601) else {
            return nil
        }
        return to.timeIntervalSince(from)
    }
}
