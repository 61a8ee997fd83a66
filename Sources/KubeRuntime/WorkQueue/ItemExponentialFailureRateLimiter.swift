import Synchronization

/// Per-key exponential backoff (client-go's `ItemExponentialFailureRateLimiter`): the n-th retry of a
/// key since it was forgotten waits `baseDelay · 2ⁿ⁻¹`, never more than `maxDelay`.
///
/// With the defaults: 5 ms, 10 ms, 20 ms, … reaching the 1000 s cap at the 19th retry.
public struct ItemExponentialFailureRateLimiter<Key: Hashable & Sendable>: RateLimiter {
    private let baseDelay: Duration
    private let maxDelay: Duration
    /// Failures per key since it was last forgotten. Invariant: no zero values.
    private let failures = Box()

    private final class Box: Sendable {
        let counts = Mutex<[Key: Int]>([:])
    }

    /// A limiter starting at `baseDelay` (default 5 ms) and capped at `maxDelay` (default 1000 s).
    public init(baseDelay: Duration = .milliseconds(5), maxDelay: Duration = .seconds(1000)) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    public func delay(for key: Key) -> Duration {
        let exponent = failures.counts.withLock { counts in
            Self.increment(&counts[key, default: 0])
        }
        // 2^exponent overflows Int64 past 62; the delay is long capped by then.
        guard exponent < 63 else { return maxDelay }
        let (nanoseconds, overflow) = baseDelay.clampedNanoseconds.multipliedReportingOverflow(by: 1 << exponent)
        guard !overflow else { return maxDelay }
        return min(.nanoseconds(nanoseconds), maxDelay)
    }

    /// Returns the count before the increment (one hash lookup through the modify accessor).
    private static func increment(_ count: inout Int) -> Int {
        defer { count += 1 }
        return count
    }

    public func forget(_ key: Key) {
        failures.counts.withLock { _ = $0.removeValue(forKey: key) }
    }

    public func requeues(of key: Key) -> Int {
        failures.counts.withLock { $0[key] ?? 0 }
    }
}
