/// The time source of the runtime's queues and rate limiters, injectable so that tests of timing run
/// on a ``ManualClock`` instead of sleeping.
///
/// Time is a `Duration` since an origin fixed by the clock; it never decreases.
public protocol RuntimeClock: Sendable {
    /// The time elapsed since the clock's origin.
    func now() -> Duration

    /// Suspends until ``now()`` reaches `deadline`.
    ///
    /// Returns at once when the deadline has passed.
    /// - Throws: `CancellationError` when the task is cancelled before the deadline.
    func sleep(until deadline: Duration) async throws
}

/// The real monotonic clock (`ContinuousClock`, which keeps counting while the machine sleeps, as
/// Go's monotonic time does for client-go's queues).
public struct SystemClock: RuntimeClock {
    private let origin: ContinuousClock.Instant

    /// A clock whose origin is the moment it is created.
    public init() {
        origin = ContinuousClock.now
    }

    public func now() -> Duration {
        ContinuousClock.now - origin
    }

    public func sleep(until deadline: Duration) async throws {
        try await Task.sleep(until: origin + deadline, clock: .continuous)
    }
}
