public import KubeCore

/// A set of field paths: what one manager owns in `metadata.managedFields`.
///
/// A path is a member when the manager owns that field itself: a scalar, an atomic list or map, an
/// empty map, or an item of an associative or set list. In the `fieldsV1` trie a member with no
/// children is `{}` and a member with children (a list item) carries the `"."` self marker, as
/// https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management describes.
public struct FieldSet: Sendable, Hashable {
    /// The member paths.
    public private(set) var members: Set<FieldPath>

    /// The empty set.
    public init() {
        self.members = []
    }

    public init(_ members: some Sequence<FieldPath>) {
        self.members = Set(members)
    }

    /// Reads a `fieldsV1` trie.
    ///
    /// - Throws: ``PatchError/invalid(_:)`` naming the first member that is not `f:`, `k:`, `v:`,
    ///   `i:` or `.`, or whose value is not an object.
    public init(fieldsV1: JSONValue) throws(PatchError) {
        var members: Set<FieldPath> = []
        try Self.read(fieldsV1, at: FieldPath([]), into: &members)
        self.members = members
    }

    private static func read(_ node: JSONValue, at path: FieldPath, into members: inout Set<FieldPath>) throws(PatchError) {
        guard case .object(let children) = node else {
            throw .invalid("invalid fieldsV1 at \(path): expected an object, found \(node.typeName)")
        }
        if children.isEmpty, !path.elements.isEmpty {
            members.insert(path)
            return
        }
        for (name, child) in children {
            if name == "." {
                members.insert(path)
                continue
            }
            guard let element = PathElement(trieKey: name) else {
                throw .invalid("invalid fieldsV1 at \(path): unknown member \"\(name)\"")
            }
            try read(child, at: path.appending(element), into: &members)
        }
    }

    /// The `fieldsV1` trie of the set, members sorted (fields by name, then list items).
    public var fieldsV1: JSONValue {
        var root = Trie()
        for member in members { root.insert(member.elements[...]) }
        return root.json(isRoot: true)
    }

    private struct Trie {
        var isMember = false
        var children: [PathElement: Trie] = [:]

        mutating func insert(_ elements: ArraySlice<PathElement>) {
            guard let first = elements.first else {
                isMember = true
                return
            }
            children[first, default: Trie()].insert(elements.dropFirst())
        }

        func json(isRoot: Bool) -> JSONValue {
            var object: JSONObject = [:]
            if isMember && !children.isEmpty && !isRoot { object["."] = .object([:]) }
            for element in children.keys.sorted() {
                object[element.trieKey] = children[element]?.json(isRoot: false)
            }
            return .object(object)
        }
    }

    // MARK: Set algebra

    public var isEmpty: Bool { members.isEmpty }

    public func contains(_ path: FieldPath) -> Bool { members.contains(path) }

    public func union(_ other: FieldSet) -> FieldSet { FieldSet(members.union(other.members)) }

    public func subtracting(_ other: FieldSet) -> FieldSet { FieldSet(members.subtracting(other.members)) }

    public func intersection(_ other: FieldSet) -> FieldSet { FieldSet(members.intersection(other.members)) }

    /// The set without `path` and every member under it.
    public func removing(under path: FieldPath) -> FieldSet {
        FieldSet(members.filter { !$0.hasPrefix(path) })
    }

    /// The members and every path that leads to one (`.spec` for `.spec.replicas`): what
    /// structured-merge-diff calls making named fields members, so that pruning a struct is
    /// only done when nothing under it is owned.
    var withAncestors: Set<FieldPath> {
        var result = members
        for member in members {
            var elements = member.elements
            while !elements.isEmpty {
                elements.removeLast()
                if !elements.isEmpty { result.insert(FieldPath(elements)) }
            }
        }
        return result
    }

    /// The members as the API server prints them, sorted: `.spec.replicas`.
    public var paths: [String] { members.sorted().map(\.description) }

    // MARK: From an object

    /// The fields an object sets, under `schema`'s list and map rules: what an applier owns when it
    /// applies `object`.
    public static func of(_ object: JSONValue, schema: MergeSchema) -> FieldSet {
        var members: Set<FieldPath> = []
        FieldWalk.visit(object, at: FieldPath([]), schema: schema) { path, _, _ in members.insert(path) }
        return FieldSet(members)
    }
}

/// The walk over an object that defines its field set; also used to compare two objects path by path.
enum FieldWalk {
    /// Calls `body` with every member path of `value`, the value there, and whether it is a leaf
    /// (a value owned whole) or a list item whose fields are members of their own.
    static func visit(
        _ value: JSONValue, at path: FieldPath, schema: MergeSchema,
        _ body: (FieldPath, JSONValue, _ isLeaf: Bool) -> Void
    ) {
        let schemaPath = path.schemaPath
        switch value {
        case .object(let members):
            if !path.elements.isEmpty && (members.isEmpty || schema.isAtomicMap(at: schemaPath)) {
                body(path, value, true)
                return
            }
            for (name, member) in members {
                visit(member, at: path.appending(.field(name)), schema: schema, body)
            }
        case .array(let items):
            let strategy = schema.listStrategy(at: schemaPath)
            if items.isEmpty || strategy == .atomic {
                body(path, value, true)
                return
            }
            for (position, item) in items.enumerated() {
                switch itemElement(item, at: position, strategy: strategy, schemaPath: schemaPath, schema: schema) {
                case .value(let scalar):
                    body(path.appending(.value(scalar)), item, true)
                case let element:
                    let itemPath = path.appending(element)
                    body(itemPath, item, false)
                    for (name, member) in item.objectValue ?? [:] {
                        visit(member, at: itemPath.appending(.field(name)), schema: schema, body)
                    }
                }
            }
        default:
            body(path, value, true)
        }
    }

    /// The path element naming `item` in its list: its key, its value, or (for an item that lacks a
    /// key field) its index.
    static func itemElement(
        _ item: JSONValue, at position: Int, strategy: ListStrategy, schemaPath: [String], schema: MergeSchema
    ) -> PathElement {
        switch strategy {
        case .set:
            return .value(item)
        case .map(let keys):
            guard let key = key(of: item, keys: keys, defaults: schema.keyDefaults(at: schemaPath)) else {
                return .index(position)
            }
            return .key(sorting: key)
        case .atomic:
            return .index(position)
        }
    }

    /// The key of a list-map item, with the schema's defaults for key fields it leaves out; nil when
    /// a key field has neither.
    static func key(of item: JSONValue, keys: [String], defaults: [String: JSONValue]) -> JSONObject? {
        guard case .object(let members) = item else { return nil }
        var key: JSONObject = [:]
        for name in keys {
            guard let value = members[name] ?? defaults[name] else { return nil }
            key[name] = value
        }
        return key
    }
}
