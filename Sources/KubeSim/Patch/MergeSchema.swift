public import KubeCore

/// How the elements of a list merge, in a strategic merge patch and in server-side apply.
public enum ListStrategy: Sendable, Equatable {
    /// The list is one value: a patch or an apply replaces it whole (`x-kubernetes-list-type: atomic`,
    /// and every list without a merge strategy).
    case atomic
    /// A set of scalars merged by value (`x-kubernetes-list-type: set`, `patchStrategy: merge` on a
    /// list of strings such as `metadata.finalizers`).
    case set
    /// A list of objects merged by the values of `keys` (`x-kubernetes-list-type: map` with
    /// `x-kubernetes-list-map-keys`, or `patchMergeKey`). A strategic merge patch matches on the first
    /// key only, as `patchMergeKey` names one field; server-side apply matches on all of them.
    case map(keys: [String])
}

/// How lists and maps of one kind merge: the list strategy at each field path, which maps are atomic,
/// and the defaults of list-map key fields.
///
/// Paths are field names from the object's root with array indices dropped, such as
/// `["spec", "template", "spec", "containers", "ports"]`. A map with arbitrary keys (OpenAPI
/// `additionalProperties`) is matched by the path element `*`, so a rule at `["spec", "models", "*",
/// "ports"]` applies to the `ports` of every entry of the `models` map.
///
/// Every schema knows the `metadata` rules every object shares (``objectMetadata``): owner references
/// merge by `uid` and finalizers are a set.
public struct MergeSchema: Sendable {
    /// One path element of the rule trie.
    struct Node: Sendable {
        var children: [String: Node] = [:]
        var list: ListStrategy?
        var atomicMap = false
        /// Values a list-map key takes when an item leaves it out (`protocol: TCP` of ports), so
        /// that `{containerPort: 80}` and `{containerPort: 80, protocol: TCP}` are the same item.
        var keyDefaults: [String: JSONValue] = [:]
    }

    /// The path element that stands for every key of a map with arbitrary keys.
    public static let anyKey = "*"

    private var root = Node()

    /// A schema where every list is atomic and every map granular, but for `metadata`'s rules.
    public init() {
        self.init(fragment: ())
        setListStrategy(.map(keys: ["uid"]), at: ["metadata", "ownerReferences"])
        setListStrategy(.set, at: ["metadata", "finalizers"])
        setListStrategy(.atomic, at: ["metadata", "managedFields"])
    }

    /// A schema without any rule, not even metadata's: a part of a kind's rules, such as a pod spec's,
    /// that ``include(_:at:)`` places under a path.
    init(fragment: Void) {}

    /// Custom resources without `x-kubernetes-list-type`: every list atomic, maps granular.
    public static let atomic = MergeSchema()

    // MARK: Queries

    /// The strategy of the list at `path`; atomic for a path without a rule.
    public func listStrategy(at path: [String]) -> ListStrategy {
        node(at: path)?.list ?? .atomic
    }

    /// Whether the map or struct at `path` is one value (`x-kubernetes-map-type: atomic`,
    /// `+structType=atomic` such as label selectors): apply owns and replaces it whole.
    public func isAtomicMap(at path: [String]) -> Bool {
        node(at: path)?.atomicMap ?? false
    }

    /// The defaults of the key fields of the list-map at `path`, for items that leave a key out.
    public func keyDefaults(at path: [String]) -> [String: JSONValue] {
        node(at: path)?.keyDefaults ?? [:]
    }

    /// The rules at the object's root, for a walk that follows them step by step.
    var rootCursor: Cursor { Cursor(node: root) }

    /// A position in the rules, moved one field at a time by a walk over an object: each step is one
    /// lookup, where a query from the root costs one per level.
    struct Cursor {
        /// Nil past the last rule: every list below is atomic and every map granular.
        let node: Node?

        /// The rules of the member `name` (or of any key, for a map with arbitrary keys).
        func child(_ name: String) -> Cursor {
            Cursor(node: node.flatMap { $0.children[name] ?? $0.children[MergeSchema.anyKey] })
        }

        var listStrategy: ListStrategy { node?.list ?? .atomic }
        var isAtomicMap: Bool { node?.atomicMap ?? false }
        var keyDefaults: [String: JSONValue] { node?.keyDefaults ?? [:] }
    }

    private func node(at path: [String]) -> Node? {
        var current = root
        for element in path {
            guard let next = current.children[element] ?? current.children[Self.anyKey] else { return nil }
            current = next
        }
        return current
    }

    // MARK: Building

    /// Sets the strategy of the list at `path`, with the defaults of its key fields.
    public mutating func setListStrategy(_ strategy: ListStrategy, at path: [String], keyDefaults: [String: JSONValue] = [:]) {
        update(at: path[...], in: &root) { node in
            node.list = strategy
            node.keyDefaults = keyDefaults
        }
    }

    /// Marks the map or struct at `path` atomic.
    public mutating func setAtomicMap(at path: [String]) {
        update(at: path[...], in: &root) { $0.atomicMap = true }
    }

    /// Copies every rule of `other` under `prefix` (a pod spec's rules under `spec.template.spec`).
    public mutating func include(_ other: MergeSchema, at prefix: [String]) {
        update(at: prefix[...], in: &root) { node in
            Self.merge(other.root, into: &node)
        }
    }

    private static func merge(_ source: Node, into target: inout Node) {
        if let list = source.list {
            target.list = list
            target.keyDefaults = source.keyDefaults
        }
        if source.atomicMap { target.atomicMap = true }
        for (name, child) in source.children {
            merge(child, into: &target.children[name, default: Node()])
        }
    }

    private func update(at path: ArraySlice<String>, in node: inout Node, _ body: (inout Node) -> Void) {
        guard let first = path.first else {
            body(&node)
            return
        }
        update(at: path.dropFirst(), in: &node.children[first, default: Node()], body)
    }

    // MARK: OpenAPI

    /// The rules of a CRD's `openAPIV3Schema`: `x-kubernetes-list-type` (with
    /// `x-kubernetes-list-map-keys` and their `default`s) and `x-kubernetes-map-type`, as described in
    /// https://kubernetes.io/docs/reference/using-api/server-side-apply/#merge-strategy. Lists without
    /// a list type stay atomic.
    public static func fromOpenAPI(_ schema: JSONValue) -> MergeSchema {
        var result = MergeSchema()
        result.collect(schema, at: [])
        return result
    }

    private mutating func collect(_ schema: JSONValue, at path: [String]) {
        guard case .object(let members) = schema else { return }
        if members["x-kubernetes-map-type"]?.stringValue == "atomic" {
            setAtomicMap(at: path)
        }
        switch members["x-kubernetes-list-type"]?.stringValue {
        case "set":
            setListStrategy(.set, at: path)
        case "map":
            let keys = members["x-kubernetes-list-map-keys"]?.arrayValue?.compactMap(\.stringValue) ?? []
            var defaults: [String: JSONValue] = [:]
            for key in keys {
                if let value = members["items"]?["properties"]?[key]?["default"] { defaults[key] = value }
            }
            setListStrategy(.map(keys: keys), at: path, keyDefaults: defaults)
        default:
            break
        }
        if let items = members["items"] { collect(items, at: path) }
        if case .object(let properties) = members["properties"] ?? .null {
            for (name, property) in properties {
                // ObjectMeta's rules are fixed; a CRD schema cannot change them.
                if path.isEmpty && name == "metadata" { continue }
                collect(property, at: path + [name])
            }
        }
        if let additional = members["additionalProperties"], additional.objectValue != nil {
            collect(additional, at: path + [Self.anyKey])
        }
    }
}
