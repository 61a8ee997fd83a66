/// Decides how long a key waits before it is retried (client-go's `RateLimiter`).
///
/// A limiter is told of every retry of a key through ``delay(for:)`` and of its success through
/// ``forget(_:)``; per-key limiters count failures in between. Limiters compose: see
/// ``MaxOfRateLimiter``.
public protocol RateLimiter<Key>: Sendable {
    associatedtype Key: Hashable & Sendable

    /// How long `key` must wait before its next retry. Each call counts as one more retry.
    func delay(for key: Key) -> Duration

    /// Stops tracking `key`: its next failure starts from the first delay again. Call it when the
    /// key was processed successfully (or is given up on).
    func forget(_ key: Key)

    /// How many times `key` has been retried since it was last forgotten.
    func requeues(of key: Key) -> Int
}

/// The longest delay of several limiters (client-go's `MaxOfRateLimiter`): a key waits until every
/// one of them lets it go.
public struct MaxOfRateLimiter<Key: Hashable & Sendable>: RateLimiter {
    private let limiters: [any RateLimiter<Key>]

    /// A limiter that asks each of `limiters` and waits for the longest delay.
    public init(_ limiters: [any RateLimiter<Key>]) {
        self.limiters = limiters
    }

    /// Every limiter is asked, so that each counts the retry, even when an earlier one already
    /// answered with a longer delay.
    public func delay(for key: Key) -> Duration {
        var longest = Duration.zero
        for limiter in limiters {
            longest = max(longest, limiter.delay(for: key))
        }
        return longest
    }

    public func forget(_ key: Key) {
        for limiter in limiters { limiter.forget(key) }
    }

    public func requeues(of key: Key) -> Int {
        limiters.reduce(0) { max($0, $1.requeues(of: key)) }
    }
}

extension MaxOfRateLimiter {
    /// The default limiter of a controller (client-go's `DefaultControllerRateLimiter`): per-key
    /// exponential backoff from 5 ms to 1000 s, and an overall token bucket of 10 retries per second
    /// with bursts of 100, so that many failing keys do not retry all at once.
    public static func defaultController(clock: any RuntimeClock = SystemClock()) -> MaxOfRateLimiter<Key> {
        let (perKey, bucket) = defaultControllerParts(clock: clock)
        return MaxOfRateLimiter([perKey, bucket])
    }

    /// The two limiters of ``defaultController(clock:)``, for ``RateLimitingQueue`` to call directly.
    @usableFromInline
    static func defaultControllerParts(
        clock: any RuntimeClock
    ) -> (ItemExponentialFailureRateLimiter<Key>, BucketRateLimiter<Key>) {
        (ItemExponentialFailureRateLimiter(), BucketRateLimiter(clock: clock))
    }
}
