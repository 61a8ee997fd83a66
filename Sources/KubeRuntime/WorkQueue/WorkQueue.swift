public import DequeModule

/// A work queue with client-go's semantics: the queue a controller's workers take keys from.
///
/// ## Expected flow
/// Event handlers ``add(_:)`` keys; each worker loops on ``get()``, processes the key, then calls
/// ``done(_:)`` (or calls ``doneAndGet(_:)``, which does both under one acquisition of the lock);
/// ``shutDown()`` or ``shutDownWithDrain()`` ends the loop (``get()`` returns `nil`).
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
///
/// ## Performance
/// The operations on the hot path (add, get with a key ready, done) are `@inlinable`, so that a
/// client specializes them for its key type: unspecialized, every hash and comparison of a key
/// would go through its witness table.
/// Each of them takes the lock once and hashes the key at most once, before taking the lock
/// (see `HashedKey`).
public final class WorkQueue<Key: Hashable & Sendable>: Sendable {
    /// A key's membership in the queue's two sets, kept in one dictionary so that each operation
    /// hashes the key once.
    @usableFromInline
    struct Entry: Sendable {
        /// The key must be handed out (again): it was added and has not been handed out since.
        @usableFromInline var dirty: Bool
        /// A worker holds the key, between ``get()`` and ``done(_:)``.
        @usableFromInline var processing: Bool

        @inlinable
        static var absent: Entry { Entry(dirty: false, processing: false) }

        @inlinable
        init(dirty: Bool, processing: Bool) {
            self.dirty = dirty
            self.processing = processing
        }
    }

    /// When a key became dirty and when it was handed out, in nanoseconds on the queue's clock, for
    /// the metrics.
    ///
    /// Kept apart from ``Entry``, and only by a queue that records metrics, as client-go keeps them in
    /// its metrics' own maps: in the entries they made each entry 24 bytes instead of 2, and a
    /// producer's backlog outgrew the caches sooner (round trips on one core went from 1.8 M/s
    /// to 2.2–3.3 M/s without them; docs/benchmarks.md, "Tenth session").
    @usableFromInline
    struct Stamps: Sendable {
        @usableFromInline var addedAt: Int64 = 0
        @usableFromInline var startedAt: Int64 = 0

        @inlinable
        init() {}

        /// An add made the key dirty; a key handed straight to a waiting getter starts now too.
        @inlinable
        mutating func added(at now: Int64, handedOut: Bool) {
            addedAt = now
            if handedOut { startedAt = now }
        }

        /// The key was handed out; returns how long it waited.
        @inlinable
        mutating func started(at now: Int64) -> Int64 {
            startedAt = now
            return now - addedAt
        }

        /// The key was done and handed straight out again; returns how long it was worked on.
        @inlinable
        mutating func restarted(at now: Int64) -> Int64 {
            defer { startedAt = now }
            return now - startedAt
        }
    }

    /// A task suspended in ``get()``.
    ///
    /// Its continuation is unsafe rather than checked because `CheckedContinuation`'s layout is
    /// resilient: every add, which returns an optional getter, then looked up its type metadata at
    /// run time, and that was most of an add's cost. Each continuation is resumed exactly once: it is
    /// removed from `getters` under the lock by whoever resumes it.
    @usableFromInline
    struct Getter: Sendable {
        @usableFromInline let id: UInt64
        @usableFromInline let continuation: UnsafeContinuation<Key?, Never>

        init(id: UInt64, continuation: UnsafeContinuation<Key?, Never>) {
            self.id = id
            self.continuation = continuation
        }
    }

    @usableFromInline
    struct State: Sendable {
        /// Keys ready to be handed out, oldest first.
        /// Invariant: every key in `queue` is in `entries`, dirty and not processing, and appears once.
        @usableFromInline var queue = Deque<HashedKey<Key>>()
        /// Invariant: a key is in `entries` if and only if it is dirty or processing.
        @usableFromInline var entries: [HashedKey<Key>: Entry] = [:]
        /// Invariant: the number of entries that are processing.
        @usableFromInline var processingCount = 0
        /// Invariant: non-empty only while `queue` is empty and the queue is not shutting down.
        @usableFromInline var getters = Deque<Getter>()
        @usableFromInline var nextGetterID: UInt64 = 0
        /// Tasks in ``shutDownWithDrain()`` waiting for `processingCount` to reach zero; resumed once,
        /// by the ``done(_:)`` that empties this array.
        @usableFromInline var drainers: [UnsafeContinuation<Void, Never>] = []
        @usableFromInline var shuttingDown = false
        /// The time stamps of every key in `entries`, or `nil` when the queue records no metrics.
        @usableFromInline var stamps: [HashedKey<Key>: Stamps]?

        init(recordingStamps: Bool) {
            stamps = recordingStamps ? [:] : nil
        }
    }

    @usableFromInline let state: ParkingMutex<State>
    @usableFromInline let clock: any RuntimeClock
    /// `nil` when the queue records no metrics: then the hot paths neither read the clock, nor keep
    /// time stamps, nor call a metric handler.
    @usableFromInline let metrics: WorkQueueMetrics?

    /// A queue configured by `configuration` (name, clock, metrics).
    public init(configuration: WorkQueueConfiguration = WorkQueueConfiguration()) {
        clock = configuration.clock
        metrics = WorkQueueMetrics(name: configuration.name, provider: configuration.metrics)
        state = ParkingMutex(State(recordingStamps: metrics != nil))
    }

    /// The time to stamp on keys: the clock's only when metrics read the stamps.
    @inlinable
    var metricsNow: Int64 {
        metrics == nil ? 0 : clock.now().clampedNanoseconds
    }

    // MARK: - Adding

    /// Marks `key` as needing processing. Does nothing if it is already waiting or the queue is
    /// shutting down; if a worker holds it, it is handed out again after ``done(_:)``.
    @inlinable
    public func add(_ key: Key) {
        add(hashed: HashedKey(key))
    }

    /// Adds a key already hashed.
    @inlinable
    func add(hashed key: HashedKey<Key>) {
        let now = metricsNow
        let (outcome, handOff) = state.withLock { state -> (AddOutcome, Getter?) in
            guard !state.shuttingDown else { return (.ignored, nil) }
            return Self.markDirty(key, at: now, in: &state)
        }
        if outcome.isCounted, metrics != nil { recordAdds(1) }
        handOff?.continuation.resume(returning: key.key)
    }

    /// Adds every key of `keys`, under one acquisition of the lock.
    @inlinable
    public func add<Keys: Sequence<Key>>(contentsOf keys: Keys) {
        add(hashed: keys.map(HashedKey.init))
    }

    /// Adds keys already hashed (by the delaying queue's timer), under one acquisition of the lock.
    @inlinable
    func add(hashed keys: [HashedKey<Key>]) {
        let now = metricsNow
        var handOffs: [(Getter, Key)] = []
        var counted = 0
        state.withLock { state in
            guard !state.shuttingDown else { return }
            for key in keys {
                let (outcome, getter) = Self.markDirty(key, at: now, in: &state)
                if outcome.isCounted { counted += 1 }
                if let getter { handOffs.append((getter, key.key)) }
            }
        }
        if counted > 0, metrics != nil { recordAdds(counted) }
        for (getter, key) in handOffs {
            getter.continuation.resume(returning: key)
        }
    }

    /// What an add did with its key.
    @usableFromInline
    enum AddOutcome {
        /// The queue is shutting down.
        case ignored
        /// The key was already waiting.
        case duplicate
        /// The key is being processed; it is queued again when done.
        case deferred
        /// The key was queued, or handed to a waiting getter.
        case queued

        /// Whether the add counts in `workqueue_adds_total` (client-go counts every add that
        /// makes the key dirty).
        @inlinable
        var isCounted: Bool { self == .deferred || self == .queued }
    }

    /// The core of an add, under the lock: marks `key` dirty and either queues it, defers it until
    /// its worker is done, or hands it to a waiting getter (returned, to be resumed outside the lock).
    @inlinable
    static func markDirty(_ key: HashedKey<Key>, at now: Int64, in state: inout State) -> (AddOutcome, Getter?) {
        let handingOff = !state.getters.isEmpty
        let outcome = Self.update(&state.entries[key, default: .absent], handingOff: handingOff)
        if outcome.isCounted, state.stamps != nil {
            state.stamps![key, default: Stamps()].added(at: now, handedOut: outcome == .queued && handingOff)
        }
        guard outcome == .queued else { return (outcome, nil) }
        if handingOff {
            state.processingCount += 1
            return (outcome, state.getters.removeFirst())
        }
        state.queue.append(key)
        return (outcome, nil)
    }

    /// Updates one entry in place (one hash lookup through the dictionary's modify accessor).
    @inlinable
    static func update(_ entry: inout Entry, handingOff: Bool) -> AddOutcome {
        if entry.dirty { return .duplicate }
        if entry.processing {
            entry.dirty = true
            return .deferred
        }
        if handingOff {
            entry.processing = true
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
    @inlinable
    public func get() async -> Key? {
        let now = metricsNow
        var waited: Int64 = 0
        let immediate = state.withLock { Self.next(from: &$0, at: now, waited: &waited) }
        guard let immediate else { return await waitForKey() }
        if immediate != nil, metrics != nil { recordGet(waited: waited) }
        return immediate
    }

    /// Up to `max` keys ready now, or, if none is ready, the next key added (suspending until then).
    /// Empty once the queue is shut down and empty, or when the task is cancelled while waiting.
    ///
    /// Taking keys in batches costs one lock acquisition for the batch. You must call ``done(_:)``
    /// with each key.
    @inlinable
    public func getBatch(max: Int) async -> [Key] {
        precondition(max > 0, "getBatch(max:) needs max > 0")
        let now = metricsNow
        let recording = metrics != nil
        var waits: [Int64] = []
        let (keys, shutDown) = state.withLock { state -> ([Key], Bool) in
            var keys: [Key] = []
            keys.reserveCapacity(Swift.min(max, state.queue.count))
            var waited: Int64 = 0
            while keys.count < max, let key = Self.take(from: &state, at: now, waited: &waited) {
                keys.append(key.key)
                if recording { waits.append(waited) }
            }
            return (keys, state.shuttingDown)
        }
        for waited in waits { recordGet(waited: waited) }
        if !keys.isEmpty || shutDown { return keys }
        return await waitForKey().map { [$0] } ?? []
    }

    /// What a get finds under the lock: the oldest queued key (marked processing), `.some(nil)` when
    /// none is queued and the queue is shutting down, or `nil` when the getter must wait.
    @inlinable
    static func next(from state: inout State, at now: Int64, waited: inout Int64) -> Key?? {
        guard let key = take(from: &state, at: now, waited: &waited) else {
            return state.shuttingDown ? .some(nil) : nil
        }
        return key.key
    }

    /// Pops the oldest queued key and marks it processing; `waited` is how long it was queued.
    @inlinable
    static func take(from state: inout State, at now: Int64, waited: inout Int64) -> HashedKey<Key>? {
        guard let key = state.queue.popFirst() else { return nil }
        state.processingCount += 1
        Self.start(&state.entries[key, default: .absent])
        if state.stamps != nil {
            waited = state.stamps![key, default: Stamps()].started(at: now)
        }
        return key
    }

    @inlinable
    static func start(_ entry: inout Entry) {
        entry.dirty = false
        entry.processing = true
    }

    // MARK: - Done

    /// Marks `key` as processed. If it was added while it was processed, it is queued again.
    /// Does nothing for a key that is not being processed.
    @inlinable
    public func done(_ key: Key) {
        let now = metricsNow
        let hashed = HashedKey(key)
        var worked: Int64 = 0
        let (handOff, drainers) = state.withLock { state -> (Getter?, [UnsafeContinuation<Void, Never>]) in
            let handOff = Self.finish(hashed, at: now, worked: &worked, in: &state)
            return (handOff, Self.takeDrainers(from: &state))
        }
        if metrics != nil { recordDone(worked: worked) }
        handOff?.continuation.resume(returning: key)
        for drainer in drainers { drainer.resume() }
    }

    /// Marks `key` as processed, as ``done(_:)`` does, then returns the next key, as ``get()`` does:
    /// a worker's loop (`while let k = key { process(k); key = await queue.doneAndGet(k) }`).
    ///
    /// It takes the queue's lock once for both, where ``done(_:)`` then ``get()`` take it twice: the
    /// lock is what producers and workers contend for. You must call ``done(_:)`` (or this again)
    /// with the key it returns.
    @inlinable
    public func doneAndGet(_ key: Key) async -> Key? {
        let now = metricsNow
        let hashed = HashedKey(key)
        var worked: Int64 = 0
        var waited: Int64 = 0
        let (handOff, drainers, next) = state.withLock {
            state -> (Getter?, [UnsafeContinuation<Void, Never>], Key??) in
            let handOff = Self.finish(hashed, at: now, worked: &worked, in: &state)
            let next = Self.next(from: &state, at: now, waited: &waited)
            // Read after the take: a key taken here is one more the drain must wait for.
            return (handOff, Self.takeDrainers(from: &state), next)
        }
        if metrics != nil { recordDone(worked: worked) }
        handOff?.continuation.resume(returning: key)
        for drainer in drainers { drainer.resume() }
        guard let next else { return await waitForKey() }
        if next != nil, metrics != nil { recordGet(waited: waited) }
        return next
    }

    /// The core of a done, under the lock: a key added while it was processed is queued again, or
    /// handed to a waiting getter (returned, to be resumed outside the lock); any other leaves the
    /// queue. `worked` is how long it was processed.
    @inlinable
    static func finish(
        _ key: HashedKey<Key>, at now: Int64, worked: inout Int64, in state: inout State
    ) -> Getter? {
        guard let index = state.entries.index(forKey: key), state.entries.values[index].processing else {
            return nil
        }
        state.processingCount -= 1
        guard state.entries.values[index].dirty else {
            state.entries.remove(at: index)
            if let stamps = state.stamps?.removeValue(forKey: key) { worked = now - stamps.startedAt }
            return nil
        }
        if let getter = state.getters.popFirst() {
            // Handed straight to a waiting worker: it stays processing.
            state.processingCount += 1
            state.entries.values[index].dirty = false
            if state.stamps != nil { worked = state.stamps![key, default: Stamps()].restarted(at: now) }
            return getter
        }
        if let startedAt = state.stamps?[key]?.startedAt { worked = now - startedAt }
        state.entries.values[index].processing = false
        state.queue.append(key)
        return nil
    }

    /// The tasks in ``shutDownWithDrain()`` to resume, once the queue is shutting down and no key is
    /// processed.
    @inlinable
    static func takeDrainers(from state: inout State) -> [UnsafeContinuation<Void, Never>] {
        guard state.shuttingDown, state.processingCount == 0, !state.drainers.isEmpty else { return [] }
        defer { state.drainers.removeAll() }
        return state.drainers
    }

    // MARK: - Size

    /// The number of keys waiting to be handed out (not counting keys being processed).
    @inlinable
    public var count: Int {
        state.withLock { $0.queue.count }
    }

    /// The number of tasks suspended in ``get()`` or ``getBatch(max:)``.
    var waitingGetterCount: Int {
        state.withLock { $0.getters.count }
    }

    /// Whether ``shutDown()`` or ``shutDownWithDrain()`` was called.
    @inlinable
    public var isShuttingDown: Bool {
        state.withLock { $0.shuttingDown }
    }
}
