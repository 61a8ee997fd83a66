extension StoreWriter {
    /// Starts replacing the whole content page by page: a relist that never holds the full list and
    /// the full store at once, so an informer's memory does not double while it relists.
    ///
    /// ## Expected flow
    /// ``RelistSession/apply(page:)`` for each page of the list, then
    /// ``RelistSession/finish(resourceVersion:)`` once the last page is in: only then are the
    /// objects that vanished removed and the store marked synced.
    ///
    /// ## Caveats
    /// Between the first page and `finish`, readers see new copies of the objects already listed
    /// next to old copies of the others; each object is always one consistent version of itself.
    public func beginRelist() -> RelistSession<Object> {
        RelistSession(writer: self)
    }

    /// Stores `object` after the transform; returns its key, the copy it replaced and the stored copy.
    func applyListed(_ object: Object, resourceVersion: String? = nil) throws(CacheError) -> (key: ObjectKey, old: Object?, new: Object) {
        let object = transform(object)
        let key = try Self.key(of: object)
        let old = storage.state.withLock { state in
            if let resourceVersion { state.resourceVersion = resourceVersion }
            return state.contents.upsert(object, at: key)
        }
        return (key, old, object)
    }

    /// Records that the cache is current as of `resourceVersion` (a watch bookmark).
    func setResourceVersion(_ resourceVersion: String) {
        storage.state.withLock { $0.resourceVersion = resourceVersion }
    }

    func removeAll(except kept: Set<ObjectKey>, resourceVersion: String?) -> [Object] {
        let deleted = storage.state.withLock { state -> [Object] in
            var deleted: [Object] = []
            for key in state.contents.objects.keys where !kept.contains(key) {
                if let old = state.contents.remove(at: key) { deleted.append(old) }
            }
            state.resourceVersion = resourceVersion
            return deleted
        }
        storage.markSynced()
        return deleted
    }
}

/// A paged ``StoreWriter/replace(all:resourceVersion:)``; see ``StoreWriter/beginRelist()``.
public struct RelistSession<Object: CacheableObject>: Sendable {
    let writer: StoreWriter<Object>
    /// The keys of every object listed so far: what `finish` keeps.
    private var listed: Set<ObjectKey> = []

    init(writer: StoreWriter<Object>) {
        self.writer = writer
    }

    /// Stores one page of the list; returns what it added and what it changed (objects whose
    /// resourceVersion differs from the stored copy).
    /// - Throws: ``CacheError/objectWithoutName(namespace:)`` for an object without a name; the
    ///   objects before it in the page are stored.
    public mutating func apply(page: [Object]) throws(CacheError) -> StoreChanges<Object> {
        var changes = StoreChanges<Object>()
        for object in page {
            let (key, old, new) = try writer.applyListed(object)
            listed.insert(key)
            if let old {
                if !StoreWriter.isSameVersion(old, new) { changes.updated.append((old, new)) }
            } else {
                changes.added.append(new)
            }
        }
        return changes
    }

    /// Removes every stored object the list did not contain, records the list's resourceVersion and
    /// marks the store synced; returns the removed objects.
    public func finish(resourceVersion: String?) -> [Object] {
        writer.removeAll(except: listed, resourceVersion: resourceVersion)
    }
}
