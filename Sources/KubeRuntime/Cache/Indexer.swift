/// A secondary index of a ``Store``: a name and the function giving the index values of an object
/// (client-go's `Indexers`). The store keeps every index up to date on each add, update and delete.
public struct Indexer<Object: CacheableObject>: Sendable {
    /// The index's name, passed to ``Store/byIndex(_:_:)``.
    public let name: String
    /// The values under which an object is indexed; none leaves it out of the index.
    public let values: @Sendable (Object) -> [String]

    /// An index named `name` whose values for an object are given by `values`.
    public init(name: String, values: @escaping @Sendable (Object) -> [String]) {
        self.name = name
        self.values = values
    }

    /// The name of the ``namespace`` index.
    public static var namespaceIndexName: String { "namespace" }
    /// The name of the ``ownerUID`` index.
    public static var ownerUIDIndexName: String { "owner-uid" }

    /// Objects by namespace (client-go's `NamespaceIndex`); cluster-scoped objects are left out.
    public static var namespace: Indexer {
        Indexer(name: namespaceIndexName) { object in
            guard let namespace = object.objectNamespace, !namespace.isEmpty else { return [] }
            return [namespace]
        }
    }

    /// Objects by the uid of their controlling owner, so that a controller finds the children of an
    /// object it manages without listing them all.
    public static var ownerUID: Indexer {
        Indexer(name: ownerUIDIndexName) { object in
            object.controllerUID.map { [$0] } ?? []
        }
    }
}
