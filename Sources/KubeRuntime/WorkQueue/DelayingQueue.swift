import HeapModule
import Synchronization

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
    private let timer: DelayTimer<Key>

    /// A queue configured by `configuration`; its timer runs on `configuration.clock`.
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
    public func add(_ key: Key, after delay: Duration) {
        guard !queue.isShuttingDown else { return }
        queue.metrics?.retries.increment()
        guard delay > .zero else {
            queue.add(key)
            return
        }
        timer.schedule(key, at: queue.clock.now() + delay)
    }

    /// The number of keys waiting for their delay to end.
    public var waitingCount: Int {
        timer.waitingCount
    }

    // MARK: - The work queue

    /// See ``WorkQueue/add(_:)``.
    public func add(_ key: Key) { queue.add(key) }
    /// See ``WorkQueue/get()``.
    public func get() async -> Key? { await queue.get() }
    /// See ``WorkQueue/getBatch(max:)``.
    public func getBatch(max: Int) async -> [Key] { await queue.getBatch(max: max) }
    /// See ``WorkQueue/done(_:)``.
    public func done(_ key: Key) { queue.done(key) }
    /// See ``WorkQueue/count``.
    public var count: Int { queue.count }
    /// See ``WorkQueue/isShuttingDown``.
    public var isShuttingDown: Bool { queue.isShuttingDown }

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

/// The timer of a ``DelayingQueue``: a heap of keys by due time and the one task that moves due
/// keys into the work queue.
///
/// The task holds this object and the work queue but not the ``DelayingQueue``, so that dropping
/// the delaying queue stops the timer (its `deinit` calls ``stop()``).
final class DelayTimer<Key: Hashable & Sendable>: Sendable {
    struct Waiting: Comparable {
        let due: Duration
        /// Orders keys due at the same time by when they were scheduled, and tells a key's current
        /// heap element from the stale ones left when it was moved earlier.
        let sequence: UInt64
        let key: Key

        static func < (lhs: Waiting, rhs: Waiting) -> Bool {
            (lhs.due, lhs.sequence) < (rhs.due, rhs.sequence)
        }

        static func == (lhs: Waiting, rhs: Waiting) -> Bool {
            lhs.sequence == rhs.sequence
        }
    }

    enum Phase {
        /// The task is moving due keys, or about to wait; it re-reads the heap before waiting.
        case running
        /// The heap is empty; the task waits for a key.
        case idle(CheckedContinuation<Void, Never>)
        /// The task sleeps until `until`, the due time of the heap's first element.
        case sleeping(until: Duration, Task<Void, Never>)
    }

    struct State {
        /// Keys by due time. Elements whose sequence differs from `current[key]` are stale (the key
        /// was moved earlier or already added) and are skipped when they come out.
        var heap = Heap<Waiting>()
        /// Invariant: a key is here if and only if it waits; the value is the (due, sequence) of
        /// its live element in `heap`.
        var current: [Key: (due: Duration, sequence: UInt64)] = [:]
        var nextSequence: UInt64 = 0
        var phase = Phase.running
        var stopped = false
    }

    private let state = Mutex(State())
    private let clock: any RuntimeClock

    init(clock: any RuntimeClock) {
        self.clock = clock
    }

    var waitingCount: Int {
        state.withLock { $0.current.count }
    }

    /// Starts the timer task, which adds due keys to `queue` until ``stop()``.
    func start(feeding queue: WorkQueue<Key>) {
        Task { [self] in
            await run(feeding: queue)
        }
    }

    /// Schedules `key` for `due`, unless it already waits for an earlier or equal time.
    func schedule(_ key: Key, at due: Duration) {
        let wake = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.stopped else { return nil }
            if let existing = state.current[key], existing.due <= due { return nil }
            state.nextSequence &+= 1
            state.current[key] = (due, state.nextSequence)
            state.heap.insert(Waiting(due: due, sequence: state.nextSequence, key: key))
            switch state.phase {
            case .running:
                return nil
            case .idle(let continuation):
                state.phase = .running
                return continuation
            case .sleeping(let until, let sleeper):
                guard due < until else { return nil }
                // The new key is due before the task wakes: cut its sleep short.
                state.phase = .running
                sleeper.cancel()
                return nil
            }
        }
        wake?.resume()
    }

    /// Stops the timer task and drops the waiting keys.
    func stop() {
        let wake = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.stopped = true
            state.heap = Heap()
            state.current.removeAll()
            defer { state.phase = .running }
            switch state.phase {
            case .running: return nil
            case .idle(let continuation): return continuation
            case .sleeping(_, let sleeper):
                sleeper.cancel()
                return nil
            }
        }
        wake?.resume()
    }

    private enum Step {
        case stop
        case wait
        case sleep(Task<Void, Never>)
    }

    private func run(feeding queue: WorkQueue<Key>) async {
        while true {
            var due: [Key] = []
            let step = state.withLock { state -> Step in
                guard !state.stopped else { return .stop }
                let now = clock.now()
                while let first = state.heap.min, first.due <= now {
                    state.heap.removeMin()
                    if state.current[first.key]?.sequence == first.sequence {
                        state.current[first.key] = nil
                        due.append(first.key)
                    }
                }
                guard let first = state.heap.min else { return .wait }
                let clock = clock
                let sleeper = Task { _ = try? await clock.sleep(until: first.due) }
                state.phase = .sleeping(until: first.due, sleeper)
                return .sleep(sleeper)
            }
            if !due.isEmpty { queue.add(contentsOf: due) }
            switch step {
            case .stop:
                return
            case .sleep(let sleeper):
                await sleeper.value
            case .wait:
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let ready = state.withLock { state in
                        // A key scheduled since the heap was read is seen here.
                        if state.stopped || !state.heap.isEmpty { return true }
                        state.phase = .idle(continuation)
                        return false
                    }
                    if ready { continuation.resume() }
                }
            }
            state.withLock { $0.phase = .running }
        }
    }
}
