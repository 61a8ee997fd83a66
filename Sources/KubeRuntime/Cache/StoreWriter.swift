/// The one writer of a ``Store``: the reflector applies list results and watch events through it,
/// while any number of readers share the ``store`` handle (kube-rs's reflector `Writer`).
///
/// ## Expected flow
/// The reflector calls ``replace(all:resourceVersion:)`` with each complete list (the first marks
/// the store synced), then ``apply(_:resourceVersion:)`` and ``delete(_:resourceVersion:)`` for
/// each watch event.
///
/// ## Assumptions
/// One task writes; reads may come from anywhere. Two writers would not corrupt the store, but
/// their events would interleave in an order no one chose.
public final class StoreWriter<Object: CacheableObject>: Sendable {
    /// What is applied to each object before it is stored.
    public typealias Transform = @Sendable (Object) -> Object

    let storage: StoreStorage<Object>
    let transform: Transform

    /// A writer of an empty store, indexed by `indexers` (default: by namespace and by controlling
    /// owner's uid), storing objects after `transform` (default:
    /// ``removeManagedFieldsAndLastApplied(_:)``; pass `{ $0 }` to store objects as they come).
    public init(
        indexers: [Indexer<Object>] = [.namespace, .ownerUID],
        transform: @escaping Transform = StoreWriter.removeManagedFieldsAndLastApplied
    ) {
        storage = StoreStorage(indexers: indexers)
        self.transform = transform
    }

    /// The default transform: drops `metadata.managedFields` and the last-applied annotation, which a
    /// controller never reads and which are often most of a cached object's memory.
    public static func removeManagedFieldsAndLastApplied(_ object: Object) -> Object {
        var object = object
        object.removeManagedFieldsAndLastApplied()
        return object
    }

    /// A read-only handle on the store.
    public var store: Store<Object> {
        Store(storage: storage)
    }

    /// Stores `object` (added or updated), returning the object it replaces, if any.
    /// - Throws: ``CacheError/objectWithoutName(namespace:)`` when the object has no name.
    @discardableResult
    public func apply(_ object: Object, resourceVersion: String? = nil) throws(CacheError) -> Object? {
        let object = transform(object)
        let key = try Self.key(of: object)
        return storage.state.withLock { state in
            if let resourceVersion { state.resourceVersion = resourceVersion }
            return state.contents.upsert(object, at: key)
        }
    }

    /// Removes the object with the key of `object`, returning the stored copy, if any.
    /// - Throws: ``CacheError/objectWithoutName(namespace:)`` when the object has no name.
    @discardableResult
    public func delete(_ object: Object, resourceVersion: String? = nil) throws(CacheError) -> Object? {
        let key = try Self.key(of: object)
        return storage.state.withLock { state in
            if let resourceVersion { state.resourceVersion = resourceVersion }
            return state.contents.remove(at: key)
        }
    }

    /// Replaces the whole content with `objects`, a complete list as of `resourceVersion`, and marks
    /// the store synced. Returns exactly what changed, so that a relist after a watch expired (410
    /// Gone) delivers only real differences: objects new to the store, objects whose
    /// resourceVersion changed, and objects that vanished meanwhile.
    /// - Throws: ``CacheError/objectWithoutName(namespace:)`` when an object has no name; the store
    ///   is then left unchanged.
    @discardableResult
    public func replace(all objects: [Object], resourceVersion: String?) throws(CacheError) -> StoreChanges<Object> {
        var incoming: [ObjectKey: Object] = [:]
        incoming.reserveCapacity(objects.count)
        for object in objects {
            let object = transform(object)
            incoming[try Self.key(of: object)] = object
        }
        let changes = storage.state.withLock { state in
            var changes = StoreChanges<Object>()
            for (key, old) in state.contents.objects where incoming[key] == nil {
                _ = state.contents.remove(at: key)
                changes.deleted.append(old)
            }
            for (key, new) in incoming {
                guard let old = state.contents.upsert(new, at: key) else {
                    changes.added.append(new)
                    continue
                }
                if !Self.isSameVersion(old, new) { changes.updated.append((old, new)) }
            }
            state.resourceVersion = resourceVersion
            return changes
        }
        storage.markSynced()
        return changes
    }

    /// Two copies of an object are the same when both carry the same resourceVersion: the API server
    /// changes it on every write (https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions).
    static func isSameVersion(_ old: Object, _ new: Object) -> Bool {
        guard let oldVersion = old.objectResourceVersion, let newVersion = new.objectResourceVersion else {
            return false
        }
        return oldVersion == newVersion
    }

    static func key(of object: Object) throws(CacheError) -> ObjectKey {
        guard let key = ObjectKey(object) else { throw .objectWithoutName(namespace: object.objectNamespace) }
        return key
    }
}

/// What a ``StoreWriter/replace(all:resourceVersion:)`` changed.
public struct StoreChanges<Object: CacheableObject>: Sendable {
    /// Objects that were not in the store.
    public var added: [Object] = []
    /// Objects whose resourceVersion changed (or is unknown), with the copy they replaced.
    public var updated: [(old: Object, new: Object)] = []
    /// Objects that were in the store and are not in the list.
    public var deleted: [Object] = []

    /// Whether nothing changed.
    public var isEmpty: Bool {
        added.isEmpty && updated.isEmpty && deleted.isEmpty
    }
}
