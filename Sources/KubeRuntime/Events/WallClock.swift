#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import KubeCore

/// The wall-clock time written into objects (Lease renew times, Event timestamps), in the two
/// forms the API uses. Decisions never read it: leader election and event aggregation measure time on
/// a ``RuntimeClock``, because wall clocks of different machines disagree and can jump.
enum WallClock {
    /// metav1.Time: RFC 3339 at second precision in UTC, e.g. `2026-01-02T03:04:05Z`.
    static func time() -> String {
        let (seconds, _) = nowSinceEpoch()
        return format(seconds)
    }

    /// metav1.MicroTime: RFC 3339 with six fractional digits in UTC, e.g. `2026-01-02T03:04:05.123456Z`.
    static func microTime() -> String {
        let (seconds, nanoseconds) = nowSinceEpoch()
        let micros = String(nanoseconds / 1000)
        let fraction = String(repeating: "0", count: 6 - micros.count) + micros
        var text = format(seconds)
        text.removeLast()  // the `Z`, put back after the fraction
        return text + "." + fraction + "Z"
    }

    /// Nanoseconds since the Unix epoch, for names that must differ between two events of one object.
    static func nanosecondsSinceEpoch() -> UInt64 {
        let (seconds, nanoseconds) = nowSinceEpoch()
        return UInt64(max(0, seconds)) &* 1_000_000_000 &+ UInt64(nanoseconds)
    }

    private static func nowSinceEpoch() -> (seconds: Int, nanoseconds: Int) {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return (Int(spec.tv_sec), Int(spec.tv_nsec))
    }

    private static func format(_ seconds: Int) -> String {
        Timestamp.format(secondsSinceEpoch: Int64(seconds))
    }
}
