import Synchronization

/// A read-only handle on a thread-safe cache of objects of one kind, keyed by ``ObjectKey`` and
/// indexed by the store's ``Indexer``s (client-go's `Indexer`, kube-rs's reflector `Store`).
///
/// Handles are cheap to copy and share; only the ``StoreWriter`` that made them changes the cache.
///
/// ## Guarantees
/// - Every read sees the cache between two writes, never in the middle of one (indices included).
/// - Objects are stored after the writer's transform: by default without `managedFields` and the
///   last-applied annotation.
///
/// ## Caveats
/// Until ``hasSynced`` is true the cache may be missing objects that exist: a controller must wait
/// for ``waitUntilSynced()`` before it trusts an absence.
public struct Store<Object: CacheableObject>: Sendable {
    let storage: StoreStorage<Object>

    /// The object stored under `key`.
    public func get(_ key: ObjectKey) -> Object? {
        storage.state.withLock { $0.contents.objects[key] }
    }

    /// The object named `name` in `namespace` (`nil` for a cluster-scoped object).
    public func get(namespace: String?, name: String) -> Object? {
        get(ObjectKey(namespace: namespace, name: name))
    }

    /// Every object, in no particular order.
    public func list() -> [Object] {
        storage.state.withLock { Array($0.contents.objects.values) }
    }

    /// The objects whose labels satisfy `selector` (for example a label selector's `matches`).
    public func list(matching selector: ([String: String]) -> Bool) -> [Object] {
        storage.state.withLock { state in
            state.contents.objects.values.filter { selector($0.objectLabels) }
        }
    }

    /// The keys of every object, in no particular order.
    public var keys: [ObjectKey] {
        storage.state.withLock { Array($0.contents.objects.keys) }
    }

    /// The number of objects.
    public var count: Int {
        storage.state.withLock { $0.contents.objects.count }
    }

    /// The objects indexed under `value` in the index named `indexName`.
    /// - Throws: ``CacheError/unknownIndex(_:)`` when the store has no such index.
    public func byIndex(_ indexName: String, _ value: String) throws(CacheError) -> [Object] {
        let objects = storage.state.withLock { state -> [Object]? in
            guard let keys = state.contents.keys(inIndex: indexName, value: value) else { return nil }
            return keys.compactMap { state.contents.objects[$0] }
        }
        guard let objects else { throw .unknownIndex(indexName) }
        return objects
    }

    /// The keys indexed under `value` in the index named `indexName`.
    /// - Throws: ``CacheError/unknownIndex(_:)`` when the store has no such index.
    public func keys(inIndex indexName: String, _ value: String) throws(CacheError) -> Set<ObjectKey> {
        let keys = storage.state.withLock { $0.contents.keys(inIndex: indexName, value: value) }
        guard let keys else { throw .unknownIndex(indexName) }
        return keys
    }

    /// The values present in the index named `indexName`.
    /// - Throws: ``CacheError/unknownIndex(_:)`` when the store has no such index.
    public func indexValues(_ indexName: String) throws(CacheError) -> [String] {
        let values = storage.state.withLock { $0.contents.values(ofIndex: indexName) }
        guard let values else { throw .unknownIndex(indexName) }
        return values
    }

    /// The resourceVersion of the last list or event applied by the writer.
    public var resourceVersion: String? {
        storage.state.withLock { $0.resourceVersion }
    }

    /// Whether the cache has been filled once from a complete list (``StoreWriter/replace(all:resourceVersion:)``).
    public var hasSynced: Bool {
        storage.state.withLock { $0.synced }
    }

    /// Suspends until the cache has synced. Returns `true` once it has, `false` if the task is
    /// cancelled first.
    @discardableResult
    public func waitUntilSynced() async -> Bool {
        await storage.waitUntilSynced()
    }
}

/// What a cache operation can fail with.
public enum CacheError: Error, Equatable, CustomStringConvertible {
    /// The store has no index of this name.
    case unknownIndex(String)
    /// An object without `metadata.name` cannot be keyed; the value is its namespace, if any.
    case objectWithoutName(namespace: String?)

    public var description: String {
        switch self {
        case .unknownIndex(let name):
            return "the store has no index named '\(name)'"
        case .objectWithoutName(let namespace):
            return "cannot cache an object without metadata.name (namespace '\(namespace ?? "")')"
        }
    }
}

/// The shared state of a store's writer and readers.
final class StoreStorage<Object: CacheableObject>: Sendable {
    struct State: Sendable {
        var contents: StoreContents<Object>
        var resourceVersion: String?
        /// Invariant: once true, stays true and `syncWaiters` stays empty.
        var synced = false
        var syncWaiters: [UInt64: CheckedContinuation<Bool, Never>] = [:]
        var nextWaiterID: UInt64 = 0
    }

    let state: Mutex<State>

    init(indexers: [Indexer<Object>]) {
        state = Mutex(State(contents: StoreContents(indexers: indexers)))
    }

    func markSynced() {
        let waiters = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            state.synced = true
            defer { state.syncWaiters.removeAll() }
            return Array(state.syncWaiters.values)
        }
        for waiter in waiters { waiter.resume(returning: true) }
    }

    func waitUntilSynced() async -> Bool {
        let id = state.withLock { state in
            state.nextWaiterID &+= 1
            return state.nextWaiterID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let immediate = state.withLock { state -> Bool? in
                    if state.synced { return true }
                    if Task.isCancelled { return false }
                    state.syncWaiters[id] = continuation
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.syncWaiters.removeValue(forKey: id) }
            waiter?.resume(returning: false)
        }
    }
}
