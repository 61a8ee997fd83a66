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

    /// The set of `members`.
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
            // Each child's text once: the order of keys and values compares their text, which is
            // JSON serialized on every call.
            let named = children.map { (element: $0.key, text: $0.key.trieKey, trie: $0.value) }
            for child in named.sorted(by: { PathElement.precedes($0.element, $0.text, $1.element, $1.text) }) {
                object[child.text] = child.trie.json(isRoot: false)
            }
            return .object(object)
        }
    }

    // MARK: Set algebra

    /// Whether the set has no member; managed-fields entries with an empty set are dropped.
    public var isEmpty: Bool { members.isEmpty }

    /// Whether `path` is a member.
    public func contains(_ path: FieldPath) -> Bool { members.contains(path) }

    /// The members of either set.
    public func union(_ other: FieldSet) -> FieldSet { FieldSet(members.union(other.members)) }

    /// The members of this set that `other` lacks.
    public func subtracting(_ other: FieldSet) -> FieldSet { FieldSet(members.subtracting(other.members)) }

    /// The members of both sets.
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
        FieldWalk.visit(object, alongside: nil, schema: schema) { path, _, _, _ in members.insert(path) }
        return FieldSet(members)
    }
}

/// The walk over an object that defines its field set; also used to compare two objects path by path.
enum FieldWalk {
    /// Calls `body` with every member path of `value`, the value there, the value `other` has at that
    /// path (`counterpart`, nil when it has none), and whether it is a leaf (a value owned whole) or a
    /// list item whose fields are members of their own.
    ///
    /// Both objects are walked in one pass, following the merge rules step by step: looking each path
    /// of one up in the other from the root cost a walk per field.
    static func visit(
        _ value: JSONValue, alongside other: JSONValue?, schema: MergeSchema,
        _ body: (FieldPath, JSONValue, _ counterpart: JSONValue?, _ isLeaf: Bool) -> Void
    ) {
        var path = FieldPath([])
        visit(value, counterpart: other, at: &path, rules: schema.rootCursor, body)
    }

    private static func visit(
        _ value: JSONValue, counterpart: JSONValue?, at path: inout FieldPath, rules: MergeSchema.Cursor,
        _ body: (FieldPath, JSONValue, JSONValue?, Bool) -> Void
    ) {
        switch value {
        case .object(let members):
            if !path.elements.isEmpty && (members.isEmpty || rules.isAtomicMap) {
                body(path, value, counterpart, true)
                return
            }
            let counterparts = counterpart?.objectValue
            for (name, member) in members {
                path.elements.append(.field(name))
                visit(member, counterpart: counterparts?[name], at: &path, rules: rules.child(name), body)
                path.elements.removeLast()
            }
        case .array(let items):
            let strategy = rules.listStrategy
            if items.isEmpty || strategy == .atomic {
                body(path, value, counterpart, true)
                return
            }
            let counterparts = counterpart?.arrayValue
            let defaults = rules.keyDefaults
            for (position, item) in items.enumerated() {
                let element = itemElement(item, at: position, strategy: strategy, defaults: defaults)
                let match = counterparts.flatMap { items in element.position(in: items, keyDefaults: defaults).map { items[$0] } }
                path.elements.append(element)
                if case .value = element {
                    body(path, item, match, true)
                } else {
                    body(path, item, match, false)
                    let matchMembers = match?.objectValue
                    for (name, member) in item.objectValue ?? [:] {
                        path.elements.append(.field(name))
                        visit(member, counterpart: matchMembers?[name], at: &path, rules: rules.child(name), body)
                        path.elements.removeLast()
                    }
                }
                path.elements.removeLast()
            }
        default:
            body(path, value, counterpart, true)
        }
    }

    /// The path element naming `item` in its list: its key, its value, or (for an item that lacks a
    /// key field) its index.
    static func itemElement(
        _ item: JSONValue, at position: Int, strategy: ListStrategy, defaults: [String: JSONValue]
    ) -> PathElement {
        switch strategy {
        case .set:
            return .value(item)
        case .map(let keys):
            guard let key = key(of: item, keys: keys, defaults: defaults) else {
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
