import Fleet
public import KubeClient
import KubeCore
public import KubeRuntime
import Logging
public import ServiceLifecycle

/// The aifleet operator: one controller per workload kind (InferenceService, TrainingJob,
/// FeatureStore) and one for FleetPolicy, on shared informers.
///
/// ## Expected flow
/// ``make(client:configuration:events:)`` detects the cluster's capabilities and builds the
/// informers and controllers. Run ``informers`` always (warm caches on a standby replica) and
/// ``leaderServices`` while leading (the ``Manager`` does both); or ``run()`` for both at once
/// without leader election.
///
/// ## Guarantees
/// - Every child is applied with server-side apply (field manager `aifleet`, force) and carries a
///   controlling owner reference; only children whose live copy differs are applied, so an
///   unchanged fleet makes no writes.
/// - A FleetPolicy change re-reconciles every workload; a change in KEDA or Kueue being served
///   re-reconciles the workloads that depend on it.
public final class FleetOperator: Sendable {
    let context: OperatorContext
    /// The controllers, in the order InferenceService, TrainingJob, FeatureStore, FleetPolicy.
    public let controllers: [Controller]
    private let workloadControllers: [String: Controller]

    private init(context: OperatorContext, controllers: [Controller], workloadControllers: [String: Controller]) {
        self.context = context
        self.controllers = controllers
        self.workloadControllers = workloadControllers
    }

    /// Builds the operator: asks discovery what the cluster serves, then creates the informers
    /// (children only those labelled `app.kubernetes.io/managed-by=aifleet`) and the controllers.
    public static func make(
        client: KubernetesClient, configuration: OperatorConfiguration = OperatorConfiguration(),
        events: EventRecorder? = nil
    ) async -> FleetOperator {
        let context = OperatorContext(client: client, configuration: configuration, events: events)
        let capabilities = await context.capabilities.refresh() ?? []
        var childKinds = ChildKind.all.filter { $0 != ChildKind.scaledObject }
        if capabilities.contains(.keda) { childKinds.append(ChildKind.scaledObject) }
        let children = childKinds.map(context.childInformer)
        let policyInformer = context.policies
        var controllers: [Controller] = []
        var workloadControllers: [String: Controller] = [:]
        for descriptor in FleetResource.descriptors where descriptor.namespaced {
            guard let primary = context.primaries[descriptor.kind.kind] else { continue }
            var builder = ControllerBuilder(named: descriptor.kind.kind.lowercased(), for: primary)
                .withEventFilter(compactSpecOrLabelsChanged)
                .workers(configuration.workers)
                .metrics(configuration.metricsFactory)
                .clock(configuration.clock)
                .logger(configuration.logger)
            for child in children { builder = builder.owns(child) }
            builder = builder.watches(policyInformer, predicate: .generationChanged) { _ in primary.store.keys }
            let controller = builder.build(WorkloadReconciler(context: context, descriptor: descriptor))
            controllers.append(controller)
            workloadControllers[descriptor.kind.kind] = controller
        }
        let budgets = [ChildKind.resourceQuota, ChildKind.limitRange].map(context.childInformer)
        var policyBuilder = ControllerBuilder(named: "fleetpolicy", for: policyInformer)
            .withEventFilter(specOrLabelsChanged)
            .metrics(configuration.metricsFactory)
            .clock(configuration.clock)
            .logger(configuration.logger)
        for child in budgets { policyBuilder = policyBuilder.owns(child) }
        controllers.append(
            policyBuilder.build(PolicyReconciler(context: context, refreshInterval: configuration.policyStatusRefreshInterval)))
        return FleetOperator(context: context, controllers: controllers, workloadControllers: workloadControllers)
    }

    /// The shared informers: run them on every replica, so a standby's caches are warm.
    public var informers: SharedInformers { context.informers }

    /// Whether every informer has filled its cache.
    public var hasSynced: Bool { context.informers.haveSynced }

    /// What runs only on the leader: the controllers and the capability re-check.
    public var leaderServices: [any ServiceLifecycle.Service] {
        controllers + [CapabilityWatch(operator: self)]
    }

    /// Runs informers, controllers and the capability re-check until cancelled or shut down.
    public func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await self.informers.run() }
            for service in leaderServices {
                group.addTask { try await service.run() }
            }
        }
    }

    /// Re-checks KEDA and Kueue; on a change, starts watching ScaledObjects if needed and
    /// re-reconciles the workloads whose children depend on them.
    func recheckCapabilities() async {
        guard let capabilities = await context.capabilities.refresh() else { return }
        if capabilities.contains(.keda), let services = workloadControllers[InferenceService.descriptor.kind.kind] {
            let alreadyWatched = context.childInformersCreated.contains {
                $0.listWatch.resource == ChildKind.scaledObject
            }
            if !alreadyWatched {
                let scaledObjects = context.childInformer(ChildKind.scaledObject)
                let owner = InferenceService.descriptor.kind
                scaledObjects.addEventHandler { event in
                    guard let reference = event.object.controllerOwner, reference.kind == owner.kind else { return }
                    services.queue.add(ObjectKey(namespace: event.object.objectNamespace, name: reference.name))
                }
            }
        }
        for kind in [InferenceService.descriptor.kind.kind, TrainingJob.descriptor.kind.kind] {
            guard let controller = workloadControllers[kind], let informer = context.primaries[kind] else { continue }
            for key in informer.store.keys { controller.queue.add(key) }
        }
    }
}

/// Reconcile on spec changes (generation), label changes (cost labels are copied to children)
/// and deletion; never on the operator's own status writes.
let specOrLabelsChanged = Predicate<JSONValue>(update: specOrLabelsDiffer)

/// `specOrLabelsChanged` for the workloads' compact cache: a spec change is seen without parsing;
/// other updates (the operator's own status writes, mostly) parse both copies once.
let compactSpecOrLabelsChanged = Predicate<CompactJSON>(update: { old, new in
    old.objectGeneration != new.objectGeneration || specOrLabelsDiffer(old.value, new.value)
})

private func specOrLabelsDiffer(_ old: JSONValue, _ new: JSONValue) -> Bool {
    old.objectGeneration != new.objectGeneration || old.objectLabels != new.objectLabels
        || new[path: "metadata", "deletionTimestamp"] != nil
}

/// The periodic capability re-check, as a service that runs on the leader.
struct CapabilityWatch: ServiceLifecycle.Service {
    let `operator`: FleetOperator

    func run() async throws {
        let clock = `operator`.context.configuration.clock
        let interval = `operator`.context.configuration.capabilityRecheckInterval
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            // The sleep ends at a graceful shutdown too: only cancellation ended it before, so a
            // SIGINT left the whole process waiting out the manager's shutdown deadline (30 s).
            do {
                try await cancelWhenGracefulShutdown { try await clock.sleep(until: clock.now() + interval) }
            } catch {
                return
            }
            await `operator`.recheckCapabilities()
        }
    }
}
