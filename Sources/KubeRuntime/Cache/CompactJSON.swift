public import KubeCore

/// A dynamic object kept as its JSON text: the form to cache objects in when there are many.
///
/// A `JSONValue` tree costs several times its text in memory (two arrays per JSON object, a heap
/// string per long key or value). This keeps the text, and what the cache itself reads (name,
/// namespace, version, generation, controlling owner) beside it, so keeping the store and its
/// indices costs no parse. The price is a parse on each read of ``value``: a few tens of
/// microseconds for an operator-made Deployment.
///
/// The text can also be kept compressed (see ``CompactCompression``, which the informers of
/// ``SharedInformers/compactInformer(_:namespace:labelSelector:configure:)`` use): then a read
/// decompresses it first, a few microseconds more.
///
/// Decoding one from an API response already drops `metadata.managedFields` and the
/// last-applied annotation (the default transform's work, done before the text is written so
/// that it costs nothing more); ``removeManagedFieldsAndLastApplied()`` then has nothing to do.
public struct CompactJSON: CacheableObject, Codable {
    /// The text, or a zstd frame of it when `dictionary` is set.
    private let stored: [UInt8]
    /// The dictionary `stored` was compressed against.
    private let dictionary: ZstdDictionary?
    public let objectName: String?
    public let objectNamespace: String?
    public let objectResourceVersion: String?
    public let objectGeneration: Int64?
    public let controllerOwner: OwnerReference?

    /// `value` without its managed fields and last-applied annotation, as text.
    public init(_ value: JSONValue) {
        var stripped = value
        stripped.removeManagedFieldsAndLastApplied()
        stored = [UInt8](exactCopyOf: stripped.serialized())
        dictionary = nil
        objectName = stripped.objectName
        objectNamespace = stripped.objectNamespace
        objectResourceVersion = stripped.objectResourceVersion
        objectGeneration = stripped.objectGeneration
        controllerOwner = stripped.controllerOwner
    }

    private init(_ object: CompactJSON, stored: [UInt8], dictionary: ZstdDictionary) {
        self.stored = stored
        self.dictionary = dictionary
        objectName = object.objectName
        objectNamespace = object.objectNamespace
        objectResourceVersion = object.objectResourceVersion
        objectGeneration = object.objectGeneration
        controllerOwner = object.controllerOwner
    }

    /// This object with its text compressed against `dictionary`; itself if already compressed or
    /// if zstd failed (then it stays readable, only larger).
    func compressed(against dictionary: ZstdDictionary) -> CompactJSON {
        guard self.dictionary == nil, let frame = dictionary.compress(stored) else { return self }
        return CompactJSON(self, stored: frame, dictionary: dictionary)
    }

    /// The object's JSON text, compact; decompressed on each access when kept compressed.
    public var text: [UInt8] {
        guard let dictionary else { return stored }
        // The frame is this type's own compression of the text, which always decompresses; empty
        // text (read as `null`) stands for the impossible failure rather than a crash.
        return dictionary.decompress(stored) ?? []
    }

    /// Whether the text is kept compressed.
    public var isCompressed: Bool { dictionary != nil }

    /// The bytes the text takes in memory as kept: compressed or not.
    public var storedByteCount: Int { stored.count }

    /// The object, parsed from its text.
    public var value: JSONValue {
        // The text is this type's own serialization of a JSONValue, which always parses; `null`
        // stands for the impossible failure rather than a crash.
        (try? JSONValue(parsing: text)) ?? .null
    }

    /// Parsed on each call: label selectors on a cache of compact objects pay one parse per object.
    public var objectLabels: [String: String] { value.objectLabels }

    /// Nothing to remove: they were removed when the text was written.
    public mutating func removeManagedFieldsAndLastApplied() {}

    public init(from decoder: any Decoder) throws {
        // Through a single-value container, so that a decoder that already holds the value as a
        // JSONValue (KubeCore's, which the client uses) hands it over instead of rebuilding it.
        self.init(try decoder.singleValueContainer().decode(JSONValue.self))
    }

    public func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
    }
}

extension [UInt8] {
    /// A copy of `bytes` whose capacity is its count: an array grown by appending keeps up to twice
    /// the bytes it holds, which a cache of many would keep for good.
    init(exactCopyOf bytes: some Collection<UInt8>) {
        self.init(unsafeUninitializedCapacity: bytes.count) { buffer, initialized in
            initialized = buffer.initialize(fromContentsOf: bytes)
        }
    }
}
