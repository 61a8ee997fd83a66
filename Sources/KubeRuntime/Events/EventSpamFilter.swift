import KubeCore
import Synchronization

/// Limits how many events one source may report about one object, as client-go's
/// `EventSourceObjectSpamFilter` does: a token bucket per object that starts with `burst` tokens and
/// gains one every `refillInterval` (25 and 5 minutes by default), so a controller stuck in a loop
/// cannot flood the API server (and etcd) with events.
///
/// The key is the object (kind, namespace, name, uid, apiVersion): every reason and message about
/// it shares one bucket.
final class EventSpamFilter: Sendable {
    private struct Bucket {
        var tokens: Double
        /// When `tokens` was last brought up to date, on the filter's clock.
        var updated: Duration
    }

    private struct ObjectKey: Hashable {
        var kind, namespace, name, uid, apiVersion: String?

        init(_ reference: ObjectReference) {
            kind = reference.kind
            namespace = reference.namespace
            name = reference.name
            uid = reference.uid
            apiVersion = reference.apiVersion
        }
    }

    private let burst: Double
    private let refillInterval: Duration
    private let clock: any RuntimeClock
    private let buckets: Mutex<LRUCache<ObjectKey, Bucket>>

    init(burst: Int, refillInterval: Duration, cacheSize: Int, clock: any RuntimeClock) {
        self.burst = Double(burst)
        self.refillInterval = refillInterval
        self.clock = clock
        buckets = Mutex(LRUCache(capacity: cacheSize))
    }

    /// Takes a token of the object's bucket.
    /// - Returns: false when the bucket is empty: the event is to be dropped.
    func allow(_ reference: ObjectReference) -> Bool {
        let now = clock.now()
        let key = ObjectKey(reference)
        return buckets.withLock { buckets in
            var bucket = buckets.value(for: key) ?? Bucket(tokens: burst, updated: now)
            let refilled = max(.zero, now - bucket.updated) / refillInterval
            bucket.tokens = min(burst, bucket.tokens + refilled)
            bucket.updated = max(bucket.updated, now)
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            buckets.set(bucket, for: key)
            return allowed
        }
    }
}
