/// A ``WorkQueue`` that can also add a key after a delay (client-go's `DelayingInterface`).
///
/// ## Guarantees
/// - A key added with a delay is added to the queue no earlier than the delay, by one timer task
///   shared by the whole queue (a heap ordered by due time; no task per key).
/// - A key waiting for its delay is waiting once: adding it again with a delay that ends earlier
///   moves it earlier, one that ends later changes nothing (the earliest time wins).
/// - A delay of zero or less adds the key at once.
///
/// ## Caveats
/// Keys still waiting when the queue shuts down are dropped, as in client-go.
public final class DelayingQueue<Key: Hashable & Sendable>: Sendable {
    /// The queue keys are added to when their delay ends.
    public let queue: WorkQueue<Key>
    @usableFromInline let timer: DelayTimer<Key>

    /// A queue configured by `configuration`; its timer runs on `configuration.clock`.
    ///
    /// Inlinable so that the timer's loop, started here, is specialized for the client's key type.
    @inlinable
    public init(configuration: WorkQueueConfiguration = WorkQueueConfiguration()) {
        queue = WorkQueue(configuration: configuration)
        timer = DelayTimer(clock: configuration.clock)
        timer.start(feeding: queue)
    }

    deinit {
        timer.stop()
    }

    /// Adds `key` once `delay` has passed (at once if `delay` is not positive). Counts as a retry in
    /// `workqueue_retries_total`, as client-go counts every delayed add.
    @inlinable
    public func add(_ key: Key, after delay: Duration) {
        add(hashed: HashedKey(key), after: delay, now: delay > .zero ? queue.clock.now() : .zero)
    }

    /// Adds a key already hashed once `delay` has passed since `now` (read by the caller, so that
    /// the rate-limiting queue reads the clock once for its limiter and for this).
    @inlinable
    func add(hashed key: HashedKey<Key>, after delay: Duration, now: Duration) {
        guard !queue.isShuttingDown else { return }
        if queue.metrics != nil { queue.recordRetry() }
        guard delay > .zero else {
            queue.add(hashed: key)
            return
        }
        timer.schedule(key, at: now + delay)
    }

    /// The number of keys waiting for their delay to end.
    public var waitingCount: Int {
        timer.waitingCount
    }

    // MARK: - The work queue

    /// See ``WorkQueue/add(_:)``.
    @inlinable public func add(_ key: Key) { queue.add(key) }
    /// See ``WorkQueue/get()``.
    @inlinable public func get() async -> Key? { await queue.get() }
    /// See ``WorkQueue/getBatch(max:)``.
    @inlinable public func getBatch(max: Int) async -> [Key] { await queue.getBatch(max: max) }
    /// See ``WorkQueue/done(_:)``.
    @inlinable public func done(_ key: Key) { queue.done(key) }
    /// See ``WorkQueue/doneAndGet(_:)``.
    @inlinable public func doneAndGet(_ key: Key) async -> Key? { await queue.doneAndGet(key) }
    /// See ``WorkQueue/count``.
    @inlinable public var count: Int { queue.count }
    /// See ``WorkQueue/isShuttingDown``.
    @inlinable public var isShuttingDown: Bool { queue.isShuttingDown }

    /// Stops the timer (dropping the keys still waiting) and shuts the queue down.
    public func shutDown() {
        timer.stop()
        queue.shutDown()
    }

    /// Stops the timer, then shuts the queue down and waits for the keys in flight
    /// (see ``WorkQueue/shutDownWithDrain()``).
    public func shutDownWithDrain() async {
        timer.stop()
        await queue.shutDownWithDrain()
    }
}
