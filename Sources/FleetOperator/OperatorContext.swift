import Fleet
import KubeClient
import KubeCore
import KubeRuntime
import Logging
import Synchronization

/// What every reconciler of the operator shares: the client, the informers' caches, the policy in
/// force, the cluster's capabilities, the write memory, events and metrics.
final class OperatorContext: Sendable {
    let client: KubernetesClient
    let configuration: OperatorConfiguration
    let informers: SharedInformers
    /// The workloads' informers, by kind. They cache JSON, so that one malformed object cannot stop
    /// the informer of its kind (it is decoded, and reported, when reconciled), and compact JSON
    /// like the children: at 10,000 workloads their `JSONValue` trees took ~40 MiB.
    let primaries: [String: Informer<CompactJSON>]
    let policies: Informer<JSONValue>
    let capabilities: CapabilityDetector
    let memory: WriteMemory
    let reports: ReportMemory
    let events: EventRecorder?
    let metrics: OperatorMetrics
    let logger: Logger
    private let childInformers = Mutex<[GroupVersionResource: Informer<CompactJSON>]>([:])

    /// The label every child carries; child informers cache only these objects.
    static let managedSelector = "\(FleetLabels.managedBy)=\(FleetLabels.managedByValue)"

    init(client: KubernetesClient, configuration: OperatorConfiguration, events: EventRecorder?) {
        self.client = client
        self.configuration = configuration
        self.events = events
        logger = configuration.logger
        informers = SharedInformers(client: client)
        let memory = WriteMemory()
        self.memory = memory
        let reports = ReportMemory()
        self.reports = reports
        var primaries: [String: Informer<CompactJSON>] = [:]
        for descriptor in FleetResource.descriptors where descriptor.namespaced {
            let informer = informers.compactInformer(descriptor, namespace: configuration.namespace)
            informer.addEventHandler { event in
                let key = WriteMemory.Key(
                    descriptor, namespace: event.object.objectNamespace, name: event.object.objectName ?? "", status: true)
                if case .deleted(let gone) = event {
                    memory.forget(key)
                    reports.forgetOwner(
                        ReportMemory.Owner(kind: descriptor.kind.kind, namespace: gone.objectNamespace, name: gone.objectName ?? ""),
                        uid: gone.value[path: "metadata", "uid"]?.stringValue)
                } else {
                    memory.observe(key, resourceVersion: event.object.objectResourceVersion)
                }
            }
            primaries[descriptor.kind.kind] = informer
        }
        self.primaries = primaries
        policies = informers.informer(FleetPolicy.descriptor)
        capabilities = CapabilityDetector(client: client, logger: configuration.logger)
        metrics = OperatorMetrics(factory: configuration.metricsFactory, gauges: configuration.objectGauges)
    }

    /// The policy in force: every cached FleetPolicy merged.
    func effectivePolicy() -> EffectivePolicy {
        let policies = self.policies.store.list().compactMap { try? $0.decode(FleetPolicy.self) }
        return EffectivePolicy(merging: policies)
    }

    /// The informer of a child kind, created (and started) on first use. Children are cached as
    /// compact JSON: with a few per custom resource they are most of the cache, and a `JSONValue`
    /// tree costs several times the text.
    func childInformer(_ descriptor: ResourceDescriptor) -> Informer<CompactJSON> {
        childInformers.withLock { informers in
            if let existing = informers[descriptor.resource] { return existing }
            let informer = self.informers.compactInformer(
                descriptor, namespace: descriptor.namespaced ? configuration.namespace : nil,
                labelSelector: Self.managedSelector)
            informer.addEventHandler { [memory, reports] event in
                let key = WriteMemory.Key(
                    descriptor, namespace: event.object.objectNamespace, name: event.object.objectName ?? "")
                if case .deleted = event {
                    memory.forget(key)
                    reports.forgetChild(key)
                } else {
                    memory.observe(key, resourceVersion: event.object.objectResourceVersion)
                }
            }
            informers[descriptor.resource] = informer
            return informer
        }
    }

    /// The child informers created so far.
    var childInformersCreated: [Informer<CompactJSON>] {
        childInformers.withLock { Array($0.values) }
    }

    /// Emits an event about a custom resource, if an event recorder is configured.
    func record(_ type: EventType, reason: String, message: String, about resource: JSONValue) {
        events?.record(
            type, reason: reason, message: message,
            regarding: ObjectReference(
                kind: resource["kind"]?.stringValue, namespace: resource.objectNamespace, name: resource.objectName,
                uid: resource[path: "metadata", "uid"]?.stringValue, apiVersion: resource["apiVersion"]?.stringValue,
                resourceVersion: resource.objectResourceVersion))
    }
}
