import KubeClient
import KubeCore
import Logging

/// One candidate's view of the coordination.k8s.io/v1 Lease that is the lock, and the reads and
/// writes that take, renew and release it (client-go's `tryAcquireOrRenew` and `release` over its
/// `LeaseLock`).
///
/// Expiry is judged on the local ``RuntimeClock``, never on the Lease's timestamps: a candidate
/// notes when it last saw the Lease change (`observedTime`) and takes the Lease only after the
/// holder's `leaseDurationSeconds` have passed since then. Clocks of different machines may
/// disagree; a change that is seen is not affected by that.
///
/// Every write is conditional on the `resourceVersion` last seen, so two candidates can never both
/// believe they wrote the Lease: the second gets 409 Conflict.
struct LeaseLock: Sendable {
    let client: KubernetesClient
    let configuration: LeaderElectionConfiguration
    let logger: Logger

    /// The Lease as last read or written; its `resourceVersion` makes the next write conditional.
    private(set) var lease: Lease?
    /// The Lease's spec as last seen changed (client-go's `observedRecord`).
    private(set) var observedRecord: LeaseSpec?
    /// When `observedRecord` was last seen to change, on the local clock.
    private(set) var observedTime: Duration = .zero

    init(client: KubernetesClient, configuration: LeaderElectionConfiguration, logger: Logger) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
    }

    private var identity: String { configuration.identity }

    /// Whether the last record seen names this candidate as the holder.
    var isLeader: Bool { observedRecord?.holderIdentity == identity }

    /// The holder last seen; nil when the Lease is free or has not been read.
    var observedHolder: String? {
        guard let holder = observedRecord?.holderIdentity, !holder.isEmpty else { return nil }
        return holder
    }

    /// Whether the holder last seen may still be leading: its lease duration has not passed since the
    /// record was seen to change.
    private func isLeaseValid(at now: Duration) -> Bool {
        let seconds = observedRecord?.leaseDurationSeconds ?? 0
        return observedTime + .seconds(Int64(seconds)) > now
    }

    private mutating func observe(_ written: Lease) {
        lease = written
        observedRecord = written.spec
        observedTime = configuration.clock.now()
    }

    /// One try to take the Lease, or to renew it when this candidate holds it.
    ///
    /// Expected flow (client-go's): the holder first updates the Lease it last wrote, without reading
    /// it; otherwise (or when that update conflicts) the Lease is read, created if missing, left alone
    /// if another holder's lease is still valid, and else updated to name this candidate.
    /// - Returns: whether this candidate holds the Lease now. Failures are logged, not thrown: the
    ///   caller retries on its schedule.
    mutating func tryAcquireOrRenew() async -> Bool {
        let now = configuration.clock.now()
        let wallTime = WallClock.microTime()
        var desired = LeaseSpec(
            holderIdentity: identity, leaseDurationSeconds: configuration.leaseDurationSeconds,
            acquireTime: wallTime, renewTime: wallTime, leaseTransitions: observedRecord?.leaseTransitions ?? 0)

        // 1. The fast path of the holder: assume the Lease last written is still current.
        if isLeader, isLeaseValid(at: now), var renewed = lease {
            desired.acquireTime = observedRecord?.acquireTime
            renewed.spec = desired
            if await write(renewed, failure: "cannot renew the lease optimistically, reading it") { return true }
        }

        // 2. Read the Lease, or create it.
        let current: Lease
        do throws(KubeAPIError) {
            current = try await client.get(Lease.self, name: configuration.leaseName, namespace: configuration.namespace)
        } catch where error.isNotFound {
            desired.leaseTransitions = 0
            let created = Lease(
                metadata: ObjectMeta(name: configuration.leaseName, namespace: configuration.namespace), spec: desired)
            return await write(created, creating: true, failure: "cannot create the lease")
        } catch {
            logger.info("cannot read the lease", metadata: metadata(error))
            return false
        }

        // 3. A changed record restarts the wait for its expiry.
        lease = current
        if current.spec != observedRecord {
            let previousHolder = observedHolder
            observedRecord = current.spec
            observedTime = now
            if let holder = observedHolder, holder != previousHolder, holder != identity {
                logger.info("the lease is held by another candidate", metadata: ["holder": "\(holder)"])
            }
        }
        if observedHolder != nil, isLeaseValid(at: now), !isLeader {
            return false
        }

        // 4. Take (or, on the slow path, renew) the Lease.
        var taken = current
        if isLeader {
            desired.acquireTime = current.spec?.acquireTime
            desired.leaseTransitions = current.spec?.leaseTransitions ?? 0
        } else {
            desired.leaseTransitions = (current.spec?.leaseTransitions ?? 0) + 1
        }
        taken.spec = desired
        return await write(taken, failure: "cannot update the lease")
    }

    /// Gives the Lease up so that a standby takes it at its next try instead of after the lease
    /// duration: the holder is cleared and `leaseDurationSeconds` set to 1, as client-go does.
    /// - Returns: whether the Lease is free of this candidate now (true when it did not hold it).
    mutating func release() async -> Bool {
        guard isLeader, lease != nil else { return true }
        if await writeRelease() { return true }
        // A renew cancelled while in flight may have been stored all the same, leaving this copy's
        // resourceVersion behind (a 409): read the Lease again and release it if still held.
        guard let current = try? await client.get(Lease.self, name: configuration.leaseName, namespace: configuration.namespace)
        else { return false }
        observe(current)
        guard isLeader else { return true }
        return await writeRelease()
    }

    private mutating func writeRelease() async -> Bool {
        guard var released = lease else { return true }
        let wallTime = WallClock.microTime()
        released.spec = LeaseSpec(
            holderIdentity: nil, leaseDurationSeconds: 1, acquireTime: wallTime, renewTime: wallTime,
            leaseTransitions: observedRecord?.leaseTransitions)
        return await write(released, failure: "cannot release the lease", level: .warning)
    }

    /// Creates or updates (conditionally on its resourceVersion) the Lease and observes what the
    /// server stored; a failure is logged with `failure`.
    /// - Returns: whether the write succeeded.
    private mutating func write(
        _ lease: Lease, creating: Bool = false, failure: Logger.Message, level: Logger.Level = .info
    ) async -> Bool {
        do {
            observe(creating ? try await client.create(lease) : try await client.update(lease))
            return true
        } catch {
            logger.log(level: level, failure, metadata: metadata(error))
            return false
        }
    }

    private func metadata(_ error: any Error) -> Logger.Metadata {
        ["lease": "\(configuration.namespace)/\(configuration.leaseName)", "error": "\(error)"]
    }
}
