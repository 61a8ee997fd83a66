import CYAML

/// Builds ``JSONValue`` documents from libyaml's event stream.
///
/// The tree is built with an explicit stack of open collections, not recursion, so deep input cannot
/// overflow the (small) stack of a concurrency thread; nesting is capped at ``maxDepth`` like JSON's.
/// Anchors hold finished values, so an alias is a copy-on-write share of its anchor; the nodes that
/// aliases add are counted and capped (``maxAliasNodes``), which stops "billion laughs" documents.
struct YAMLReader {
    /// A parsed document and where it starts.
    struct Document {
        var value: JSONValue
        var line: Int
        var column: Int
    }

    static let maxDepth = 512
    /// Nodes that aliases may add beyond ten times the nodes written out in the text.
    static let maxAliasNodes = 100_000

    private let source: String?
    private var stack: [Collection] = []
    private var anchors: [String: Anchored] = [:]
    private var writtenNodes = 0
    private var aliasNodes = 0
    private var root: JSONValue?

    private struct Anchored {
        var value: JSONValue
        var nodes: Int
    }

    /// An open sequence or mapping.
    private struct Collection {
        var anchor: String?
        /// Nodes in this subtree so far, itself included (aliases count their anchor's nodes).
        var nodes = 1
        var items: [JSONValue]?
        var members: JSONObject?
        /// The key read, waiting for its value; nil before a key.
        var pendingKey: PendingKey?
        /// Keys written in the mapping itself, set once a merge (`<<`) has added others: merged keys
        /// may be overridden, written ones may not repeat. Before any merge every member is written.
        var writtenKeys: Set<String>?
    }

    private enum PendingKey {
        case key(String, line: Int, column: Int)
        case merge(line: Int, column: Int)
    }

    private init(source: String?) {
        self.source = source
    }

    /// The non-empty documents of `text`.
    static func documents(in text: String, source: String?) throws(YAMLError) -> [Document] {
        var text = text
        return try text.withUTF8 { buffer in
            Result { () throws(YAMLError) in try documents(in: buffer, source: source) }
        }.get()
    }

    /// The non-empty documents of `bytes` (see ``YAML/parseDocuments(_:source:)-(String,_)``).
    static func documents(in bytes: UnsafeBufferPointer<UInt8>, source: String?) throws(YAMLError) -> [Document] {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return [] }
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            throw YAMLError(source: source, line: 1, column: 1, message: "libyaml could not allocate a parser")
        }
        defer { yaml_parser_delete(parser) }
        // libyaml keeps a pointer to the parser itself, hence the heap allocation above.
        yaml_parser_set_input_string(parser, base, bytes.count)
        var reader = YAMLReader(source: source)
        return try reader.read(parser)
    }

    private mutating func read(_ parser: UnsafeMutablePointer<yaml_parser_t>) throws(YAMLError) -> [Document] {
        var documents: [Document] = []
        var documentStart = (line: 1, column: 1)
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(parser, &event) == 1 else { throw syntaxError(parser.pointee) }
            defer { yaml_event_delete(&event) }
            let line = event.start_mark.line + 1
            let column = event.start_mark.column + 1
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return documents
            case YAML_DOCUMENT_START_EVENT:
                // Anchors are local to a document.
                anchors = [:]
                root = nil
                documentStart = (line, column)
            case YAML_DOCUMENT_END_EVENT:
                if let root, !root.isNull {
                    documents.append(Document(value: root, line: documentStart.line, column: documentStart.column))
                }
            case YAML_SCALAR_EVENT:
                try scalar(event.data.scalar, line: line, column: column)
            case YAML_ALIAS_EVENT:
                try alias(name(event.data.alias.anchor), line: line, column: column)
            case YAML_SEQUENCE_START_EVENT:
                try open(Collection(anchor: anchorName(event.data.sequence_start.anchor), items: []), line, column)
            case YAML_MAPPING_START_EVENT:
                try open(Collection(anchor: anchorName(event.data.mapping_start.anchor), members: [:]), line, column)
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let collection = stack.popLast() else { continue }
                let value: JSONValue = collection.items.map(JSONValue.array) ?? .object(collection.members ?? [:])
                try add(value, nodes: collection.nodes, anchor: collection.anchor, line: line, column: column)
            default:
                continue
            }
        }
    }

    // MARK: - Nodes

    private mutating func open(_ collection: Collection, _ line: Int, _ column: Int) throws(YAMLError) {
        guard stack.count < Self.maxDepth else {
            throw error(line, column, "nesting deeper than \(Self.maxDepth) levels")
        }
        stack.append(collection)
    }

    private mutating func scalar(_ scalar: ScalarData, line: Int, column: Int) throws(YAMLError) {
        let bytes = UnsafeBufferPointer(start: scalar.value, count: scalar.length)
        let tag = scalar.tag.map { name($0) }
        let isPlain = scalar.style == YAML_PLAIN_SCALAR_STYLE
        // go-yaml v2 takes a plain `<<` key (or one tagged !!merge) as a merge key.
        if let top = stack.last, top.members != nil, top.pendingKey == nil,
            (isPlain && tag == nil) || tag == YAMLScalarResolver.yamlTag("merge"),
            bytes.elementsEqual("<<".utf8)
        {
            stack[stack.count - 1].pendingKey = .merge(line: line, column: column)
            return
        }
        let value: JSONValue
        switch tag {
        case nil where isPlain:
            value = YAMLScalarResolver.resolvePlain(bytes)
        case nil, "!":
            value = .string(String(decoding: bytes, as: UTF8.self))
        case let tag?:
            switch YAMLScalarResolver.resolve(tag: tag, bytes) {
            case .success(let resolved): value = resolved
            case .failure(let message): throw error(line, column, message.text)
            }
        }
        if case .double(let number) = value, !number.isFinite {
            throw error(line, column, "\(String(decoding: bytes, as: UTF8.self)) has no JSON form (infinity or NaN)")
        }
        try add(value, nodes: 1, anchor: anchorName(scalar.anchor), line: line, column: column)
    }

    private mutating func alias(_ anchor: String, line: Int, column: Int) throws(YAMLError) {
        guard let anchored = anchors[anchor] else {
            throw error(line, column, "unknown anchor '\(anchor)' referenced")
        }
        aliasNodes += anchored.nodes
        if aliasNodes > Self.maxAliasNodes && aliasNodes > 10 * writtenNodes {
            throw error(line, column, "aliases expand to too many nodes (more than \(Self.maxAliasNodes))")
        }
        try add(anchored.value, nodes: anchored.nodes, anchor: nil, line: line, column: column, isAlias: true)
    }

    /// Puts a finished node into the collection that holds it (or makes it the document's root).
    private mutating func add(
        _ value: JSONValue, nodes: Int, anchor: String?, line: Int, column: Int, isAlias: Bool = false
    ) throws(YAMLError) {
        if !isAlias { writtenNodes += 1 }
        if let anchor { anchors[anchor] = Anchored(value: value, nodes: nodes) }
        guard !stack.isEmpty else {
            root = value
            return
        }
        let top = stack.count - 1
        stack[top].nodes += nodes
        if stack[top].items != nil {
            stack[top].items?.append(value)
            return
        }
        switch stack[top].pendingKey {
        case nil:
            stack[top].pendingKey = .key(try key(value, line: line, column: column), line: line, column: column)
        case .merge(let keyLine, let keyColumn)?:
            stack[top].pendingKey = nil
            try merge(value, into: &stack[top], line: keyLine, column: keyColumn)
        case .key(let key, let keyLine, let keyColumn)?:
            stack[top].pendingKey = nil
            let repeated = stack[top].writtenKeys.map { $0.contains(key) } ?? (stack[top].members?[key] != nil)
            guard !repeated else { throw error(keyLine, keyColumn, "duplicate key \"\(key)\" in a mapping") }
            stack[top].members?[key] = value
            stack[top].writtenKeys?.insert(key)
        }
    }

    /// A map key as sigs.k8s.io/yaml turns it into a JSON member name: strings as they are, integers
    /// in decimal, booleans as `true`/`false`, doubles as Go's `FormatFloat(f, 'g', -1, 32)`.
    private func key(_ value: JSONValue, line: Int, column: Int) throws(YAMLError) -> String {
        switch value {
        case .string(let string): return string
        case .int(let integer): return String(integer)
        case .bool(let bool): return bool ? "true" : "false"
        case .double(let double): return GoFloatFormat.shortestFloat32(double)
        case .null: throw error(line, column, "unsupported map key: null")
        case .array, .object: throw error(line, column, "invalid map key: a collection cannot be a key")
        }
    }

    /// A `<<` merge as go-yaml v2 does it: the members of a mapping (or of each mapping of a sequence,
    /// earlier ones winning) are set in the mapping as if written at the position of the `<<`.
    private func merge(_ value: JSONValue, into collection: inout Collection, line: Int, column: Int) throws(YAMLError) {
        let sources: [JSONObject]
        switch value {
        case .object(let object):
            sources = [object]
        case .array(let array):
            var objects: [JSONObject] = []
            for element in array.reversed() {
                guard case .object(let object) = element else {
                    throw error(line, column, "map merge requires a map or a sequence of maps as the value")
                }
                objects.append(object)
            }
            sources = objects
        default:
            throw error(line, column, "map merge requires a map or a sequence of maps as the value")
        }
        if collection.writtenKeys == nil { collection.writtenKeys = Set(collection.members?.keys ?? []) }
        for object in sources {
            for (key, member) in object { collection.members?[key] = member }
        }
    }

    // MARK: - Helpers

    private typealias ScalarData = yaml_event_s.__Unnamed_union_data.__Unnamed_struct_scalar

    private func name(_ pointer: UnsafeMutablePointer<yaml_char_t>) -> String {
        String(cString: pointer)
    }

    private func anchorName(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private func error(_ line: Int, _ column: Int, _ message: String) -> YAMLError {
        YAMLError(source: source, line: line, column: column, message: message)
    }

    /// libyaml's complaint, at its problem mark (where the offending character is).
    private func syntaxError(_ parser: yaml_parser_t) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let message = parser.context.map { "\(String(cString: $0)): \(problem)" } ?? problem
        return error(parser.problem_mark.line + 1, parser.problem_mark.column + 1, message)
    }
}
