public import KubeClient
public import Logging
import CoreMetrics
import Synchronization

/// Runs work on one process at a time among candidates that share a coordination.k8s.io/v1 Lease,
/// with client-go's leader election semantics.
///
/// Expected flow: make one elector per process with a ``LeaderElectionConfiguration``, then call
/// ``run(leading:)`` with the work only the leader may do (the controllers). Readiness checks read
/// ``isLeader``.
///
/// Guarantees:
/// - The work runs only after this candidate wrote itself into the Lease, and is cancelled when it
///   can no longer prove that it holds it.
/// - The leader renews a retry period after its last successful renewal and steps down when that
///   round has not succeeded within `renewDeadline`, or at once when it sees another holder; a
///   standby waits `leaseDuration` after it last saw the Lease change. So the leader stops at most
///   `retryPeriod + renewDeadline` after its last renewal, before a standby may start when
///   `leaseDuration` exceeds that (with the defaults, 12 s < 15 s) and clocks run at the same rate.
///   As in client-go, this is not fencing: a process paused for longer can still act late.
/// - A leader that stops cleanly (its task cancelled, or its work ended) releases the Lease when
///   `releaseOnCancel` is set, so a standby takes over at its next try.
///
/// Caveats: the leading work must end promptly when cancelled: ``run(leading:)`` waits for it before
/// it returns or throws. A leader killed without releasing is replaced only after `leaseDuration`.
public final class LeaderElector: Sendable {
    /// The validated configuration.
    public let configuration: LeaderElectionConfiguration
    private let client: KubernetesClient
    private let logger: Logger
    private let leading = Atomic<Bool>(false)
    private let running = Atomic<Bool>(false)
    /// `leader_election_master_status{name}`: 1 while leading, 0 otherwise (client-go's name).
    private let status: Gauge?

    /// - Throws: ``LeaderElectionError/invalidConfiguration(_:)`` when the configuration breaks a
    ///   rule of ``LeaderElectionConfiguration/validate()``.
    public init(
        configuration: LeaderElectionConfiguration, client: KubernetesClient,
        logger: Logger = Logger(label: "aifleet.leader-election")
    ) throws(LeaderElectionError) {
        try configuration.validate()
        self.configuration = configuration
        self.client = client
        var logger = logger
        logger[metadataKey: "lease"] = "\(configuration.namespace)/\(configuration.leaseName)"
        logger[metadataKey: "identity"] = "\(configuration.identity)"
        self.logger = logger
        status = configuration.metricsFactory.map {
            Gauge(label: "leader_election_master_status", dimensions: [("name", configuration.leaseName)], factory: $0)
        }
        status?.record(0)
    }

    /// Whether this candidate is leading now; safe to read from any task (a readiness check).
    public var isLeader: Bool { leading.load(ordering: .acquiring) }

    private func setLeading(_ value: Bool) {
        leading.store(value, ordering: .releasing)
        status?.record(value ? 1 : 0)
    }

    /// Campaigns until this candidate holds the Lease, then runs `leading` while renewing the Lease
    /// every retry period.
    ///
    /// - Returns: when `leading` returned, after the Lease was released (with `releaseOnCancel`).
    /// - Throws: ``LeaderElectionError/leadershipLost(lease:identity:)`` when the Lease could not be
    ///   renewed within the renew deadline (the work was cancelled and has ended);
    ///   `CancellationError` when the task was cancelled before this candidate led; otherwise what
    ///   `leading` threw (after the Lease was released), e.g. its `CancellationError` when the caller's
    ///   task was cancelled; ``LeaderElectionError/alreadyRunning`` when another call is running.
    public func run(leading work: @escaping @Sendable () async throws -> Void) async throws {
        guard running.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else {
            throw LeaderElectionError.alreadyRunning
        }
        defer { running.store(false, ordering: .releasing) }
        var lock = LeaseLock(client: client, configuration: configuration, logger: logger)
        try await acquire(&lock)
        setLeading(true)
        logger.info("became the leader")
        let (finalLock, lost, result) = await lead(lock, work)
        if lost {
            logger.error("lost the leadership: the lease could not be renewed within the renew deadline")
            throw LeaderElectionError.leadershipLost(
                lease: "\(configuration.namespace)/\(configuration.leaseName)", identity: configuration.identity)
        }
        if configuration.releaseOnCancel { await release(finalLock) }
        try result.get()
    }

    // MARK: Campaign

    /// Tries until this candidate holds the Lease, waiting a jittered retry period between tries.
    private func acquire(_ lock: inout LeaseLock) async throws {
        let clock = configuration.clock
        logger.info("campaigning for the lease")
        while true {
            if await lock.tryAcquireOrRenew() { return }
            let retry = configuration.retryPeriod
            try await clock.sleep(
                until: clock.now() + retry + retry * (LeaderElectionConfiguration.jitterFactor * Double.random(in: 0..<1)))
        }
    }

    // MARK: Leading

    private enum Outcome: Sendable {
        case workEnded(Result<Void, any Error>)
        case renewalEnded(LeaseLock, lost: Bool)
    }

    /// Runs the work beside the renewal loop until either ends, then stops the other and waits for it.
    private func lead(
        _ lock: LeaseLock, _ work: @escaping @Sendable () async throws -> Void
    ) async -> (LeaseLock, lost: Bool, Result<Void, any Error>) {
        await withTaskGroup(of: Outcome.self) { group in
            group.addTask {
                do {
                    try await work()
                    return .workEnded(.success(()))
                } catch {
                    return .workEnded(.failure(error))
                }
            }
            group.addTask { await self.renew(lock) }
            var (finalLock, lost, result) = (lock, false, Result<Void, any Error>.success(()))
            var first = true
            for await outcome in group {
                switch outcome {
                case .workEnded(let ended):
                    result = ended
                case .renewalEnded(let renewed, let wasLost):
                    // Readiness must stop reporting a leader at once, not after the work has wound down.
                    setLeading(false)
                    (finalLock, lost) = (renewed, wasLost)
                }
                if first {
                    first = false
                    group.cancelAll()
                }
            }
            return (finalLock, lost, result)
        }
    }

    /// Renews every retry period; a renewal that fails is retried every retry period, and the round
    /// is lost when it has not succeeded within the renew deadline (client-go's `renew`).
    /// - Returns: `lost: true` when a round passed its deadline or another holder took the Lease;
    ///   `lost: false` when the task was cancelled.
    private func renew(_ start: LeaseLock) async -> Outcome {
        let clock = configuration.clock
        var lock = start
        while true {
            do {
                try await clock.sleep(until: clock.now() + configuration.retryPeriod)
            } catch {
                return .renewalEnded(lock, lost: false)
            }
            let deadline = clock.now() + configuration.renewDeadline
            while true {
                let attempt = lock
                let answer = await withDeadline(deadline, clock: clock) {
                    var attempt = attempt
                    let renewed = await attempt.tryAcquireOrRenew()
                    return (attempt, renewed)
                }
                if Task.isCancelled { return .renewalEnded(answer?.0 ?? lock, lost: false) }
                if case let (attempted, renewed)? = answer {
                    lock = attempted
                    if renewed { break }
                    // Another holder's valid lease: this candidate is certainly not leading any more.
                    if lock.observedHolder != nil, !lock.isLeader { return .renewalEnded(lock, lost: true) }
                }
                if clock.now() >= deadline { return .renewalEnded(lock, lost: true) }
                do {
                    try await clock.sleep(until: min(clock.now() + configuration.retryPeriod, deadline))
                } catch {
                    return .renewalEnded(lock, lost: false)
                }
            }
        }
    }

    /// Releases the Lease within the renew deadline, even when the caller's task is cancelled (the
    /// release runs in a task of its own, which does not inherit the cancellation).
    private func release(_ lock: LeaseLock) async {
        let clock = configuration.clock
        let deadline = clock.now() + configuration.renewDeadline
        let released = await Task {
            await withDeadline(deadline, clock: clock) {
                var lock = lock
                return await lock.release()
            }
        }.value
        if released == true {
            logger.info("released the lease")
        } else {
            logger.warning("could not release the lease; a standby takes over when it expires")
        }
    }
}

/// Runs `operation` until it returns or the clock reaches `deadline`, whichever comes first; the
/// operation is cancelled at the deadline (which cancels its API request).
/// - Returns: the operation's result, or nil at the deadline or on cancellation.
private func withDeadline<T: Sendable>(
    _ deadline: Duration, clock: any RuntimeClock, _ operation: @escaping @Sendable () async -> T
) async -> T? {
    await withTaskGroup(of: T?.self) { group in
        group.addTask { await operation() }
        group.addTask {
            try? await clock.sleep(until: deadline)
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}
