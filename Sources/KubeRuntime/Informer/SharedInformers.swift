public import KubeClient
public import KubeCore
public import ServiceLifecycle
import Synchronization

/// What ``SharedInformers`` needs of an informer of any type: to run it and to know it synced.
public protocol RunnableInformer: ServiceLifecycle.Service {
    /// Whether the informer's cache has been filled once.
    var hasSynced: Bool { get }
    /// Suspends until the cache has synced; `false` if the task was cancelled first.
    func waitUntilSynced() async -> Bool
}

extension Informer: RunnableInformer {}

/// One informer per kind, scope and label selector per process, shared by every controller that
/// asks for it (client-go's `SharedInformerFactory`): N controllers that read Deployments open one
/// watch, not N.
///
/// ## Expected flow
/// Ask for informers while building controllers, then ``run()`` (the ``Manager`` does both): every
/// informer created so far starts, and one created later starts at once.
public final class SharedInformers: ServiceLifecycle.Service, Sendable {
    private struct State: Sendable {
        var informers: [String: any RunnableInformer] = [:]
    }

    private let client: KubernetesClient
    private let state = Mutex(State())
    private let newInformers: AsyncStream<any RunnableInformer>
    private let newInformersContinuation: AsyncStream<any RunnableInformer>.Continuation

    public init(client: KubernetesClient) {
        self.client = client
        (newInformers, newInformersContinuation) = AsyncStream.makeStream()
    }

    /// The informer of `Object` in `namespace` (all namespaces when nil) restricted to
    /// `labelSelector`, created with `configure` on first use.
    public func informer<Object: KubernetesResource & CacheableObject>(
        _ type: Object.Type, namespace: String? = nil, labelSelector: String? = nil,
        configure: (inout InformerConfiguration<Object>) -> Void = { _ in }
    ) -> Informer<Object> {
        shared(Object.descriptor, namespace: namespace, labelSelector: labelSelector, configure: configure) {
            .typed(client, namespace: namespace)
        }
    }

    /// The dynamic informer of `resource`, for kinds without a Swift model (e.g. KEDA's ScaledObject).
    public func informer(
        _ resource: ResourceDescriptor, namespace: String? = nil, labelSelector: String? = nil,
        configure: (inout InformerConfiguration<JSONValue>) -> Void = { _ in }
    ) -> Informer<JSONValue> {
        shared(resource, namespace: namespace, labelSelector: labelSelector, configure: configure) {
            .dynamic(client, resource: resource, namespace: namespace)
        }
    }

    /// The informer of `resource` caching its objects as compressed compact JSON text (see
    /// ``CompactJSON`` and ``CompactCompression``): for kinds an operator caches many of, such as
    /// the children it makes. `configure` may set another transform, which turns compression off.
    public func compactInformer(
        _ resource: ResourceDescriptor, namespace: String? = nil, labelSelector: String? = nil,
        configure: (inout InformerConfiguration<CompactJSON>) -> Void = { _ in }
    ) -> Informer<CompactJSON> {
        let compressThenConfigure = { (configuration: inout InformerConfiguration<CompactJSON>) in
            configuration.compress()
            configure(&configuration)
        }
        return shared(resource, namespace: namespace, labelSelector: labelSelector, configure: compressThenConfigure) {
            .compact(client, resource: resource, namespace: namespace)
        }
    }

    /// Every informer handed out so far.
    public var all: [any RunnableInformer] {
        state.withLock { Array($0.informers.values) }
    }

    /// Whether every informer handed out so far has synced.
    public var haveSynced: Bool {
        all.allSatisfy(\.hasSynced)
    }

    /// Runs every informer, including those created later, until cancelled or shut down.
    public func run() async throws {
        await withDiscardingTaskGroup { group in
            for await informer in newInformers.cancelOnGracefulShutdown() {
                group.addTask { try? await informer.run() }
            }
            group.cancelAll()
        }
    }

    private func shared<Object: CacheableObject & Codable>(
        _ resource: ResourceDescriptor, namespace: String?, labelSelector: String?,
        configure: (inout InformerConfiguration<Object>) -> Void, listWatch: () -> ListWatch<Object>
    ) -> Informer<Object> {
        let key = [
            String(reflecting: Object.self), resource.kind.group, resource.kind.version, resource.resource.resource,
            namespace ?? "", labelSelector ?? "",
        ].joined(separator: "|")
        return state.withLock { state in
            if let existing = state.informers[key] as? Informer<Object> { return existing }
            var configuration = InformerConfiguration<Object>(labelSelector: labelSelector)
            configure(&configuration)
            let informer = Informer(listWatch(), configuration: configuration)
            state.informers[key] = informer
            newInformersContinuation.yield(informer)
            return informer
        }
    }
}
