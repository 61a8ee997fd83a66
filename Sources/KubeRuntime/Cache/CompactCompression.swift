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

    /// The largest object whose text becomes the dictionary (objects are often a few KB, and may
    /// reach the API server's 1.5 MiB).
    static let sampleLimit = 64 * 1024

    private let level: Int32
    /// Made from the first object compressed; `nil` before, or if zstd could not allocate it.
    private let dictionary = Mutex<ZstdDictionary?>(nil)

    /// Compresses at `level`, zstd's 1 (fastest) to 19.
    public init(level: Int32 = defaultLevel) {
        self.level = level
    }

    /// `object` with its text compressed; unchanged while there is no dictionary (see
    /// `sampleLimit`) or if zstd cannot allocate what it needs.
    public func compress(_ object: CompactJSON) -> CompactJSON {
        guard let dictionary = sharedDictionary(sample: object) else { return object }
        return object.compressed(against: dictionary)
    }

    /// The dictionary, made from `object` if there is none yet and it is no larger than
    /// `sampleLimit`: a dictionary is kept (twice: to compress and to decompress) for the life of
    /// the cache, so an unusually large first object waits for a typical one.
    private func sharedDictionary(sample object: CompactJSON) -> ZstdDictionary? {
        dictionary.withLock { dictionary in
            if let dictionary { return dictionary }
            let text = object.text
            guard text.count <= Self.sampleLimit else { return nil }
            dictionary = ZstdDictionary(sample: text, level: level)
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
