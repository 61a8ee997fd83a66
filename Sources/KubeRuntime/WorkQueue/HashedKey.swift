/// A key with its hash value computed once, outside the queues' locks.
///
/// The queues' sets are dictionaries keyed by this type, so that an operation hashes its key once,
/// before it takes a lock (shortening the time the lock is held, which workers and producers
/// contend for), and so that a key moved from the timer to the queue, or from the queue to a
/// worker, is not hashed again. Probing a bucket compares the stored hashes before the keys, so
/// that colliding keys (such as `namespace/name` strings that differ in their last characters)
/// are told apart without comparing their contents.
@usableFromInline
struct HashedKey<Key: Hashable & Sendable>: Hashable, Sendable {
    @usableFromInline let key: Key
    /// `KeyHash`'s hash for the keys controllers use (`String`, ``ObjectKey``), `key.hashValue` for
    /// any other; both are seeded per process, so hash flooding is no easier than with the key
    /// itself.
    @usableFromInline let hash: Int

    /// Only keys whose type is exactly `String` or ``ObjectKey`` take `KeyHash`: a wrapper such as
    /// `AnyHashable`, or a bridged string class with its own equality, keeps its own `hashValue`.
    /// Where the queues are specialized for a key type (their operations are `@inlinable`), the
    /// type checks fold to constants and the casts cost nothing.
    @inlinable
    init(_ key: Key) {
        self.key = key
        if Key.self == String.self, let string = key as? String {
            hash = Int(truncatingIfNeeded: KeyHash.hash(string))
        } else if Key.self == ObjectKey.self, let objectKey = key as? ObjectKey {
            hash = Int(truncatingIfNeeded: KeyHash.hash(objectKey))
        } else {
            hash = key.hashValue
        }
    }

    @inlinable
    static func == (lhs: HashedKey, rhs: HashedKey) -> Bool {
        lhs.hash == rhs.hash && lhs.key == rhs.key
    }

    @inlinable
    func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
    }

    /// What a dictionary asks for its buckets: the stored hash mixed with the dictionary's seed,
    /// without running the hasher again (the stored hash is already well mixed in all its bits).
    @inlinable
    func _rawHashValue(seed: Int) -> Int {
        hash ^ seed
    }
}
