public import Foundation

/// The time source of a client: monotonic time for rate limits, backoff and file re-reads, wall time
/// for credential expiry, and a sleep. Injected so that tests run on a virtual clock, never on sleeps.
public struct ClientClock: Sendable {
    /// Monotonic time since an arbitrary origin.
    public var now: @Sendable () -> Duration
    /// Wall-clock time, to compare with credential expiry timestamps.
    public var date: @Sendable () -> Date
    /// Suspends the calling task (never a thread) for the duration; throws when the task is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(
        now: @escaping @Sendable () -> Duration, date: @escaping @Sendable () -> Date,
        sleep: @escaping @Sendable (Duration) async throws -> Void
    ) {
        self.now = now
        self.date = date
        self.sleep = sleep
    }

    /// The real clocks: `ContinuousClock`, `Date()` and `Task.sleep`.
    public static let system: ClientClock = {
        let origin = ContinuousClock.now
        return ClientClock(
            now: { ContinuousClock.now - origin },
            date: { Date() },
            sleep: { try await Task.sleep(for: $0) })
    }()
}
