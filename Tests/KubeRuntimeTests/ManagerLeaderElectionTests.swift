import KubeClient
import KubeCore
import KubeRuntime
import KubeSim
import Prometheus
import Synchronization
import Testing

/// Two managers of the same controller on one Lease, as two replicas of an operator run.
@Suite("Manager with leader election", .timeLimit(.minutes(2)))
struct ManagerLeaderElectionTests {
    /// Records which replica reconciled what.
    final class Reconciles: Sendable {
        private let byReplica = Mutex<[String: Int]>([:])
        func record(_ replica: String) { byReplica.withLock { $0[replica, default: 0] += 1 } }
        func count(_ replica: String) -> Int { byReplica.withLock { $0[replica] ?? 0 } }
    }

    struct Replica {
        let name: String
        let manager: Manager
        let task: Task<Void, any Error>
    }

    static func startReplica(
        _ name: String, sim: KubeSimServer, reconciles: Reconciles, releaseOnCancel: Bool
    ) throws -> Replica {
        let client = try KubernetesClient(configuration: ClientConfiguration(server: sim.url, qps: 0))
        let informers = SharedInformers(client: client)
        let maps = informers.informer(ConfigMap.self, namespace: "default")
        let controller = ControllerBuilder(named: "counter", for: maps)
            .build(ReconcileFunction { _ in
                reconciles.record(name)
                return .done
            })
        var configuration = ManagerConfiguration(
            leaderElection: LeaderElectionConfiguration(
                leaseName: "counter", namespace: "default", identity: name, leaseDuration: .seconds(3),
                renewDeadline: .seconds(2), retryPeriod: .milliseconds(500), releaseOnCancel: releaseOnCancel),
            endpoints: OperatorEndpointsConfiguration(metricsAddress: nil, healthProbeAddress: nil))
        configuration.handlesSignals = false
        let manager = try Manager(configuration: configuration, client: client, registry: PrometheusCollectorRegistry())
        let task = Task {
            try await manager.run(caches: informers, synced: { informers.haveSynced }, leaderServices: [controller])
        }
        return Replica(name: name, manager: manager, task: task)
    }

    static func handOver(releaseOnCancel: Bool) async throws -> (handOver: Duration, standbyBefore: Int, holderAfterStop: String?) {
        let sim = try await KubeSimServer.start(KubeSimConfiguration())
        defer { Task { await sim.stop() } }
        let writer = try KubernetesClient(configuration: ClientConfiguration(server: sim.url, qps: 0))
        let reconciles = Reconciles()
        let first = try startReplica("first", sim: sim, reconciles: reconciles, releaseOnCancel: releaseOnCancel)
        #expect(await waitUntil { first.manager.isLeader })
        let second = try startReplica("second", sim: sim, reconciles: reconciles, releaseOnCancel: releaseOnCancel)
        defer { second.task.cancel() }
        for index in 0..<5 { _ = try await writer.create(ConfigMap(metadata: ObjectMeta(name: "m\(index)", namespace: "default"))) }
        #expect(await waitUntil { reconciles.count("first") >= 5 })
        try await Task.sleep(for: .milliseconds(300))
        let standbyBefore = reconciles.count("second")

        first.task.cancel()
        _ = await first.task.result
        // Measured from the moment the stopped replica is gone (its Lease released or not).
        let stopped = ContinuousClock.now
        let holderAfterStop = try await writer.get(Lease.self, name: "counter", namespace: "default").spec?.holderIdentity
        #expect(await waitUntil(timeout: .seconds(10)) { second.manager.isLeader })
        let handOver = ContinuousClock.now - stopped
        // The new leader's controller starts and reconciles everything once.
        #expect(await waitUntil { reconciles.count("second") >= 5 })
        return (handOver, standbyBefore, holderAfterStop)
    }

    @Test("exactly one replica reconciles; a clean stop hands over within about a retry period")
    func cleanStopHandsOverAtOnce() async throws {
        let (handOver, standbyBefore, holderAfterStop) = try await Self.handOver(releaseOnCancel: true)
        #expect(standbyBefore == 0, "the standby reconciled nothing while the leader ran")
        #expect(holderAfterStop != "first", "the stopped leader released the Lease")
        // Released Lease: the standby's next try (a jittered retry period, at most 1.1 s) wins, well
        // before the 3 s lease could have expired.
        #expect(handOver < .seconds(3), "\(handOver)")
    }

    @Test("a leader killed without releasing is replaced within the lease duration")
    func killedLeaderIsReplacedAfterTheLease() async throws {
        let (handOver, standbyBefore, holderAfterStop) = try await Self.handOver(releaseOnCancel: false)
        #expect(standbyBefore == 0)
        #expect(holderAfterStop == "first", "a killed leader leaves its name in the Lease")
        #expect(handOver >= .seconds(2), "not before the lease could expire: \(handOver)")
        #expect(handOver < .seconds(6), "within the lease duration and a retry: \(handOver)")
    }
}
