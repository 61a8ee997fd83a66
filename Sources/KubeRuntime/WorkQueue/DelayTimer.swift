public import HeapModule
public import Synchronization

/// The timer of a ``DelayingQueue``: a heap of keys by due time and the one task that moves due
/// keys into the work queue (client-go's `waitingLoop`).
///
/// The task holds this object and the work queue but not the ``DelayingQueue``, so that dropping
/// the delaying queue stops the timer (its `deinit` calls ``stop()``).
///
/// Its operations are `@inlinable` for the reason given on ``WorkQueue``.
@usableFromInline
final class DelayTimer<Key: Hashable & Sendable>: Sendable {
    /// A heap element. It holds the slot of its key in `State.keys`, not the key, and its due time
    /// in nanoseconds, so that the heap's sifting moves and compares plain integers instead of
    /// retaining and releasing keys and calling `Duration`'s comparison at every step.
    @usableFromInline
    struct Waiting: Comparable, Sendable {
        /// The due time, in nanoseconds since the clock's origin.
        @usableFromInline let due: Int64
        /// Orders keys due at the same time by when they were scheduled, and tells a key's current
        /// heap element from the stale ones left when it was moved earlier.
        @usableFromInline let sequence: UInt64
        @usableFromInline let slot: Int

        @inlinable
        init(due: Int64, sequence: UInt64, slot: Int) {
            self.due = due
            self.sequence = sequence
            self.slot = slot
        }

        @inlinable
        static func < (lhs: Waiting, rhs: Waiting) -> Bool {
            (lhs.due, lhs.sequence) < (rhs.due, rhs.sequence)
        }

        @inlinable
        static func == (lhs: Waiting, rhs: Waiting) -> Bool {
            lhs.sequence == rhs.sequence
        }
    }

    /// The due time and sequence of a key's live element in the heap.
    @usableFromInline
    struct Scheduled: Sendable {
        @usableFromInline var due: Duration
        @usableFromInline var sequence: UInt64

        @inlinable
        init(due: Duration, sequence: UInt64) {
            self.due = due
            self.sequence = sequence
        }
    }

    @usableFromInline
    enum Phase: Sendable {
        /// The task is moving due keys, or about to wait; it re-reads the heap before waiting.
        case running
        /// The heap is empty; the task waits for a key. The continuation is resumed once, by whoever
        /// moves the phase out of `idle` under the lock (unsafe for the reason given on
        /// `WorkQueue.Getter`).
        case idle(UnsafeContinuation<Void, Never>)
        /// The task sleeps until `until`, the due time of the heap's first element.
        case sleeping(until: Duration, Task<Void, Never>)
    }

    @usableFromInline
    struct State: Sendable {
        /// Keys by due time. Elements whose sequence differs from `current[key]` are stale (the key
        /// was moved earlier or already added) and are skipped when they come out.
        @usableFromInline var heap = Heap<Waiting>()
        /// The key of each heap element, by slot. Invariant: `keys[w.slot]` is non-nil for every
        /// element `w` of `heap`, and nil for every slot in `freeSlots`.
        @usableFromInline var keys: [HashedKey<Key>?] = []
        @usableFromInline var freeSlots: [Int] = []
        /// Invariant: a key is here if and only if it waits; the value locates its live element in
        /// `heap`.
        @usableFromInline var current: [HashedKey<Key>: Scheduled] = [:]
        @usableFromInline var nextSequence: UInt64 = 0
        @usableFromInline var phase = Phase.running
        @usableFromInline var stopped = false

        init() {}
    }

    @usableFromInline let state = Mutex(State())
    @usableFromInline let clock: any RuntimeClock

    @usableFromInline
    init(clock: any RuntimeClock) {
        self.clock = clock
    }

    var waitingCount: Int {
        state.withLock { $0.current.count }
    }

    /// Starts the timer task, which adds due keys to `queue` until ``stop()``.
    @inlinable
    func start(feeding queue: WorkQueue<Key>) {
        Task { [self] in
            await run(feeding: queue)
        }
    }

    /// Schedules `key` for `due`, unless it already waits for an earlier or equal time.
    @inlinable
    func schedule(_ key: HashedKey<Key>, at due: Duration) {
        let wake = state.withLock { state -> UnsafeContinuation<Void, Never>? in
            guard !state.stopped else { return nil }
            let sequence = state.nextSequence &+ 1
            guard Self.moveEarlier(&state.current[key], to: due, sequence: sequence) else { return nil }
            state.nextSequence = sequence
            let slot: Int
            if let free = state.freeSlots.popLast() {
                slot = free
                state.keys[slot] = key
            } else {
                slot = state.keys.count
                state.keys.append(key)
            }
            state.heap.insert(Waiting(due: due.clampedNanoseconds, sequence: sequence, slot: slot))
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

    /// Schedules a key for `due` unless it already waits for an earlier or equal time (one hash
    /// lookup through the dictionary's modify accessor); whether it did.
    @inlinable
    static func moveEarlier(_ scheduled: inout Scheduled?, to due: Duration, sequence: UInt64) -> Bool {
        if let existing = scheduled, existing.due <= due { return false }
        scheduled = Scheduled(due: due, sequence: sequence)
        return true
    }

    /// Stops the timer task and drops the waiting keys.
    func stop() {
        let wake = state.withLock { state -> UnsafeContinuation<Void, Never>? in
            state.stopped = true
            state.heap = Heap()
            state.keys.removeAll()
            state.freeSlots.removeAll()
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

    @usableFromInline
    enum Step {
        case stop
        case wait
        case sleep(Task<Void, Never>)
    }

    @inlinable
    func run(feeding queue: WorkQueue<Key>) async {
        var due: [HashedKey<Key>] = []
        while true {
            let step = state.withLock { state -> Step in
                guard !state.stopped else { return .stop }
                let now = clock.now().clampedNanoseconds
                while let first = state.heap.min, first.due <= now {
                    state.heap.removeMin()
                    guard let key = state.keys[first.slot] else { continue }
                    state.keys[first.slot] = nil
                    state.freeSlots.append(first.slot)
                    if let index = state.current.index(forKey: key),
                        state.current.values[index].sequence == first.sequence
                    {
                        state.current.remove(at: index)
                        due.append(key)
                    }
                }
                guard let first = state.heap.min else { return .wait }
                let clock = clock
                let until = Duration.nanoseconds(first.due)
                let sleeper = Task { _ = try? await clock.sleep(until: until) }
                state.phase = .sleeping(until: until, sleeper)
                return .sleep(sleeper)
            }
            if !due.isEmpty {
                queue.add(hashed: due)
                due.removeAll(keepingCapacity: true)
            }
            switch step {
            case .stop:
                return
            case .sleep(let sleeper):
                await sleeper.value
            case .wait:
                await waitForKey()
            }
            state.withLock { $0.phase = .running }
        }
    }

    /// Suspends until a key is scheduled or the timer is stopped.
    @usableFromInline
    func waitForKey() async {
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            let ready = state.withLock { state in
                // A key scheduled since the heap was read is seen here.
                if state.stopped || !state.heap.isEmpty { return true }
                state.phase = .idle(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }
}
