public import KubeCore

/// One step of a ``FieldPath``, as structured-merge-diff names it in a `fieldsV1` trie.
public enum PathElement: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// A member of a map or struct: `f:NAME`.
    case field(String)
    /// The item of an associative list whose key fields have these values: `k:{"name":"web"}`.
    /// The object's members are sorted by name, as in the trie's text.
    case key(JSONObject)
    /// A value of a set list: `v:"example.com/finalizer"`.
    case value(JSONValue)
    /// A position in a list that has neither keys nor set semantics: `i:0`.
    case index(Int)

    /// Sorts key members by name, so that equal keys have equal text.
    static func key(sorting members: JSONObject) -> PathElement {
        var sorted = members
        sorted.sort()
        return .key(sorted)
    }

    /// Whether the element names a field (`f:NAME`), the one kind whose trie key has one spelling.
    var isField: Bool {
        if case .field = self { return true }
        return false
    }

    /// The member name in a `fieldsV1` trie: `f:replicas`, `k:{"name":"web"}`, `v:"x"`, `i:0`.
    public var trieKey: String {
        switch self {
        case .field(let name): return "f:" + name
        case .key(let members): return "k:" + JSONValue.object(members).jsonString()
        case .value(let value): return "v:" + value.jsonString()
        case .index(let index): return "i:\(index)"
        }
    }

    /// Parses a member name of a `fieldsV1` trie; nil when it is not one.
    init?(trieKey: String) {
        let body = String(trieKey.dropFirst(2))
        switch trieKey.prefix(2) {
        case "f:":
            self = .field(body)
        case "k:":
            guard case .object(let members)? = try? JSONValue(parsing: body) else { return nil }
            self = .key(sorting: members)
        case "v:":
            guard let value = try? JSONValue(parsing: body) else { return nil }
            self = .value(value)
        case "i:":
            guard let index = Int(body), index >= 0 else { return nil }
            self = .index(index)
        default:
            return nil
        }
    }

    /// How structured-merge-diff prints a path element in a conflict: `.replicas`, `[name="web"]`,
    /// `[="x"]`, `[0]`.
    public var description: String {
        switch self {
        case .field(let name): return "." + name
        case .key(let members):
            return "[" + members.map { "\($0.key)=\($0.value.jsonString())" }.joined(separator: ",") + "]"
        case .value(let value): return "[=\(value.jsonString())]"
        case .index(let index): return "[\(index)]"
        }
    }

    /// Fields first, then keys, values and indices; within a kind by name, text or number. The order
    /// of members in a `fieldsV1` trie this module writes.
    public static func < (lhs: PathElement, rhs: PathElement) -> Bool {
        precedes(lhs, lhs.trieKey, rhs, rhs.trieKey)
    }

    /// `<`, given each element's ``trieKey`` (already computed by a caller that sorts many).
    static func precedes(_ lhs: PathElement, _ lhsText: @autoclosure () -> String, _ rhs: PathElement, _ rhsText: @autoclosure () -> String) -> Bool {
        switch (lhs, rhs) {
        case (.field(let a), .field(let b)): return a < b
        case (.index(let a), .index(let b)): return a < b
        default:
            if lhs.rank != rhs.rank { return lhs.rank < rhs.rank }
            return lhsText() < rhsText()
        }
    }

    /// The position in `items` of the list item this element names: by key (a key field the item
    /// leaves out takes its default from `keyDefaults`), by value, or by index; nil when none.
    func position(in items: [JSONValue], keyDefaults: [String: JSONValue]) -> Int? {
        switch self {
        case .key(let key):
            return items.firstIndex { item in key.allSatisfy { name, value in (item[name] ?? keyDefaults[name]) == value } }
        case .value(let value):
            return items.firstIndex(of: value)
        case .index(let position):
            return items.indices.contains(position) ? position : nil
        case .field:
            return nil
        }
    }

    private var rank: Int {
        switch self {
        case .field: return 0
        case .key: return 1
        case .value: return 2
        case .index: return 3
        }
    }
}

/// The path of one field of an object, from its root: `.spec.template.spec.containers[name="web"].image`.
public struct FieldPath: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The steps from the object's root.
    public var elements: [PathElement]

    /// The path of `elements`; empty for the object itself.
    public init(_ elements: [PathElement]) {
        self.elements = elements
    }

    /// A path of field names only: `FieldPath(fields: "spec", "replicas")`.
    public init(fields names: String...) {
        self.elements = names.map(PathElement.field)
    }

    /// The path with `element` appended.
    public func appending(_ element: PathElement) -> FieldPath {
        FieldPath(elements + [element])
    }

    /// The field names of the path, list steps dropped: the path a ``MergeSchema`` rule is keyed by.
    public var schemaPath: [String] {
        elements.compactMap { element in
            if case .field(let name) = element { return name }
            return nil
        }
    }

    /// Whether `self` is `other` or lies under it.
    public func hasPrefix(_ other: FieldPath) -> Bool {
        elements.starts(with: other.elements)
    }

    /// `.spec.replicas`, as the API server prints a field in a conflict.
    public var description: String { elements.map(\.description).joined() }

    /// Element by element, so that a path sorts right before the paths under it.
    public static func < (lhs: FieldPath, rhs: FieldPath) -> Bool {
        lhs.elements.lexicographicallyPrecedes(rhs.elements)
    }
}
