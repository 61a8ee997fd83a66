import KubeClient
import KubeCore
import KubeSim
import Synchronization
import Testing

@testable import KubeRuntime

/// Leader election against KubeSim with short durations (a real clock: the candidates talk to a real
/// server). The bounds asserted are those of client-go's design, with slack for a loaded machine; each
/// test also checks the property that tells the mechanisms apart (release versus expiry).
///
/// Where a leader must keep its lease while the rest of the test suite loads the machine, the lease
/// and renew deadline are a few seconds (which costs no time: nothing waits for them to pass), so that
/// a renewal delayed by a busy machine does not lose the lease, rightly, and fail the test.
@Suite("Leader election")
struct LeaderElectionTests {
    private static let lease = "aifleet-leader"
    private static let steadyLease = Duration.seconds(4)
    private static let steadyRenewDeadline = Duration.seconds(3)

    private static func configuration(
        _ identity: String, leaseDuration: Duration = .seconds(1), renewDeadline: Duration = .milliseconds(600),
        retryPeriod: Duration = .milliseconds(200), releaseOnCancel: Bool = true,
        metricsFactory: TestMetricsFactory? = nil
    ) -> LeaderElectionConfiguration {
        LeaderElectionConfiguration(
            leaseName: lease, namespace: "default", identity: identity, leaseDuration: leaseDuration,
            renewDeadline: renewDeadline, retryPeriod: retryPeriod, releaseOnCancel: releaseOnCancel,
            metricsFactory: metricsFactory)
    }

    /// A candidate whose renewals have seconds to spare.
    private static func steady(_ identity: String, metricsFactory: TestMetricsFactory? = nil) -> LeaderElectionConfiguration {
        configuration(
            identity, leaseDuration: steadyLease, renewDeadline: steadyRenewDeadline, metricsFactory: metricsFactory)
    }

    /// Counts the candidates leading at once, and the most that ever did.
    private final class LeadershipLog: Sendable {
        private let state = Mutex<(now: Int, most: Int, led: [String])>((0, 0, []))

        func leading(_ identity: String) async {
            state.withLock {
                $0.now += 1
                $0.most = max($0.most, $0.now)
                $0.led.append(identity)
            }
            await waitForCancellation()
            state.withLock { $0.now -= 1 }
        }

        var most: Int { state.withLock { $0.most } }
        var led: [String] { state.withLock { $0.led } }
    }

    private static func start(_ elector: LeaderElector, log: LeadershipLog) -> Task<Void, any Error> {
        Task { try await elector.run { await log.leading(elector.configuration.identity) } }
    }

    private static func currentLease(_ client: KubernetesClient) async throws -> LeaseSpec? {
        try await client.get(Lease.self, name: lease, namespace: "default").spec
    }

    // MARK: Configuration

    @Test("the configuration keeps leaseDuration > renewDeadline > retryPeriod × 1.2, as client-go does")
    func validatesTheDurations() throws {
        try Self.configuration("a").validate()
        #expect(throws: LeaderElectionError.self) {
            try Self.configuration("a", leaseDuration: .milliseconds(600)).validate()
        }
        #expect(throws: LeaderElectionError.self) {
            try Self.configuration("a", renewDeadline: .milliseconds(240)).validate()
        }
        #expect(throws: LeaderElectionError.self) { try Self.configuration("").validate() }
        #expect(throws: LeaderElectionError.self) {
            try Self.configuration("a", retryPeriod: .zero).validate()
        }
        let defaults = LeaderElectionConfiguration(leaseName: "x", namespace: "ns")
        try defaults.validate()
        #expect(defaults.leaseDuration == .seconds(15) && defaults.renewDeadline == .seconds(10))
        #expect(defaults.retryPeriod == .seconds(2) && defaults.releaseOnCancel)
        #expect(defaults.identity.contains("_"))
        #expect(defaults.identity != LeaderElectionConfiguration(leaseName: "x", namespace: "ns").identity)
        #expect(Self.configuration("a", leaseDuration: .milliseconds(1500)).leaseDurationSeconds == 2)
    }

    // MARK: Election

    @Test("of two candidates exactly one leads, and it keeps renewing the lease")
    func exactlyOneLeads() async throws {
        try await withKubeSim { _, client in
            let log = LeadershipLog()
            let a = try LeaderElector(configuration: Self.steady("a"), client: client)
            let b = try LeaderElector(configuration: Self.steady("b"), client: client)
            let tasks = [Self.start(a, log: log), Self.start(b, log: log)]
            #expect(await waitUntil { a.isLeader || b.isLeader })
            let leader = a.isLeader ? "a" : "b"
            let first = try await Self.currentLease(client)
            #expect(first?.holderIdentity == leader)
            #expect(first?.leaseDurationSeconds == 4)
            #expect(first?.leaseTransitions == 0)
            #expect(first?.acquireTime?.hasSuffix("Z") == true)
            // Let several renewals (and as many tries of the standby) happen.
            let renewals = Shared<Set<String>>([])
            let holders = Shared<Set<String?>>([])
            let renewed = try await waitUntil {
                let spec = try await Self.currentLease(client)
                holders.set(holders.get().union([spec?.holderIdentity]))
                renewals.set(renewals.get().union([spec?.renewTime].compactMap { $0 }))
                return renewals.get().count >= 4
            }
            #expect(renewed)
            #expect(holders.get() == [leader])
            #expect(a.isLeader != b.isLeader)
            #expect(log.most == 1)
            #expect(try await Self.currentLease(client)?.acquireTime == first?.acquireTime, "renewals keep the acquire time")
            for task in tasks { task.cancel() }
            for task in tasks { _ = await task.result }
            #expect(!a.isLeader && !b.isLeader)
        }
    }

    @Test("a leader that stops cleanly releases the lease and the standby takes over within its retry period")
    func cleanStopHandsOverAtOnce() async throws {
        try await withKubeSim { _, client in
            let log = LeadershipLog()
            let metrics = TestMetricsFactory()
            // A long lease: a takeover before it expires can only come from the release.
            let a = try LeaderElector(
                configuration: Self.steady("a", metricsFactory: metrics), client: client)
            let b = try LeaderElector(configuration: Self.steady("b"), client: client)
            let taskA = Self.start(a, log: log)
            #expect(await waitUntil { a.isLeader })
            let taskB = Self.start(b, log: log)
            taskA.cancel()
            // The work returned when cancelled, so run returns (after the release).
            try await taskA.value
            let stopped = ContinuousClock.now
            #expect(await waitUntil { b.isLeader })
            let handover = ContinuousClock.now - stopped
            // The standby's next try comes within 2.2 retry periods (jittered); 1 s of slack for load.
            #expect(handover < .milliseconds(200) * 2.2 + .seconds(1), "handover took \(handover)")
            let taken = try await Self.currentLease(client)
            #expect(taken?.holderIdentity == "b")
            #expect(taken?.leaseTransitions == 1)
            #expect(log.most == 1)
            #expect(log.led == ["a", "b"])
            #expect(metrics.recorded("leader_election_master_status", name: Self.lease) == [0, 1, 0])
            taskB.cancel()
            _ = await taskB.result
        }
    }

    @Test("a leader killed without releasing is replaced only once the lease duration has passed")
    func killedLeaderHandsOverAfterTheLeaseDuration() async throws {
        try await withKubeSim { _, client in
            let log = LeadershipLog()
            let a = try LeaderElector(
                configuration: Self.configuration(
                    "a", leaseDuration: .seconds(2), renewDeadline: .milliseconds(1500), releaseOnCancel: false),
                client: client)
            let b = try LeaderElector(
                configuration: Self.configuration("b", leaseDuration: .seconds(2), renewDeadline: .milliseconds(1500)),
                client: client)
            let taskA = Self.start(a, log: log)
            #expect(await waitUntil { a.isLeader })
            let taskB = Self.start(b, log: log)
            // A leader that vanishes: it stops renewing and leaves its name in the lease.
            taskA.cancel()
            _ = await taskA.result
            let killed = ContinuousClock.now
            #expect(try await Self.currentLease(client)?.holderIdentity == "a")
            #expect(await waitUntil { b.isLeader })
            let handover = ContinuousClock.now - killed
            // Not before the lease expired (its last renewal was at most a retry period before the
            // kill), and within a lease duration plus 2.2 retry periods (3 s of slack: the whole suite
            // runs in parallel on 2 cores).
            #expect(handover >= .seconds(2) - .milliseconds(300), "handover took \(handover)")
            #expect(handover < .seconds(2) + .milliseconds(200) * 2.2 + .seconds(3), "handover took \(handover)")
            let taken = try await Self.currentLease(client)
            #expect(taken?.holderIdentity == "b")
            #expect(taken?.leaseTransitions == 1)
            #expect(log.most == 1)
            #expect(log.led == ["a", "b"])
            taskB.cancel()
            _ = await taskB.result
        }
    }

    @Test("a leader that cannot renew cancels its work and throws leadershipLost")
    func lostRenewalCancelsTheWork() async throws {
        try await withKubeSim { server, client in
            let workCancelled = Shared(false)
            let a = try LeaderElector(configuration: Self.configuration("a"), client: client)
            let task = Task {
                try await a.run {
                    await waitForCancellation()
                    workCancelled.set(true)
                }
            }
            #expect(await waitUntil { a.isLeader })
            var faults = FaultSpec()
            faults.errorRate = 1
            server.faults = faults
            let broken = ContinuousClock.now
            await #expect(throws: LeaderElectionError.leadershipLost(lease: "default/\(Self.lease)", identity: "a")) {
                try await task.value
            }
            let stepDown = ContinuousClock.now - broken
            #expect(workCancelled.get())
            #expect(!a.isLeader)
            // It steps down about when a standby could take the lease (1 s after its last renewal);
            // 3 s of slack for a loaded machine, as the suite runs in parallel on 2 cores.
            #expect(stepDown < .seconds(1) + .seconds(3), "stepping down took \(stepDown)")
        }
    }

    @Test("a leader whose lease is taken over steps down at its next renewal")
    func takenLeaseStepsDown() async throws {
        try await withKubeSim { _, client in
            let a = try LeaderElector(configuration: Self.steady("a"), client: client)
            let task = Task { try await a.run { await waitForCancellation() } }
            #expect(await waitUntil { a.isLeader })
            // Another holder writes the lease (retried when it races a renewal of `a`).
            #expect(
                try await waitUntil {
                    var lease = try await client.get(Lease.self, name: Self.lease, namespace: "default")
                    lease.spec?.holderIdentity = "intruder"
                    lease.spec?.leaseDurationSeconds = 60
                    do {
                        _ = try await client.update(lease)
                        return true
                    } catch let error as KubeAPIError where error.isConflict {
                        return false
                    }
                })
            await #expect(throws: LeaderElectionError.self) { try await task.value }
            #expect(!a.isLeader)
            #expect(try await Self.currentLease(client)?.holderIdentity == "intruder", "it does not overwrite the new holder")
        }
    }

    @Test("work that ends releases the lease and run returns")
    func endedWorkReturns() async throws {
        try await withKubeSim { _, client in
            let a = try LeaderElector(configuration: Self.configuration("a"), client: client)
            let ran = Shared(false)
            try await a.run { ran.set(true) }
            #expect(ran.get())
            #expect(!a.isLeader)
            let released = try await Self.currentLease(client)
            #expect(released?.holderIdentity == nil)
            #expect(released?.leaseDurationSeconds == 1, "a standby that reads it waits no longer than a second")
        }
    }

    @Test("a leader whose copy of the lease is out of date (a 409) still releases it")
    func releaseAfterAStaleCopy() async throws {
        try await withKubeSim { _, client in
            // Renewals 10 s apart: none falls between the test's read and write of the Lease (which
            // would refuse the test's own write), and none refreshes the leader's copy before release.
            let a = try LeaderElector(
                configuration: Self.configuration(
                    "a", leaseDuration: .seconds(30), renewDeadline: .seconds(20), retryPeriod: .seconds(10)),
                client: client)
            try await a.run {
                // Someone else writes the Lease (here a label; in life, a renew cancelled in flight
                // but stored): the leader's copy now has an old resourceVersion.
                var lease = try await client.get(Lease.self, name: Self.lease, namespace: "default")
                lease.metadata.labels = ["touched": "yes"]
                _ = try await client.update(lease)
            }
            let released = try await Self.currentLease(client)
            #expect(released?.holderIdentity == nil, "released after reading the lease again")
        }
    }
}
