import DequeModule
import KubeCore

/// The type of a watch event, as it appears on the wire.
public enum WatchEventType: String, Sendable {
    case added = "ADDED"
    case modified = "MODIFIED"
    case deleted = "DELETED"
    case bookmark = "BOOKMARK"
    case error = "ERROR"
}

/// One change to one stored object, kept so watches can resume and old snapshots can be rebuilt.
struct StoredEvent: Sendable {
    var type: WatchEventType
    /// The object's storage key (`namespace/name`, or `name` when cluster-scoped).
    var key: String
    /// The object after the change; for a deletion, its last state stamped with the deletion's version.
    var object: JSONValue
    /// The object before the change; nil for an addition.
    var previous: JSONValue?
    var resourceVersion: UInt64
}

/// The recent changes of one resource, oldest first: a bounded ring that is also compacted over time,
/// as etcd compacts its history (kube-apiserver compacts every 5 minutes by default).
///
/// Invariant: every change of this resource with a version greater than `oldestResumable` is in
/// `events`, so a watch or snapshot from any version at or after it is exact; older ones are `Expired`.
struct EventLog: Sendable {
    private(set) var events: Deque<StoredEvent> = []
    /// The lowest resource version a watch may resume from.
    private(set) var oldestResumable: UInt64 = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    mutating func append(_ event: StoredEvent) {
        if events.count >= capacity, let dropped = events.popFirst() {
            oldestResumable = dropped.resourceVersion
        }
        events.append(event)
    }

    /// Forgets every change at or before `resourceVersion`.
    mutating func compact(through resourceVersion: UInt64) {
        while let first = events.first, first.resourceVersion <= resourceVersion { events.removeFirst() }
        oldestResumable = max(oldestResumable, resourceVersion)
    }

    /// True when changes strictly after `resourceVersion` are all still known.
    func canResume(from resourceVersion: UInt64) -> Bool { resourceVersion >= oldestResumable }

    /// The changes strictly after `resourceVersion`, oldest first; the caller checked `canResume`.
    func events(after resourceVersion: UInt64) -> Deque<StoredEvent>.SubSequence {
        // Versions increase along the ring: binary search for the first one past `resourceVersion`.
        var low = events.startIndex
        var high = events.endIndex
        while low < high {
            let middle = (low + high) / 2
            if events[middle].resourceVersion <= resourceVersion { low = middle + 1 } else { high = middle }
        }
        return events[low...]
    }

    /// The objects as they were at `resourceVersion`, rebuilt from `current` by undoing later changes.
    func snapshot(of current: [String: JSONValue], at resourceVersion: UInt64) -> [String: JSONValue] {
        let later = events(after: resourceVersion)
        guard !later.isEmpty else { return current }
        var objects = current
        for event in later.reversed() {
            switch event.type {
            case .added: objects[event.key] = nil
            default: objects[event.key] = event.previous
            }
        }
        return objects
    }
}
