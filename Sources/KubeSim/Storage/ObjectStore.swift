import KubeCore
import Synchronization

/// What a read-modify-write decides to do with the object it was given.
enum StoreWrite: Sendable {
    /// Store this object (a create when there was none, else an update).
    case put(JSONValue)
    /// Remove the object.
    case delete
    /// Change nothing (e.g. an update that is a no-op); the current object is returned.
    case unchanged
}

/// The outcome of a write: the stored object (stamped with its new resourceVersion) and what it replaced.
struct StoreWriteResult: Sendable {
    enum Outcome: Sendable { case created, updated, deleted, unchanged }
    var outcome: Outcome
    /// The object as stored (for a deletion, its last state at the deletion's version).
    var object: JSONValue?
    var previous: JSONValue?
    var resourceVersion: UInt64
}

/// A page (or all) of a collection at one resource version.
struct StoreListResult: Sendable {
    var items: [JSONValue]
    var resourceVersion: UInt64
    /// The last key returned, when more keys follow it.
    var lastKey: String?
    /// How many objects follow the page (only computed when nothing is filtered out).
    var remaining: Int?
}

/// An event a watch starts with: replayed history, or the current objects as ADDED.
struct InitialEvent: Sendable {
    var type: WatchEventType
    var object: JSONValue
}

/// A watch registered in the store: the events it starts with, and the watcher that receives what follows.
struct StoreWatch: Sendable {
    var initial: [InitialEvent]
    /// The resource version the initial events bring the client to.
    var resourceVersion: UInt64
    var watcher: Watcher
}

/// The in-memory storage: every object by resource and key, one global resourceVersion counter, a
/// bounded history per resource, and the open watches.
///
/// All state is behind one lock; each operation is O(1) or O(log n) in the collection size except
/// lists, which are proportional to what they return (plus a sort after a create or delete).
/// Nothing here re-serializes stored objects: values are shared copy-on-write with events and watchers.
final class ObjectStore: Sendable {
    private struct Table {
        var objects: [String: JSONValue] = [:]
        /// `objects`' keys sorted, rebuilt lazily after a create or delete (lists and paging use it).
        var sortedKeys: [String]?
        var log: EventLog
        var watchers: [Int: Watcher] = [:]
    }

    private struct State {
        var resourceVersion: UInt64 = 1
        var tables: [ResourceID: Table] = [:]
        var nextWatcherID = 1
    }

    private let state = Mutex(State())
    private let historyCapacity: Int
    private let watchBufferCapacity: Int

    /// - Parameters:
    ///   - historyCapacity: changes remembered per resource for watch resumption and exact-version reads.
    ///   - watchBufferCapacity: items a watcher may fall behind before it is closed.
    init(historyCapacity: Int, watchBufferCapacity: Int) {
        self.historyCapacity = historyCapacity
        self.watchBufferCapacity = watchBufferCapacity
    }

    /// The storage key of an object: `namespace/name`, or `name` for cluster-scoped objects.
    static func key(namespace: String?, name: String) -> String {
        guard let namespace, !namespace.isEmpty else { return name }
        return "\(namespace)/\(name)"
    }

    var currentResourceVersion: UInt64 { state.withLock { $0.resourceVersion } }

    func get(_ resource: ResourceID, key: String) -> JSONValue? {
        state.withLock { $0.tables[resource]?.objects[key] }
    }

    /// All objects of a resource at this instant, in no particular order (for controllers and GC).
    func objects(_ resource: ResourceID) -> [String: JSONValue] {
        state.withLock { $0.tables[resource]?.objects ?? [:] }
    }

    /// Atomically reads the object at `key`, lets `decide` choose a write, applies it, records the change
    /// and tells the watchers. `decide` runs under the store's lock: keep it free of I/O.
    func write(
        _ resource: ResourceID, key: String,
        _ decide: (_ current: JSONValue?, _ nextVersion: UInt64) throws(APIError) -> StoreWrite
    ) throws(APIError) -> StoreWriteResult {
        try state.withLock { state throws(APIError) in
            var table = state.tables.removeValue(forKey: resource) ?? Table(log: EventLog(capacity: historyCapacity))
            defer { state.tables[resource] = table }
            let current = table.objects[key]
            let version = state.resourceVersion + 1
            let decision = try decide(current, version)
            let event: StoredEvent
            switch decision {
            case .unchanged:
                return StoreWriteResult(outcome: .unchanged, object: current, previous: current, resourceVersion: state.resourceVersion)
            case .put(var object):
                object[path: "metadata", "resourceVersion"] = .string(String(version))
                if current == nil { table.sortedKeys = nil }
                table.objects[key] = object
                event = StoredEvent(
                    type: current == nil ? .added : .modified, key: key, object: object, previous: current,
                    resourceVersion: version)
            case .delete:
                guard var object = current else {
                    return StoreWriteResult(outcome: .unchanged, resourceVersion: state.resourceVersion)
                }
                object[path: "metadata", "resourceVersion"] = .string(String(version))
                table.objects[key] = nil
                table.sortedKeys = nil
                event = StoredEvent(type: .deleted, key: key, object: object, previous: current, resourceVersion: version)
            }
            state.resourceVersion = version
            table.log.append(event)
            Self.notify(&table, of: event)
            let outcome: StoreWriteResult.Outcome = switch event.type {
            case .added: .created
            case .deleted: .deleted
            default: .updated
            }
            return StoreWriteResult(outcome: outcome, object: event.object, previous: current, resourceVersion: version)
        }
    }

    private static func notify(_ table: inout Table, of event: StoredEvent) {
        guard !table.watchers.isEmpty else { return }
        var encodedObject: [UInt8]?
        var closed: [Int] = []
        for watcher in table.watchers.values {
            guard let (type, usesPrevious) = watcher.view(of: event) else { continue }
            let item: WatchItem
            if usesPrevious, var previous = event.previous {
                previous[path: "metadata", "resourceVersion"] = .string(String(event.resourceVersion))
                item = .event(type, previous, encoded: nil)
            } else {
                if encodedObject == nil { encodedObject = event.object.serialized() }
                item = .event(type, event.object, encoded: encodedObject)
            }
            if !watcher.send(item) { closed.append(watcher.id) }
        }
        for id in closed { table.watchers[id] = nil }
    }

    /// Lists a collection, optionally as it was at `version`, starting after `startAfter`, filtered, at most
    /// `limit` items. Throws `Expired` when `version` is older than the retained history.
    func list(
        _ resource: ResourceID, keyPrefix: String?, at version: UInt64?, startAfter: String?, limit: Int?,
        matches: ObjectPredicate?
    ) throws(APIError) -> StoreListResult {
        // Copy what is needed under the lock (copy-on-write makes it O(1)); filter outside it.
        let (objects, keys, listVersion) = try state.withLock { state throws(APIError) -> ([String: JSONValue], [String], UInt64) in
            let current = state.resourceVersion
            guard var table = state.tables[resource] else { return ([:], [], version ?? current) }
            guard let version, version < current else {
                let keys = table.sortedKeys ?? table.objects.keys.sorted()
                table.sortedKeys = keys
                state.tables[resource] = table
                return (table.objects, keys, current)
            }
            guard table.log.canResume(from: version) else {
                throw APIError.expired("The resourceVersion for the provided list is too old.")
            }
            let snapshot = table.log.snapshot(of: table.objects, at: version)
            let keys = table.log.events(after: version).isEmpty
                ? (table.sortedKeys ?? snapshot.keys.sorted()) : snapshot.keys.sorted()
            return (snapshot, keys, version)
        }
        var index = keys.startIndex
        if let prefix = keyPrefix { index = Self.firstIndex(in: keys, notBefore: prefix) }
        if let startAfter {
            index = max(index, Self.firstIndex(in: keys, notBefore: startAfter))
            if index < keys.endIndex, keys[index] == startAfter { index += 1 }
        }
        var end = keys.endIndex
        if let prefix = keyPrefix { end = Self.firstIndex(in: keys, notBefore: prefix + "\u{10FFFF}") }
        var items: [JSONValue] = []
        let wanted = limit.flatMap { $0 > 0 ? $0 : nil } ?? Int.max
        while index < end, items.count < wanted {
            if let object = objects[keys[index]], matches?(object) ?? true { items.append(object) }
            index += 1
        }
        let more = index < end
        return StoreListResult(
            items: items, resourceVersion: listVersion, lastKey: more ? keys[index - 1] : nil,
            remaining: more && matches == nil ? end - index : nil)
    }

    private static func firstIndex(in keys: [String], notBefore key: String) -> Int {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Opens a watch. With `from`, it starts strictly after that version (Expired when it is older than
    /// the retained history); without, it starts with the current objects as ADDED events.
    func watch(
        _ resource: ResourceID, from version: UInt64?, bookmarks: Bool, matches: ObjectPredicate?
    ) throws(APIError) -> StoreWatch {
        try state.withLock { state throws(APIError) in
            var table = state.tables.removeValue(forKey: resource) ?? Table(log: EventLog(capacity: historyCapacity))
            defer { state.tables[resource] = table }
            if let version, !table.log.canResume(from: version) {
                throw APIError.expired("too old resource version: \(version) (\(table.log.oldestResumable))")
            }
            let id = state.nextWatcherID
            state.nextWatcherID += 1
            let watcher = Watcher(
                id: id, capacity: watchBufferCapacity, wantsBookmarks: bookmarks, matches: matches ?? { _ in true })
            var initial: [InitialEvent] = []
            if let version {
                for event in table.log.events(after: version) {
                    guard let (type, usesPrevious) = watcher.view(of: event) else { continue }
                    var object = event.object
                    if usesPrevious, let previous = event.previous {
                        object = previous
                        object[path: "metadata", "resourceVersion"] = .string(String(event.resourceVersion))
                    }
                    initial.append(InitialEvent(type: type, object: object))
                }
            } else {
                let keys = table.sortedKeys ?? table.objects.keys.sorted()
                table.sortedKeys = keys
                for key in keys {
                    guard let object = table.objects[key], matches?(object) ?? true else { continue }
                    initial.append(InitialEvent(type: .added, object: object))
                }
            }
            table.watchers[id] = watcher
            return StoreWatch(initial: initial, resourceVersion: state.resourceVersion, watcher: watcher)
        }
    }

    /// Forgets every change at or before `version` in every resource (etcd compaction).
    func compact(through version: UInt64) {
        state.withLock { state in
            for id in state.tables.keys { state.tables[id]?.log.compact(through: version) }
        }
    }

    /// Sends a bookmark at the current version to every watcher that asked for bookmarks.
    func sendBookmarks() {
        state.withLock { state in
            let version = state.resourceVersion
            for (id, table) in state.tables where !table.watchers.isEmpty {
                for watcher in table.watchers.values where watcher.isClosed || watcher.wantsBookmarks {
                    if !watcher.send(.bookmark(version)) { state.tables[id]?.watchers[watcher.id] = nil }
                }
            }
        }
    }

    /// Ends every open watch (a fault, or shutdown); clients see their stream end and watch again.
    func closeAllWatches() {
        state.withLock { state in
            for id in state.tables.keys {
                state.tables[id]?.watchers.values.forEach { $0.close() }
                state.tables[id]?.watchers = [:]
            }
        }
    }

    /// Number of open watches, for tests and diagnostics.
    var openWatchCount: Int {
        state.withLock { state in state.tables.values.reduce(0) { $0 + $1.watchers.values.filter { !$0.isClosed }.count } }
    }
}
