/// YAML as kubectl reads and writes manifests, converted to and from ``JSONValue``.
///
/// Reading follows sigs.k8s.io/yaml over go-yaml v2 (YAML 1.1-style plain scalars, see
/// ``YAMLScalarResolver``), because that is what `kubectl apply -f` sends to the API server: the same
/// file must mean the same object to aifleet. Parsing uses libyaml's event API; writing produces
/// block-style YAML that reads back to the same value.
public enum YAML {
    /// All documents of a stream, in order.
    ///
    /// Documents that are empty, hold only comments, or are `null` are skipped, as kubectl skips them
    /// (cli-runtime's stream visitor drops a document whose JSON is empty or `null`), so `---`
    /// separators at the start or end of a file, or doubled, add nothing.
    ///
    /// - Parameter source: the file name, used in error messages.
    /// - Throws: ``YAMLError`` with the line and column of a syntax error, an unknown alias, a duplicate
    ///   key, a value with no JSON form (`.inf`, `.nan`, a `null` or collection map key), too deep
    ///   nesting or too large alias expansion.
    public static func parseDocuments(_ text: String, source: String? = nil) throws(YAMLError) -> [JSONValue] {
        try YAMLReader.documents(in: text, source: source).map(\.value)
    }

    /// All documents of a stream of UTF-8 (or UTF-16 with a byte order mark) bytes; see
    /// ``parseDocuments(_:source:)-(String,_)``.
    public static func parseDocuments(_ bytes: [UInt8], source: String? = nil) throws(YAMLError) -> [JSONValue] {
        try bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(YAMLError) in try YAMLReader.documents(in: buffer, source: source) }
        }.get().map(\.value)
    }

    /// Exactly one document; empty input (or only comments, or `null`) gives `.null`.
    ///
    /// - Throws: ``YAMLError`` as ``parseDocuments(_:source:)-(String,_)`` does, and when the stream
    ///   holds more than one non-empty document (at the start of the second one).
    public static func parse(_ text: String, source: String? = nil) throws(YAMLError) -> JSONValue {
        let documents = try YAMLReader.documents(in: text, source: source)
        guard documents.count <= 1 else {
            let second = documents[1]
            throw YAMLError(
                source: source, line: second.line, column: second.column,
                message: "expected one YAML document, found \(documents.count)")
        }
        return documents.first?.value ?? .null
    }

    /// Block-style YAML of one value (2-space indent, keys in stored order, ending with a newline);
    /// it parses back to the same value. Strings that would read as another type are quoted.
    public static func emit(_ value: JSONValue) -> String {
        var writer = YAMLWriter()
        writer.writeDocument(value)
        return writer.text
    }

    /// Several documents separated by `---` lines. A `.null` document is written as `null`, and is
    /// skipped when read back, as kubectl skips it.
    public static func emitDocuments(_ values: [JSONValue]) -> String {
        var writer = YAMLWriter()
        for (index, value) in values.enumerated() {
            if index > 0 { writer.writeDocumentSeparator() }
            writer.writeDocument(value)
        }
        return writer.text
    }
}
