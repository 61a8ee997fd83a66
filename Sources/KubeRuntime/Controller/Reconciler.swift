/// What a reconcile asks of its controller once it returns (controller-runtime's `reconcile.Result`).
public enum ReconcileResult: Sendable, Hashable {
    /// Converged: nothing to do until the next event.
    case done
    /// Come back soon, with the key's rate-limited backoff (e.g. waiting for something to appear).
    case requeue
    /// Come back after this long (scheduled work: a TTL, an idle window); the backoff starts over.
    case requeueAfter(Duration)
}

/// Brings the world in line with one object, named by its key: level-based, so it reads the
/// current state (from the informers' caches) rather than reacting to the event that woke it.
///
/// A thrown error requeues the key with backoff, except a ``TerminalError``, which is counted and
/// logged but not retried until the object changes again.
public protocol Reconciler: Sendable {
    func reconcile(_ key: ObjectKey) async throws -> ReconcileResult
}

/// A reconcile failure that retrying cannot fix (invalid input); the key is not requeued.
public struct TerminalError: Error, CustomStringConvertible {
    /// What went wrong.
    public var underlying: any Error

    public init(_ underlying: any Error) {
        self.underlying = underlying
    }

    public var description: String { "\(underlying)" }
}

/// A ``Reconciler`` made of a closure, for small controllers and tests.
public struct ReconcileFunction: Reconciler {
    private let body: @Sendable (ObjectKey) async throws -> ReconcileResult

    public init(_ body: @escaping @Sendable (ObjectKey) async throws -> ReconcileResult) {
        self.body = body
    }

    public func reconcile(_ key: ObjectKey) async throws -> ReconcileResult {
        try await body(key)
    }
}
