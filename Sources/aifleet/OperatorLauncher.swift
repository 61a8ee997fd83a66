import CoreMetrics
import FleetOperator
import Foundation
import KubeClient
import KubeRuntime
import Logging
import ServiceLifecycle

/// Builds the operator on a client and runs it under a ``Manager``: shared by `aifleet run` (a
/// real cluster) and `aifleet dev` (KubeSim in the same process).
struct OperatorLauncher {
    var client: ClientConfiguration
    var operatorConfiguration: OperatorConfiguration
    var manager: ManagerConfiguration
    var logger: Logger

    /// Runs until a signal and a graceful shutdown; `extraServices` run beside it (KubeSim for `dev`).
    func run(extraServices: [any ServiceLifecycle.Service] = []) async throws {
        let metrics = PrometheusMetrics.makeFactory()
        MetricsSystem.bootstrap(metrics)
        let kube = try KubernetesClient(configuration: client, observer: MetricsRequestObserver(factory: metrics))
        var operatorConfiguration = self.operatorConfiguration
        operatorConfiguration.metricsFactory = metrics
        operatorConfiguration.logger = logger
        let events = EventRecorder(configuration: EventRecorderConfiguration(component: "aifleet"), client: kube, logger: logger)
        let fleetOperator = await FleetOperator.make(client: kube, configuration: operatorConfiguration, events: events)
        var managerConfiguration = manager
        managerConfiguration.logger = logger
        managerConfiguration.leaderElection?.metricsFactory = metrics
        let manager = try Manager(
            configuration: managerConfiguration, client: kube, registry: metrics.registry,
            objectGauges: operatorConfiguration.objectGauges)
        try await manager.run(
            caches: fleetOperator.informers, synced: { fleetOperator.hasSynced },
            leaderServices: fleetOperator.leaderServices, services: [events] + extraServices)
    }
}

/// A failure to start, printed as one line with the flag or file it concerns.
struct StartupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
