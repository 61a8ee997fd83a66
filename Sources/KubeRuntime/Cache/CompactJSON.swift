public import KubeCore

/// A dynamic object kept as its JSON text: the form to cache objects in when there are many.
///
/// A `JSONValue` tree costs several times its text in memory (two arrays per JSON object, a heap
/// string per long key or value): an operator-made Deployment (~2.4 KB of text) took ~13 KB
/// cached as a `JSONValue` and ~6 KB as this, store and indices included. The price is a parse on each read of ``value``, a few tens of
/// microseconds for such a Deployment; what the cache itself reads (name, namespace, version,
/// controlling owner) is kept beside the text, so keeping the store and its indices costs no parse.
///
/// Decoding one from an API response already drops `metadata.managedFields` and the
/// last-applied annotation (the default transform's work, done before the text is written so
/// that it costs nothing more); ``removeManagedFieldsAndLastApplied()`` then has nothing to do.
public struct CompactJSON: CacheableObject, Codable {
    /// The object's JSON text, compact.
    public let text: [UInt8]
    public let objectName: String?
    public let objectNamespace: String?
    public let objectResourceVersion: String?
    public let objectGeneration: Int64?
    public let controllerOwner: OwnerReference?

    /// `value` without its managed fields and last-applied annotation, as text.
    public init(_ value: JSONValue) {
        var stripped = value
        stripped.removeManagedFieldsAndLastApplied()
        text = stripped.serialized()
        objectName = stripped.objectName
        objectNamespace = stripped.objectNamespace
        objectResourceVersion = stripped.objectResourceVersion
        objectGeneration = stripped.objectGeneration
        controllerOwner = stripped.controllerOwner
    }

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
