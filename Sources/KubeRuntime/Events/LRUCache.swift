/// A map that holds at most `capacity` entries and forgets the least recently used one to make room
/// (client-go keeps its event caches in a 4096-entry LRU, so that an operator that touches many
/// objects does not grow its memory with every one of them).
///
/// Eviction scans the entries, O(capacity), and happens only when a new key arrives at a full cache;
/// reads and updates are O(1).
struct LRUCache<Key: Hashable, Value> {
    private struct Entry {
        var value: Value
        /// When the entry was last read or written; larger is more recent.
        var used: UInt64
    }

    let capacity: Int
    private var entries: [Key: Entry] = [:]
    private var tick: UInt64 = 0

    /// A cache of `capacity` entries, at least one.
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The value of `key`, which becomes the most recently used.
    mutating func value(for key: Key) -> Value? {
        tick &+= 1
        guard var entry = entries[key] else { return nil }
        entry.used = tick
        entries[key] = entry
        return entry.value
    }

    /// Stores `value` as the most recently used, evicting the least recently used entry when full.
    mutating func set(_ value: Value, for key: Key) {
        tick &+= 1
        if entries[key] == nil, entries.count >= capacity,
            let oldest = entries.min(by: { $0.value.used < $1.value.used })?.key
        {
            entries[oldest] = nil
        }
        entries[key] = Entry(value: value, used: tick)
    }

    mutating func removeValue(for key: Key) {
        entries[key] = nil
    }
}
