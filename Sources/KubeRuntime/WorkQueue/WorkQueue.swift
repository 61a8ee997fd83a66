import DequeModule
import Synchronization

/// A work queue with client-go's semantics: the queue a controller's workers take keys from.
///
/// ## Expected flow
/// Event handlers ``add(_:)`` keys; each worker loops on ``get()``, processes the key, then calls
/// ``done(_:)``; ``shutDown()`` or ``shutDownWithDrain()`` ends the loop (``get()`` returns `nil`).
///
/// ## Guarantees
/// - A key added many times before it is handed out is handed out once (the dirty set).
/// - A key being processed is never handed to a second worker. If it is added again meanwhile, it is
///   handed out again after ``done(_:)``, so the change that caused the re-add is not missed.
/// - Keys are handed out in the order they were first added.
/// - A waiting ``get()`` suspends its task, never a thread; a ``get()`` with a key ready returns
///   without suspending.
///
/// ## Caveats
/// You must call ``done(_:)`` for every key ``get()`` returned, or that key is never handed out again.
/// After shutdown, adds are ignored, but keys already queued are still handed out.
public final class WorkQueue<Key: Hashable & Sendable>: Sendable {
    /// A key's membership in the queue's two sets, kept in one dictionary so that each operation
    /// hashes the key once.
    struct Entry {
        /// The key must be handed out (again): it was added and has not been handed out since.
        var dirty: Bool
        /// A worker holds the key, between ``get()`` and ``done(_:)``.
        var processing: Bool
        /// When the key became dirty; read only when metrics are recorded.
        var addedAt: Duration
        /// When the key was handed out; read only when metrics are recorded.
        var startedAt: Duration

        static var absent: Entry { Entry(dirty: false, processing: false, addedAt: .zero, startedAt: .zero) }
    }

    /// A task suspended in ``get()``.
    struct Getter {
        let id: UInt64
        let continuation: CheckedContinuation<Key?, Never>
    }

    struct State {
        /// Keys ready to be handed out, oldest first.
        /// Invariant: every key in `queue` is in `entries`, dirty and not processing, and appears once.
        var queue = Deque<Key>()
        /// Invariant: a key is in `entries` if and only if it is dirty or processing.
        var entries: [Key: Entry] = [:]
        /// Invariant: the number of entries that are processing.
        var processingCount = 0
        /// Invariant: non-empty only while `queue` is empty and the queue is not shutting down.
        var getters = Deque<Getter>()
        var nextGetterID: UInt64 = 0
        /// Tasks in ``shutDownWithDrain()`` waiting for `processingCount` to reach zero.
        var drainers: [CheckedContinuation<Void, Never>] = []
        var shuttingDown = false
    }

    private let state = Mutex(State())
    let clock: any RuntimeClock
    let metrics: WorkQueueMetrics?

    /// A queue configured by `configuration` (name, clock, metrics).
    public init(configuration: WorkQueueConfiguration = WorkQueueConfiguration()) {
        clock = configuration.clock
        metrics = WorkQueueMetrics(name: configuration.name, provider: configuration.metrics)
    }

    // MARK: - Adding

    /// Marks `key` as needing processing. Does nothing if it is already waiting or the queue is
    /// shutting down; if a worker holds it, it is handed out again after ``done(_:)``.
    public func add(_ key: Key) {
        let now = metrics == nil ? Duration.zero : clock.now()
        var counted = false
        let handOff = state.withLock { state -> Getter? in
            guard !state.shuttingDown else { return nil }
            let (outcome, getter) = Self.markDirty(key, at: now, in: &state)
            counted = outcome != .duplicate
            return getter
        }
        if counted { recordAdd() }
        handOff?.continuation.resume(returning: key)
    }

    /// Adds every key of `keys`, under one acquisition of the lock.
    public func add<Keys: Sequence<Key>>(contentsOf keys: Keys) {
        let now = metrics == nil ? Duration.zero : clock.now()
        var handOffs: [(Getter, Key)] = []
        var counted = 0
        state.withLock { state in
            guard !state.shuttingDown else { return }
            for key in keys {
                let (outcome, getter) = Self.markDirty(key, at: now, in: &state)
                if outcome != .duplicate { counted += 1 }
                if let getter { handOffs.append((getter, key)) }
            }
        }
        if let metrics, counted > 0 {
            metrics.adds.increment(by: counted)
            metrics.depth.increment(by: Double(counted))
        }
        for (getter, key) in handOffs {
            getter.continuation.resume(returning: key)
        }
    }

    enum AddOutcome { case duplicate, deferred, queued }

    /// The core of an add, under the lock: marks `key` dirty and either queues it, defers it until
    /// its worker is done, or hands it to a waiting getter (returned, to be resumed outside the lock).
    private static func markDirty(_ key: Key, at now: Duration, in state: inout State) -> (AddOutcome, Getter?) {
        let handOffTo = state.getters.first
        let outcome = Self.update(&state.entries[key, default: .absent], at: now, handingOff: handOffTo != nil)
        guard outcome == .queued else { return (outcome, nil) }
        if handOffTo != nil {
            state.processingCount += 1
            return (outcome, state.getters.removeFirst())
        }
        state.queue.append(key)
        return (outcome, nil)
    }

    /// Updates one entry in place (one hash lookup through the dictionary's modify accessor).
    private static func update(_ entry: inout Entry, at now: Duration, handingOff: Bool) -> AddOutcome {
        if entry.dirty { return .duplicate }
        entry.addedAt = now
        if entry.processing {
            entry.dirty = true
            return .deferred
        }
        if handingOff {
            entry.processing = true
            entry.startedAt = now
        } else {
            entry.dirty = true
        }
        return .queued
    }

    // MARK: - Getting

    /// The next key to process, suspending until one is added; `nil` once the queue is shut down and
    /// empty, or when the calling task is cancelled while waiting.
    ///
    /// You must call ``done(_:)`` with the key once it is processed.
    public func get() async -> Key? {
        let now = metrics == nil ? Duration.zero : clock.now()
        var waited = Duration.zero
        let immediate = state.withLock { state -> Key?? in
            guard let key = Self.take(from: &state, at: now, waited: &waited) else {
                return state.shuttingDown ? .some(nil) : nil
            }
            return key
        }
        if let immediate {
            if immediate != nil { recordGet(waited: waited) }
            return immediate
        }
        return await waitForKey()
    }

    /// Up to `max` keys ready now, or, if none is ready, the next key added (suspending until then).
    /// Empty once the queue is shut down and empty, or when the task is cancelled while waiting.
    ///
    /// Taking keys in batches costs one lock acquisition for the batch. You must call ``done(_:)``
    /// with each key.
    public func getBatch(max: Int) async -> [Key] {
        precondition(max > 0, "getBatch(max:) needs max > 0")
        let now = metrics == nil ? Duration.zero : clock.now()
        var waits: [Duration] = []
        let (keys, shutDown) = state.withLock { state -> ([Key], Bool) in
            var keys: [Key] = []
            var waited = Duration.zero
            while keys.count < max, let key = Self.take(from: &state, at: now, waited: &waited) {
                keys.append(key)
                if metrics != nil { waits.append(waited) }
            }
            return (keys, state.shuttingDown)
        }
        for waited in waits { recordGet(waited: waited) }
        if !keys.isEmpty || shutDown { return keys }
        return await waitForKey().map { [$0] } ?? []
    }

    /// Pops the oldest queued key and marks it processing; `waited` is how long it was queued.
    private static func take(from state: inout State, at now: Duration, waited: inout Duration) -> Key? {
        guard let key = state.queue.popFirst() else { return nil }
        state.processingCount += 1
        Self.start(&state.entries[key, default: .absent], at: now, waited: &waited)
        return key
    }

    private static func start(_ entry: inout Entry, at now: Duration, waited: inout Duration) {
        entry.dirty = false
        entry.processing = true
        entry.startedAt = now
        waited = now - entry.addedAt
    }

    /// The slow path of a get: registers the task as a getter and suspends until an add hands it a
    /// key, the queue shuts down, or the task is cancelled.
    private func waitForKey() async -> Key? {
        let id = state.withLock { state in
            state.nextGetterID &+= 1
            return state.nextGetterID
        }
        let key = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Key?, Never>) in
                let resumeWith = state.withLock { state -> Key?? in
                    var waited = Duration.zero
                    let now = metrics == nil ? Duration.zero : clock.now()
                    // Re-checked under the lock: a key may have come, or the queue shut down, since
                    // the fast path; and a cancellation handler that ran before this point found no
                    // getter to resume.
                    if let key = Self.take(from: &state, at: now, waited: &waited) { return key }
                    if state.shuttingDown || Task.isCancelled { return .some(nil) }
                    state.getters.append(Getter(id: id, continuation: continuation))
                    return nil
                }
                if let resumeWith { continuation.resume(returning: resumeWith) }
            }
        } onCancel: {
            let getter = state.withLock { state -> Getter? in
                guard let index = state.getters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.getters.remove(at: index)
            }
            getter?.continuation.resume(returning: nil)
        }
        if key != nil { recordGet(waited: .zero) }
        return key
    }

    // MARK: - Done

    /// Marks `key` as processed. If it was added while it was processed, it is queued again.
    /// Does nothing for a key that is not being processed.
    public func done(_ key: Key) {
        let now = metrics == nil ? Duration.zero : clock.now()
        var worked = Duration.zero
        let (handOff, drainers) = state.withLock { state -> (Getter?, [CheckedContinuation<Void, Never>]) in
            guard let index = state.entries.index(forKey: key), state.entries.values[index].processing else {
                return (nil, [])
            }
            state.processingCount -= 1
            worked = now - state.entries.values[index].startedAt
            var handOff: Getter?
            if state.entries.values[index].dirty {
                if let getter = state.getters.popFirst() {
                    // Handed straight to a waiting worker: it stays processing.
                    state.processingCount += 1
                    state.entries.values[index].dirty = false
                    state.entries.values[index].startedAt = now
                    handOff = getter
                } else {
                    state.entries.values[index].processing = false
                    state.queue.append(key)
                }
            } else {
                state.entries.remove(at: index)
            }
            guard state.shuttingDown, state.processingCount == 0, !state.drainers.isEmpty else {
                return (handOff, [])
            }
            defer { state.drainers.removeAll() }
            return (handOff, state.drainers)
        }
        if let metrics {
            metrics.workDuration.recordNanoseconds(worked.clampedNanoseconds)
        }
        handOff?.continuation.resume(returning: key)
        for drainer in drainers { drainer.resume() }
    }

    // MARK: - Size and shutdown

    /// The number of keys waiting to be handed out (not counting keys being processed).
    public var count: Int {
        state.withLock { $0.queue.count }
    }

    /// The number of tasks suspended in ``get()`` or ``getBatch(max:)``.
    var waitingGetterCount: Int {
        state.withLock { $0.getters.count }
    }

    /// Whether ``shutDown()`` or ``shutDownWithDrain()`` was called.
    public var isShuttingDown: Bool {
        state.withLock { $0.shuttingDown }
    }

    /// Stops the queue: further adds are ignored, waiting getters return `nil`, and getters return
    /// `nil` once the keys already queued are handed out.
    public func shutDown() {
        let getters = state.withLock { state -> Deque<Getter> in
            state.shuttingDown = true
            defer { state.getters.removeAll() }
            return state.getters
        }
        for getter in getters { getter.continuation.resume(returning: nil) }
    }

    /// Shuts the queue down like ``shutDown()``, then waits until every key handed out is ``done(_:)``.
    ///
    /// Workers must keep calling ``done(_:)``, or this never returns.
    public func shutDownWithDrain() async {
        shutDown()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let finished = state.withLock { state in
                if state.processingCount == 0 { return true }
                state.drainers.append(continuation)
                return false
            }
            if finished { continuation.resume() }
        }
    }

    // MARK: - Metrics

    private func recordAdd() {
        guard let metrics else { return }
        metrics.adds.increment()
        metrics.depth.increment()
    }

    private func recordGet(waited: Duration) {
        guard let metrics else { return }
        metrics.depth.decrement()
        metrics.queueDuration.recordNanoseconds(waited.clampedNanoseconds)
    }

    /// Records `workqueue_unfinished_work_seconds` and `workqueue_longest_running_processor_seconds`
    /// from the keys being processed now. Call it periodically (client-go does every 500 ms); it
    /// visits every key the queue holds, so it stays off the hot paths.
    public func recordUnfinishedWork() {
        guard let metrics else { return }
        let now = clock.now()
        let (total, longest) = state.withLock { state -> (Duration, Duration) in
            var total = Duration.zero
            var longest = Duration.zero
            for entry in state.entries.values where entry.processing {
                let running = now - entry.startedAt
                total += running
                longest = Swift.max(longest, running)
            }
            return (total, longest)
        }
        metrics.unfinishedWork.record(total.inSeconds)
        metrics.longestRunningProcessor.record(longest.inSeconds)
    }
}
