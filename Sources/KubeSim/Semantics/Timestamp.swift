#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// RFC 3339 timestamps at second precision in UTC, the form of `creationTimestamp` and friends.
enum Timestamp {
    /// The current time, e.g. `2026-01-02T03:04:05Z`.
    static func now() -> String {
        format(secondsSinceEpoch: Int64(time(nil)))
    }

    /// The time that many seconds after 1970-01-01T00:00:00Z.
    static func format(secondsSinceEpoch: Int64) -> String {
        var seconds = time_t(secondsSinceEpoch)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
