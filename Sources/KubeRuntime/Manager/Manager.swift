public import KubeClient
import Logging
public import Prometheus
public import ServiceLifecycle
import UnixSignals

/// Runs an operator the way controller-runtime's manager does: caches on every replica, the
/// controllers only on the leader, the endpoints, the event recorder, and a graceful shutdown.
///
/// ## Expected flow
/// Build the informers, controllers and event recorder, then ``run(caches:leaderServices:services:)``.
/// The manager serves `/metrics`, `/healthz` and `/readyz`; starts the caches; campaigns for the
/// Lease (when leader election is configured) and runs the leader services while it leads.
///
/// ## Guarantees
/// - `/readyz` passes once every cache has synced, and, with leader election, while leading or
///   standing by (not after the leadership was lost).
/// - On SIGTERM or SIGINT, the leader services stop first (controllers let in-flight reconciles
///   finish), the Lease is released so a standby takes over at once, then events are flushed and
///   the caches and endpoints stop; all of it within ``ManagerConfiguration/gracefulShutdownTimeout``.
/// - Losing the leadership ends ``run(caches:leaderServices:services:)`` with
///   ``LeaderElectionError/leadershipLost(lease:identity:)``: the process should exit and restart,
///   as a controller-runtime operator does, rather than risk two leaders.
public final class Manager: Sendable {
    public let configuration: ManagerConfiguration
    private let client: KubernetesClient
    private let registry: PrometheusCollectorRegistry
    private let elector: LeaderElector?
    /// The endpoints, available once ``run(caches:leaderServices:services:)`` started (tests read
    /// their ports).
    public let endpoints: OperatorEndpoints

    /// - Parameters:
    ///   - registry: what `/metrics` serves (the registry of the process's Prometheus factory)...
    ///   - objectGauges: ...and the gauges with a series per object, served after it.
    /// - Throws: ``LeaderElectionError`` when the leader-election configuration is invalid.
    public init(
        configuration: ManagerConfiguration, client: KubernetesClient, registry: PrometheusCollectorRegistry,
        objectGauges: ObjectGauges = ObjectGauges()
    ) throws(LeaderElectionError) {
        self.configuration = configuration
        self.client = client
        self.registry = registry
        elector = try configuration.leaderElection.map { election throws(LeaderElectionError) in
            try LeaderElector(configuration: election, client: Self.leaseClient(client, election))
        }
        endpoints = OperatorEndpoints(
            configuration: configuration.endpoints, registry: registry, objectGauges: objectGauges,
            logger: configuration.logger)
    }

    /// The client the elector uses: the operator's, but with every request bounded by the renew
    /// deadline. A Lease request that hangs (a half-dead connection) must not leave the Lease
    /// unattended for the client's default 60 s; a leader that cannot renew within the deadline steps
    /// down anyway. Not the retry period: on a loaded machine an ordinary request can take longer
    /// than that, and a replica whose every try timed out never became leader. If a separate client
    /// cannot be made, the shared one still works.
    private static func leaseClient(_ client: KubernetesClient, _ election: LeaderElectionConfiguration) -> KubernetesClient {
        var bounded = client.configuration
        bounded.requestTimeout = election.renewDeadline
        return (try? KubernetesClient(configuration: bounded)) ?? client
    }

    /// Whether this replica leads now (always true without leader election once running).
    public var isLeader: Bool { elector?.isLeader ?? true }

    /// Runs until a signal (or cancellation) and a graceful shutdown, or until the leadership is lost.
    /// - Parameters:
    ///   - caches: the informers (a ``SharedInformers``); run on every replica so a standby is warm.
    ///   - synced: whether the caches have synced, for `/readyz`.
    ///   - leaderServices: what runs only while leading (the controllers).
    ///   - services: what runs on every replica besides (e.g. the ``EventRecorder``).
    public func run(
        caches: any ServiceLifecycle.Service, synced: @escaping @Sendable () -> Bool,
        leaderServices: [any ServiceLifecycle.Service], services: [any ServiceLifecycle.Service] = []
    ) async throws {
        endpoints.liveness.add("ping") { true }
        endpoints.readiness.add("informers-synced") { synced() }
        let leading = LeaderServices(elector: elector, services: leaderServices, logger: configuration.logger)
        // ServiceGroup shuts services down in reverse order: controllers first, the endpoints last.
        let all: [any ServiceLifecycle.Service] = [endpoints, caches] + services + [leading]
        var groupConfiguration = ServiceGroupConfiguration(
            services: all.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
            gracefulShutdownSignals: configuration.handlesSignals ? [.sigterm, .sigint] : [],
            logger: configuration.logger)
        groupConfiguration.maximumGracefulShutdownDuration = configuration.gracefulShutdownTimeout
        try await ServiceGroup(configuration: groupConfiguration).run()
    }
}

/// The services that run only while this replica leads, as one service.
struct LeaderServices: ServiceLifecycle.Service {
    let elector: LeaderElector?
    let services: [any ServiceLifecycle.Service]
    let logger: Logger

    func run() async throws {
        guard let elector else { return try await runAll() }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                // The leader services see the graceful shutdown themselves (it is inherited by the
                // elector's child tasks), drain, and return; the elector then releases the Lease.
                try await elector.run { try await runAll() }
                return true
            }
            group.addTask {
                try? await gracefulShutdown()
                return false
            }
            while let electorEnded = try await group.next() {
                // A candidate still campaigning has nothing to drain: stop it at once.
                if electorEnded || !elector.isLeader {
                    group.cancelAll()
                    return
                }
            }
        }
    }

    private func runAll() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            for service in services {
                group.addTask { try await service.run() }
            }
        }
    }
}
