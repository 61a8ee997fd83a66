/// The key of an object in a cache and a work queue: `namespace/name`, or `name` for a
/// cluster-scoped object (client-go's `MetaNamespaceKeyFunc`).
///
/// Controllers queue keys, not events or objects: a reconcile reads the object's current state from
/// the cache by its key (level-based, as controller-runtime's `reconcile.Request`).
public struct ObjectKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The namespace, `nil` for a cluster-scoped object.
    public var namespace: String?
    public var name: String

    public init(namespace: String?, name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// The key of `object`; `nil` when it has no name (an object not yet created).
    public init?(_ object: some CacheableObject) {
        guard let name = object.objectName else { return nil }
        let namespace = object.objectNamespace
        self.init(namespace: namespace?.isEmpty == true ? nil : namespace, name: name)
    }

    /// Parses `namespace/name` or `name`; `nil` for anything else (an empty part, more than one `/`).
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1 where !parts[0].isEmpty:
            self.init(namespace: nil, name: String(parts[0]))
        case 2 where !parts[0].isEmpty && !parts[1].isEmpty:
            self.init(namespace: String(parts[0]), name: String(parts[1]))
        default:
            return nil
        }
    }

    /// `namespace/name`, or `name` for a cluster-scoped object.
    public var description: String {
        guard let namespace else { return name }
        return "\(namespace)/\(name)"
    }

    public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        (lhs.namespace ?? "", lhs.name) < (rhs.namespace ?? "", rhs.name)
    }
}
