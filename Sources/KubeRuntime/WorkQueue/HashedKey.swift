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
    /// `key.hashValue`, seeded per process like every Swift hash, so hash flooding is no easier
    /// than with the key itself.
    @usableFromInline let hash: Int

    @inlinable
    init(_ key: Key) {
        self.key = key
        hash = key.hashValue
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
    /// without running the hasher again (the stored hash already is a hasher's output).
    @inlinable
    func _rawHashValue(seed: Int) -> Int {
        hash ^ seed
    }
}
