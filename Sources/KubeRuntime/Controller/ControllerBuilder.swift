public import CoreMetrics
import KubeCore
public import Logging

/// Builds a ``Controller`` the way controller-runtime's builder reads:
/// `ControllerBuilder(named: "inferenceservice", for: services).owns(deployments).watches(policies, map: …)`.
///
/// Events on the primary kind enqueue the object's own key; ``owns(_:predicate:)`` enqueues the
/// controlling owner of a child (its ownerReference with `controller: true` of the primary kind);
/// ``watches(_:predicate:map:)`` enqueues whatever keys a mapping function returns. Handlers are
/// registered when ``build(_:)`` is called.
public struct ControllerBuilder<Primary: CacheableObject & Codable> {
    private let name: String
    private let primary: Informer<Primary>
    private var primaryPredicate: Predicate<Primary> = .always
    private var sources: [(RateLimitingQueue<ObjectKey>) -> Void] = []
    private var informers: [any RunnableInformer]
    private var workers = 1
    private var rateLimiter: (any RateLimiter<ObjectKey>)?
    private var metricsFactory: (any MetricsFactory)?
    private var clock: any RuntimeClock = SystemClock()
    private var logger = Logger(label: "aifleet.controller")

    /// A controller named `name` (unique per manager: it labels the metrics) for the objects of `primary`.
    public init(named name: String, for primary: Informer<Primary>) {
        self.name = name
        self.primary = primary
        informers = [primary]
    }

    /// Only primary-object events that pass `predicate` are reconciled (e.g. ``Predicate/generationChanged``).
    public func withEventFilter(_ predicate: Predicate<Primary>) -> Self {
        var copy = self
        copy.primaryPredicate = copy.primaryPredicate.and(predicate)
        return copy
    }

    /// Events on children enqueue their controlling owner, when it is of the primary kind.
    public func owns<Child: CacheableObject & Codable>(
        _ children: Informer<Child>, predicate: Predicate<Child> = .always
    ) -> Self {
        let ownerKind = primary.listWatch.resource.kind
        return watches(children, predicate: predicate) { child in
            guard let owner = child.controllerOwner, owner.kind == ownerKind.kind,
                GroupVersion(apiVersion: owner.apiVersion)?.group == ownerKind.group
            else { return [] }
            return [ObjectKey(namespace: child.objectNamespace, name: owner.name)]
        }
    }

    /// Events on `other` objects enqueue the keys `map` returns for them.
    public func watches<Other: CacheableObject & Codable>(
        _ other: Informer<Other>, predicate: Predicate<Other> = .always,
        map: @escaping @Sendable (Other) -> [ObjectKey]
    ) -> Self {
        var copy = self
        copy.informers.append(other)
        copy.sources.append { (queue: RateLimitingQueue<ObjectKey>) in
            other.addEventHandler { event in
                guard predicate.admits(event) else { return }
                var keys = map(event.object)
                // A change can move an object from one owner to another: wake both.
                if case .updated(let old, _) = event { keys += map(old) }
                for key in keys { queue.add(key) }
            }
        }
        return copy
    }

    /// Reconcile up to `count` keys at once (default 1). Never the same key twice at once.
    public func workers(_ count: Int) -> Self {
        var copy = self
        copy.workers = max(1, count)
        return copy
    }

    /// The retry backoff (default: client-go's controller default, 5 ms..1000 s per key under a
    /// 10/s, burst 100 token bucket).
    public func rateLimiter(_ limiter: any RateLimiter<ObjectKey>) -> Self {
        var copy = self
        copy.rateLimiter = limiter
        return copy
    }

    /// Where the controller's and its queue's metrics go (default: `MetricsSystem.factory`).
    public func metrics(_ factory: any MetricsFactory) -> Self {
        var copy = self
        copy.metricsFactory = factory
        return copy
    }

    /// The clock for delays and durations (a ``ManualClock`` in tests).
    public func clock(_ clock: any RuntimeClock) -> Self {
        var copy = self
        copy.clock = clock
        return copy
    }

    /// Where reconcile failures are logged.
    public func logger(_ logger: Logger) -> Self {
        var copy = self
        copy.logger = logger
        return copy
    }

    /// Registers the event handlers and returns the controller; ``Controller/run()`` starts it.
    public func build(_ reconciler: any Reconciler) -> Controller {
        let factory = metricsFactory ?? MetricsSystem.factory
        let queue = RateLimitingQueue<ObjectKey>(
            configuration: WorkQueueConfiguration(name: name, clock: clock, metrics: .swiftMetrics(factory)),
            rateLimiter: rateLimiter)
        let predicate = primaryPredicate
        primary.addEventHandler { event in
            guard predicate.admits(event), let key = ObjectKey(event.object) else { return }
            queue.add(key)
        }
        for source in sources { source(queue) }
        return Controller(
            name: name, queue: queue, reconciler: reconciler, workers: workers, informers: informers,
            metrics: ControllerMetrics(controller: name, factory: factory), clock: clock, logger: logger)
    }
}
