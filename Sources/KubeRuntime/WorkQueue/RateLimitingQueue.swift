/// A ``DelayingQueue`` whose retries wait as a ``RateLimiter`` says (client-go's
/// `RateLimitingInterface`): the queue a controller uses.
///
/// ## Expected flow
/// A worker takes a key with ``get()``; on failure it calls ``addRateLimited(_:)`` (the key comes
/// back after a growing delay), on success ``forget(_:)`` (the backoff starts over); either way
/// then ``done(_:)``.
public final class RateLimitingQueue<Key: Hashable & Sendable>: Sendable {
    /// The queue rate-limited keys are added to after their delay.
    public let delaying: DelayingQueue<Key>
    @usableFromInline let limiter: Limiter

    /// How the queue reaches its limiter: the default one through its concrete parts, so that its
    /// per-key bookkeeping is specialized for the client's key type; any other through the protocol.
    @usableFromInline
    enum Limiter: Sendable {
        /// ``MaxOfRateLimiter/defaultController(clock:)``: the maximum of the two.
        case controllerDefault(ItemExponentialFailureRateLimiter<Key>, BucketRateLimiter<Key>)
        case custom(any RateLimiter<Key>)
    }

    /// A queue configured by `configuration`, with `rateLimiter` (default: the controller default,
    /// ``MaxOfRateLimiter/defaultController(clock:)`` on the configuration's clock).
    @inlinable
    public init(
        configuration: WorkQueueConfiguration = WorkQueueConfiguration(), rateLimiter: (any RateLimiter<Key>)? = nil
    ) {
        delaying = DelayingQueue(configuration: configuration)
        if let rateLimiter {
            limiter = .custom(rateLimiter)
        } else {
            let (perKey, bucket) = MaxOfRateLimiter<Key>.defaultControllerParts(clock: configuration.clock)
            limiter = .controllerDefault(perKey, bucket)
        }
    }

    /// The limiter that sets each retry's delay.
    public var rateLimiter: any RateLimiter<Key> {
        switch limiter {
        case .controllerDefault(let perKey, let bucket): MaxOfRateLimiter([perKey, bucket])
        case .custom(let limiter): limiter
        }
    }

    /// Adds `key` after the delay the rate limiter gives it; this counts as one more retry.
    @inlinable
    public func addRateLimited(_ key: Key) {
        let hashed = HashedKey(key)
        // The bucket of the default limiter runs on the queue's clock: one reading serves both.
        let now = delaying.queue.clock.now()
        let delay =
            switch limiter {
            case .controllerDefault(let perKey, let bucket):
                // Both are asked, so that each counts the retry (as MaxOfRateLimiter does).
                max(perKey.delay(for: hashed), bucket.delay(at: now))
            case .custom(let limiter): limiter.delay(for: key)
            }
        delaying.add(hashed: hashed, after: delay, now: now)
    }

    /// Tells the rate limiter that `key` succeeded (or is given up on): its backoff starts over. It
    /// does not remove the key from the queue.
    @inlinable
    public func forget(_ key: Key) {
        switch limiter {
        // The bucket keeps nothing per key.
        case .controllerDefault(let perKey, _): perKey.forget(key)
        case .custom(let limiter): limiter.forget(key)
        }
    }

    /// How many times `key` has been retried since it was last forgotten.
    @inlinable
    public func numRequeues(_ key: Key) -> Int {
        switch limiter {
        case .controllerDefault(let perKey, _): perKey.requeues(of: key)
        case .custom(let limiter): limiter.requeues(of: key)
        }
    }

    // MARK: - The delaying queue

    /// See ``DelayingQueue/add(_:after:)``.
    @inlinable public func add(_ key: Key, after delay: Duration) { delaying.add(key, after: delay) }
    /// See ``WorkQueue/add(_:)``.
    @inlinable public func add(_ key: Key) { delaying.add(key) }
    /// See ``WorkQueue/get()``.
    @inlinable public func get() async -> Key? { await delaying.get() }
    /// See ``WorkQueue/getBatch(max:)``.
    @inlinable public func getBatch(max: Int) async -> [Key] { await delaying.getBatch(max: max) }
    /// See ``WorkQueue/done(_:)``.
    @inlinable public func done(_ key: Key) { delaying.done(key) }
    /// See ``WorkQueue/doneAndGet(_:)``.
    @inlinable public func doneAndGet(_ key: Key) async -> Key? { await delaying.doneAndGet(key) }
    /// See ``WorkQueue/count``.
    @inlinable public var count: Int { delaying.count }
    /// See ``WorkQueue/isShuttingDown``.
    @inlinable public var isShuttingDown: Bool { delaying.isShuttingDown }
    /// See ``DelayingQueue/shutDown()``.
    public func shutDown() { delaying.shutDown() }
    /// See ``DelayingQueue/shutDownWithDrain()``.
    public func shutDownWithDrain() async { await delaying.shutDownWithDrain() }
}
