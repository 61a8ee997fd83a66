import KubeCore

/// Remembers the Events the recorder wrote so that a repeat becomes a PATCH of `count` and
/// `lastTimestamp` on the existing Event instead of a new object (client-go's `eventLogger` in
/// `events_cache.go`): a controller that reports the same failure every resync leaves one Event with a
/// growing count.
///
/// A repeat is the same object, type, reason and message; it is folded into the Event only within
/// `window` (10 minutes by default) of the last occurrence, so an event seen again after a long quiet
/// spell is reported afresh.
///
/// Owned by the recorder's writer task alone; not shared, so it needs no lock.
struct EventCorrelator {
    /// What makes two events repeats of each other (client-go's `getEventKey`); the object's
    /// resourceVersion is left out, since it changes while the event stays the same.
    struct Key: Hashable {
        var kind, namespace, name, uid, apiVersion, fieldPath: String?
        var type: EventType
        var reason: String
        var message: String

        init(_ event: PendingEvent) {
            let object = event.regarding
            kind = object.kind
            namespace = object.namespace
            name = object.name
            uid = object.uid
            apiVersion = object.apiVersion
            fieldPath = object.fieldPath
            type = event.type
            reason = event.reason
            message = event.message
        }
    }

    /// The Event written for a key.
    struct Written {
        var name: String
        var namespace: String
        var count: Int32
        /// When the event last occurred, on the recorder's clock.
        var lastSeen: Duration
    }

    private var written: LRUCache<Key, Written>
    private let window: Duration

    init(cacheSize: Int, window: Duration) {
        written = LRUCache(capacity: cacheSize)
        self.window = window
    }

    /// The Event that an occurrence at `time` repeats, if one was written within the window.
    mutating func repeated(_ key: Key, at time: Duration) -> Written? {
        guard let last = written.value(for: key) else { return nil }
        guard time - last.lastSeen <= window else {
            written.removeValue(for: key)
            return nil
        }
        return last
    }

    /// Notes that the Event for `key` now stands at `count`, last seen at `time`.
    mutating func recorded(_ key: Key, event: Written) {
        written.set(event, for: key)
    }

    /// Forgets the Event for `key`, e.g. after the API server deleted it (Events expire after an
    /// hour by default).
    mutating func forget(_ key: Key) {
        written.removeValue(for: key)
    }
}
