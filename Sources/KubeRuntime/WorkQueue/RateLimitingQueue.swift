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
    /// The limiter that sets each retry's delay.
    public let rateLimiter: any RateLimiter<Key>

    /// A queue configured by `configuration`, with `rateLimiter` (default: the controller default,
    /// ``MaxOfRateLimiter/defaultController(clock:)`` on the configuration's clock).
    public init(
        configuration: WorkQueueConfiguration = WorkQueueConfiguration(), rateLimiter: (any RateLimiter<Key>)? = nil
    ) {
        delaying = DelayingQueue(configuration: configuration)
        self.rateLimiter = rateLimiter ?? MaxOfRateLimiter<Key>.defaultController(clock: configuration.clock)
    }

    /// Adds `key` after the delay the rate limiter gives it; this counts as one more retry.
    public func addRateLimited(_ key: Key) {
        delaying.add(key, after: rateLimiter.delay(for: key))
    }

    /// Tells the rate limiter that `key` succeeded (or is given up on): its backoff starts over. It
    /// does not remove the key from the queue.
    public func forget(_ key: Key) {
        rateLimiter.forget(key)
    }

    /// How many times `key` has been retried since it was last forgotten.
    public func numRequeues(_ key: Key) -> Int {
        rateLimiter.requeues(of: key)
    }

    // MARK: - The delaying queue

    /// See ``DelayingQueue/add(_:after:)``.
    public func add(_ key: Key, after delay: Duration) { delaying.add(key, after: delay) }
    /// See ``WorkQueue/add(_:)``.
    public func add(_ key: Key) { delaying.add(key) }
    /// See ``WorkQueue/get()``.
    public func get() async -> Key? { await delaying.get() }
    /// See ``WorkQueue/getBatch(max:)``.
    public func getBatch(max: Int) async -> [Key] { await delaying.getBatch(max: max) }
    /// See ``WorkQueue/done(_:)``.
    public func done(_ key: Key) { delaying.done(key) }
    /// See ``WorkQueue/count``.
    public var count: Int { delaying.count }
    /// See ``WorkQueue/isShuttingDown``.
    public var isShuttingDown: Bool { delaying.isShuttingDown }
    /// See ``DelayingQueue/shutDown()``.
    public func shutDown() { delaying.shutDown() }
    /// See ``DelayingQueue/shutDownWithDrain()``.
    public func shutDownWithDrain() async { await delaying.shutDownWithDrain() }
}
