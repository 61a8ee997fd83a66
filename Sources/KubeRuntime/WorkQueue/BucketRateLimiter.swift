import Synchronization

/// An overall token bucket shared by all keys (client-go's `BucketRateLimiter`, on
/// `golang.org/x/time/rate`): `burst` retries may go at once, then `ratePerSecond` per second.
///
/// Each ``delay(for:)`` takes a token, borrowing one not yet refilled if need be, and answers how
/// long until that token exists; so retries beyond the rate queue up behind each other in time.
/// It keeps nothing per key: ``forget(_:)`` does nothing and ``requeues(of:)`` is 0.
public struct BucketRateLimiter<Key: Hashable & Sendable>: RateLimiter {
    private struct Bucket {
        /// Tokens available; negative when tokens are borrowed from the future.
        var tokens: Double
        /// When `tokens` was last brought up to date.
        var updated: Duration
    }

    private let ratePerSecond: Double
    private let burst: Double
    private let clock: any RuntimeClock
    private let bucket: Box

    private final class Box: Sendable {
        let bucket: Mutex<Bucket>
        init(_ bucket: Bucket) { self.bucket = Mutex(bucket) }
    }

    /// A bucket that starts full with `burst` tokens (default 100) and refills at `ratePerSecond`
    /// (default 10).
    public init(ratePerSecond: Double = 10, burst: Int = 100, clock: any RuntimeClock = SystemClock()) {
        precondition(ratePerSecond > 0 && burst > 0, "a token bucket needs a positive rate and burst")
        self.ratePerSecond = ratePerSecond
        self.burst = Double(burst)
        self.clock = clock
        bucket = Box(Bucket(tokens: Double(burst), updated: clock.now()))
    }

    public func delay(for key: Key) -> Duration {
        delay(at: clock.now())
    }

    /// The delay of a retry at `now`, read from this limiter's clock by the caller.
    @usableFromInline
    func delay(at now: Duration) -> Duration {
        let missing = bucket.bucket.withLock { bucket -> Double in
            let elapsed = max(0, (now - bucket.updated).inSeconds)
            bucket.tokens = min(burst, bucket.tokens + elapsed * ratePerSecond)
            bucket.updated = max(bucket.updated, now)
            bucket.tokens -= 1
            return -bucket.tokens
        }
        guard missing > 0 else { return .zero }
        return .nanoseconds(Int64((missing / ratePerSecond * 1e9).rounded(.up)))
    }

    public func forget(_ key: Key) {}

    public func requeues(of key: Key) -> Int { 0 }
}
