public import Synchronization

/// Per-key exponential backoff (client-go's `ItemExponentialFailureRateLimiter`): the n-th retry of a
/// key since it was forgotten waits `baseDelay · 2ⁿ⁻¹`, never more than `maxDelay`.
///
/// With the defaults: 5 ms, 10 ms, 20 ms, … reaching the 1000 s cap at the 19th retry.
///
/// Its operations are `@inlinable`, so that a client calling them on the concrete type (as
/// ``RateLimitingQueue`` does with its default limiter) hashes keys with specialized code.
public struct ItemExponentialFailureRateLimiter<Key: Hashable & Sendable>: RateLimiter {
    @usableFromInline let baseDelay: Duration
    @usableFromInline let maxDelay: Duration
    /// Failures per key since it was last forgotten. Invariant: no zero values.
    @usableFromInline let failures = Box()

    @usableFromInline
    final class Box: Sendable {
        @usableFromInline let counts = Mutex<[HashedKey<Key>: Int]>([:])

        init() {}
    }

    /// A limiter starting at `baseDelay` (default 5 ms) and capped at `maxDelay` (default 1000 s).
    public init(baseDelay: Duration = .milliseconds(5), maxDelay: Duration = .seconds(1000)) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    @inlinable
    public func delay(for key: Key) -> Duration {
        delay(for: HashedKey(key))
    }

    @inlinable
    func delay(for key: HashedKey<Key>) -> Duration {
        let exponent = failures.counts.withLock { counts in
            Self.increment(&counts[key, default: 0])
        }
        return Self.backoff(base: baseDelay, max: maxDelay, exponent: exponent)
    }

    /// `base · 2^exponent`, capped at `max`.
    @usableFromInline
    static func backoff(base: Duration, max: Duration, exponent: Int) -> Duration {
        // 2^exponent overflows Int64 past 62; the delay is long capped by then.
        guard exponent < 63 else { return max }
        let (nanoseconds, overflow) = base.clampedNanoseconds.multipliedReportingOverflow(by: 1 << exponent)
        guard !overflow else { return max }
        return min(.nanoseconds(nanoseconds), max)
    }

    /// Returns the count before the increment (one hash lookup through the modify accessor).
    @inlinable
    static func increment(_ count: inout Int) -> Int {
        defer { count += 1 }
        return count
    }

    @inlinable
    public func forget(_ key: Key) {
        let key = HashedKey(key)
        failures.counts.withLock { _ = $0.removeValue(forKey: key) }
    }

    @inlinable
    public func requeues(of key: Key) -> Int {
        let key = HashedKey(key)
        return failures.counts.withLock { $0[key] ?? 0 }
    }
}
