import Synchronization

/// Compresses the ``CompactJSON`` objects of one cache against a dictionary made from the first
/// object it compresses: an informer's transform (``InformerConfiguration/compress(level:)``).
///
/// The objects of one cache (one kind, mostly made by one controller) share most of their text,
/// so a sibling is a good dictionary: an operator-made Deployment of ~3 KB is kept in tens of bytes
/// when it differs from the first only in names and versions, and in ~450 bytes when it belongs to
/// another service (another image, model and labels); compressed alone it would take ~1.1 KB.
/// Compressing costs tens of microseconds per object stored, decompressing a few per read.
///
/// Each object keeps a reference to its dictionary, so the dictionary lives as long as the objects
/// compressed against it, and an object remains readable wherever it is copied to.
public final class CompactCompression: Sendable {
    /// zstd's own default level; higher levels save a few percent more for several times the time.
    public static let defaultLevel: Int32 = 3

    private let level: Int32
    /// Made from the first object compressed; `nil` before, or if zstd could not allocate it.
    private let dictionary = Mutex<ZstdDictionary?>(nil)

    /// Compresses at `level`, zstd's 1 (fastest) to 19.
    public init(level: Int32 = defaultLevel) {
        self.level = level
    }

    /// `object` with its text compressed; unchanged if zstd cannot allocate what it needs.
    public func compress(_ object: CompactJSON) -> CompactJSON {
        guard let dictionary = sharedDictionary(sample: object) else { return object }
        return object.compressed(against: dictionary)
    }

    private func sharedDictionary(sample object: CompactJSON) -> ZstdDictionary? {
        dictionary.withLock { dictionary in
            if let dictionary { return dictionary }
            dictionary = ZstdDictionary(sample: object.text, level: level)
            return dictionary
        }
    }
}

extension InformerConfiguration where Object == CompactJSON {
    /// Keeps the cached objects compressed (see ``CompactCompression``), at `level`: the transform
    /// becomes the compression, which replaces any transform set before.
    public mutating func compress(level: Int32 = CompactCompression.defaultLevel) {
        transform = CompactCompression(level: level).compress
    }
}
