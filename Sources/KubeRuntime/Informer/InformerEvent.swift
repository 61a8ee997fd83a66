/// A change an ``Informer`` saw, delivered to its event handlers after the cache holds it.
public enum InformerEvent<Object: Sendable>: Sendable {
    /// A new object (from a watch, or from a list: the first list, or a relist that found it).
    case added(Object)
    /// A changed object, with the copy the cache held before; `old` and `new` carry the same
    /// resourceVersion on a periodic resync.
    case updated(old: Object, new: Object)
    /// An object that is gone; the last copy the cache held.
    case deleted(Object)

    /// The object after the change (the removed copy for a delete).
    public var object: Object {
        switch self {
        case .added(let object), .deleted(let object), .updated(_, let object): return object
        }
    }
}
