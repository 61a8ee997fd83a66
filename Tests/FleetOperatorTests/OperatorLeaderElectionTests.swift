import Fleet
import FleetOperator
import KubeClient
import KubeCore
import KubeRuntime
import Prometheus
import Testing

@Suite("Two operators with leader election", .timeLimit(.minutes(2)))
struct OperatorLeaderElectionTests {
    struct Replica {
        let manager: Manager
        let writes: WriteCounter
        let task: Task<Void, any Error>
    }

    static func start(_ name: String, harness: OperatorHarness) async throws -> Replica {
        let writes = WriteCounter()
        let client = try KubernetesClient(configuration: ClientConfiguration(server: harness.sim.url, qps: 0), observer: writes)
        let fleetOperator = await FleetOperator.make(client: client, configuration: OperatorConfiguration(workers: 2))
        var configuration = ManagerConfiguration(
            leaderElection: LeaderElectionConfiguration(
                leaseName: "aifleet-operator", namespace: "ml-serving", identity: name, leaseDuration: .seconds(3),
                renewDeadline: .seconds(2), retryPeriod: .milliseconds(500)),
            endpoints: OperatorEndpointsConfiguration(metricsAddress: nil, healthProbeAddress: nil))
        configuration.handlesSignals = false
        let manager = try Manager(configuration: configuration, client: client, registry: PrometheusCollectorRegistry())
        let task = Task {
            try await manager.run(
                caches: fleetOperator.informers, synced: { fleetOperator.hasSynced },
                leaderServices: fleetOperator.leaderServices)
        }
        return Replica(manager: manager, writes: writes, task: task)
    }

    @Test("only the leader writes; when it stops the standby takes over and converges new work")
    func neverBothWrite() async throws {
        let harness = try await OperatorHarness.start()
        defer { Task { await harness.stop() } }
        let first = try await Self.start("first", harness: harness)
        #expect(await OperatorHarness.eventually { first.manager.isLeader })
        let second = try await Self.start("second", harness: harness)
        defer { second.task.cancel() }
        for file in OperatorEndToEndTests.policies + [OperatorBehaviourTests.criticalService] { try await harness.create(file) }
        let resource = try #require(try OperatorHarness.documents(OperatorBehaviourTests.criticalService).first)
        #expect(await OperatorHarness.eventually {
            try await harness.condition("Ready", of: resource)?["status"]?.stringValue == "True"
        })
        #expect(first.writes.writes > 0)
        #expect(second.writes.writes == 0, "the standby never writes, not even to the Lease")

        first.task.cancel()
        _ = await first.task.result
        let firstWrites = first.writes.writes
        #expect(await OperatorHarness.eventually(timeout: .seconds(10)) { second.manager.isLeader })
        for resource in try await harness.create(OperatorBehaviourTests.scaleToZeroService) {
            #expect(await OperatorHarness.eventually {
                try await harness.condition("Ready", of: resource)?["status"]?.stringValue == "True"
            })
        }
        #expect(first.writes.writes == firstWrites, "the stopped leader wrote nothing more")
        #expect(second.writes.writes > 0)
    }
}
