public import KubeCore

/// Decides which informer events wake a controller (controller-runtime's `predicate.Funcs`);
/// filtered events never reach the work queue.
public struct Predicate<Object: CacheableObject>: Sendable {
    /// Whether an added object is reconciled.
    public var create: @Sendable (Object) -> Bool
    /// Whether a changed object is reconciled.
    public var update: @Sendable (_ old: Object, _ new: Object) -> Bool
    /// Whether a deleted object is reconciled.
    public var delete: @Sendable (Object) -> Bool

    public init(
        create: @escaping @Sendable (Object) -> Bool = { _ in true },
        update: @escaping @Sendable (_ old: Object, _ new: Object) -> Bool = { _, _ in true },
        delete: @escaping @Sendable (Object) -> Bool = { _ in true }
    ) {
        self.create = create
        self.update = update
        self.delete = delete
    }

    /// Whether `event` passes.
    public func admits(_ event: InformerEvent<Object>) -> Bool {
        switch event {
        case .added(let object): return create(object)
        case .updated(let old, let new): return update(old, new)
        case .deleted(let object): return delete(object)
        }
    }

    /// Every event.
    public static var always: Predicate { Predicate() }

    /// Updates only when `metadata.generation` changed, i.e. the spec changed (status-only
    /// updates, which the API server does not count as a generation, are dropped). Creates and
    /// deletes pass. Note that a periodic resync is dropped too.
    public static var generationChanged: Predicate {
        Predicate(update: { old, new in old.objectGeneration != new.objectGeneration || new.objectGeneration == nil })
    }

    /// Only objects whose labels match `selector`, e.g. `Selector(parsing: "team=search")`.
    public static func labels(matching selector: Selector) -> Predicate {
        Predicate(
            create: { selector.matches($0.objectLabels) },
            update: { selector.matches($0.objectLabels) || selector.matches($1.objectLabels) },
            delete: { selector.matches($0.objectLabels) })
    }

    /// Events that pass both predicates.
    public func and(_ other: Predicate) -> Predicate {
        Predicate(
            create: { create($0) && other.create($0) },
            update: { update($0, $1) && other.update($0, $1) },
            delete: { delete($0) && other.delete($0) })
    }

    /// Events that pass either predicate.
    public func or(_ other: Predicate) -> Predicate {
        Predicate(
            create: { create($0) || other.create($0) },
            update: { update($0, $1) || other.update($0, $1) },
            delete: { delete($0) || other.delete($0) })
    }
}
