/// The objects of a ``Store`` and their indices, as a value: every mutation keeps the indices
/// consistent with the objects (client-go's `threadSafeMap` with its `storeIndex`, without the lock).
struct StoreContents<Object: CacheableObject>: Sendable {
    let indexers: [Indexer<Object>]
    /// Invariant: each object is stored under its own key.
    private(set) var objects: [ObjectKey: Object] = [:]
    /// One dictionary per indexer, in the order of `indexers`, from index value to the keys of the
    /// objects indexed under it.
    /// Invariant: `indices[i][value]` contains `key` if and only if `indexers[i].values(objects[key])`
    /// contains `value`; no set is empty.
    private(set) var indices: [[String: Set<ObjectKey>]]

    init(indexers: [Indexer<Object>]) {
        self.indexers = indexers
        indices = Array(repeating: [:], count: indexers.count)
    }

    /// Stores `object` under `key`, returning the object it replaces.
    mutating func upsert(_ object: Object, at key: ObjectKey) -> Object? {
        let old = objects.updateValue(object, forKey: key)
        reindex(key, from: old, to: object)
        return old
    }

    /// Removes the object under `key`, returning it.
    mutating func remove(at key: ObjectKey) -> Object? {
        guard let old = objects.removeValue(forKey: key) else { return nil }
        reindex(key, from: old, to: nil)
        return old
    }

    /// Moves `key` from the index values of `old` to those of `new` in every index.
    private mutating func reindex(_ key: ObjectKey, from old: Object?, to new: Object?) {
        for (position, indexer) in indexers.enumerated() {
            let oldValues = old.map(indexer.values) ?? []
            let newValues = new.map(indexer.values) ?? []
            // The common case, an update that keeps the index values, touches nothing.
            if oldValues == newValues { continue }
            for value in oldValues where !newValues.contains(value) {
                indices[position][value]?.remove(key)
                if indices[position][value]?.isEmpty == true { indices[position][value] = nil }
            }
            for value in newValues where !oldValues.contains(value) {
                indices[position][value, default: []].insert(key)
            }
        }
    }

    /// The keys indexed under `value` in the index named `name`; `nil` when there is no such index.
    func keys(inIndex name: String, value: String) -> Set<ObjectKey>? {
        guard let position = indexers.firstIndex(where: { $0.name == name }) else { return nil }
        return indices[position][value] ?? []
    }

    /// The values of the index named `name`; `nil` when there is no such index.
    func values(ofIndex name: String) -> [String]? {
        guard let position = indexers.firstIndex(where: { $0.name == name }) else { return nil }
        return Array(indices[position].keys)
    }
}
