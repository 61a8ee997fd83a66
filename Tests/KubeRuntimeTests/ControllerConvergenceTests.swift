import KubeClient
import KubeCore
import KubeRuntime
import KubeSim
import Synchronization
import Testing

/// A controller that keeps, for every ConfigMap labelled `role=source`, a copy labelled
/// `role=copy` that its source owns, run against KubeSim with faults on.
@Suite("Controller convergence under faults", .timeLimit(.minutes(3)))
struct ControllerConvergenceTests {
    static let namespace = "default"

    /// Reconciles one source: applies its copy when the cached copy differs; records any key
    /// reconciled by two workers at once.
    struct CopyReconciler: Reconciler {
        let client: KubernetesClient
        let sources: Store<ConfigMap>
        let copies: Store<ConfigMap>
        let tracker: ConcurrencyTracker

        func reconcile(_ key: ObjectKey) async throws -> ReconcileResult {
            tracker.begin(key)
            defer { tracker.end(key) }
            // Widen the window in which a second worker could take the same key.
            await Task.yield()
            guard let source = sources.get(key), source.metadata.deletionTimestamp == nil,
                let uid = source.metadata.uid
            else { return .done }
            let copyName = key.name + "-copy"
            if copies.get(namespace: key.namespace, name: copyName)?.data == source.data { return .done }
            let copy = ConfigMap(
                metadata: ObjectMeta(
                    name: copyName, namespace: key.namespace, labels: ["role": "copy"],
                    ownerReferences: [
                        OwnerReference(apiVersion: "v1", kind: "ConfigMap", name: key.name, uid: uid, controller: true)
                    ]),
                data: source.data)
            _ = try await client.apply(copy, options: ApplyOptions(fieldManager: "copier", force: true))
            return .done
        }
    }

    @Test("converges with watches dropped, 410s forced and 5% of requests failing; no key on two workers at once")
    func convergesUnderFaults() async throws {
        var faults = FaultSpec()
        faults.watchDropInterval = .milliseconds(700)
        faults.goneInterval = .milliseconds(1100)
        faults.errorRate = 0.05
        var simConfiguration = KubeSimConfiguration()
        simConfiguration.historyCapacity = 50
        // No bookmark may move an informer's version up to the compaction point (see the rounds).
        simConfiguration.bookmarkInterval = .seconds(600)
        let sim = try await KubeSimServer.start(simConfiguration)
        defer { Task { await sim.stop() } }
        var clientConfiguration = ClientConfiguration(server: sim.url, qps: 0)
        clientConfiguration.retry.maxRetries = 0
        let client = try KubernetesClient(configuration: clientConfiguration)
        let writer = try KubernetesClient(configuration: ClientConfiguration(server: sim.url, qps: 0))

        let sourceCount = 40
        for index in 0..<sourceCount {
            _ = try await writer.create(Self.source(index, version: 0))
        }
        sim.faults = faults

        let informers = SharedInformers(client: client)
        let sources = informers.informer(ConfigMap.self, namespace: Self.namespace, labelSelector: "role=source") {
            $0.backoff = Backoff(initial: .milliseconds(20), maximum: .milliseconds(200))
        }
        let copies = informers.informer(ConfigMap.self, namespace: Self.namespace, labelSelector: "role=copy") {
            $0.backoff = Backoff(initial: .milliseconds(20), maximum: .milliseconds(200))
        }
        let tracker = ConcurrencyTracker()
        let reconciler = CopyReconciler(client: client, sources: sources.store, copies: copies.store, tracker: tracker)
        let controller = ControllerBuilder(named: "copier", for: sources)
            .owns(copies)
            .workers(4)
            .rateLimiter(ItemExponentialFailureRateLimiter(baseDelay: .milliseconds(5), maxDelay: .milliseconds(200)))
            .build(reconciler)

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await informers.run() }
            group.addTask { try await controller.run() }

            // Change every source twice and delete a few while the faults go on; between rounds
            // the watches are also dropped and the history compacted, so a resume and a relist
            // after 410 certainly happen however fast the rounds run.
            for round in 1...2 {
                // A 410 whatever the timing: with both watches open, a write neither informer
                // watches moves the version past what they have seen; the watches are dropped and
                // the history compacted through it, so each resumes from an older, compacted version.
                #expect(try await Self.waitUntil(seconds: 10) { sim.openWatches >= 2 })
                try await Self.retrying {
                    _ = try await writer.apply(Self.unwatched(round), options: ApplyOptions(fieldManager: "test", force: true))
                }
                sim.dropWatches()
                sim.compact()
                for index in 0..<sourceCount {
                    try await Self.retrying { _ = try await writer.apply(Self.source(index, version: round), options: ApplyOptions(fieldManager: "test", force: true)) }
                }
            }
            for index in 0..<5 {
                try await Self.retrying { _ = try await writer.delete(ConfigMap.self, name: "source-\(index)", namespace: Self.namespace) }
            }

            let converged = try await Self.waitUntil(seconds: 60) {
                let listed = try await writer.list(ConfigMap.self, namespace: Self.namespace, options: ListOptions(labelSelector: "role=copy"))
                let byName = Dictionary(listed.items.map { ($0.metadata.name ?? "", $0.data ?? [:]) }, uniquingKeysWith: { a, _ in a })
                let expected = Set((5..<sourceCount).map { "source-\($0)-copy" })
                return Set(byName.keys) == expected && byName.values.allSatisfy { $0["version"] == "2" }
            }
            #expect(converged, "every remaining source has an up-to-date copy and deleted sources have none")
            group.cancelAll()
        }
        #expect(tracker.overlaps == 0)
        #expect(tracker.reconciles > 0)
        #expect(sources.counters.goneRelists + copies.counters.goneRelists > 0, "the test forced 410s")
        #expect(sources.counters.watches > 2, "the test dropped watches")
        sim.faults = FaultSpec()
    }

    /// A ConfigMap neither informer's selector matches.
    static func unwatched(_ round: Int) -> ConfigMap {
        ConfigMap(
            metadata: ObjectMeta(name: "unwatched", namespace: namespace, labels: ["role": "other"]), data: ["round": String(round)])
    }

    static func source(_ index: Int, version: Int) -> ConfigMap {
        ConfigMap(
            metadata: ObjectMeta(name: "source-\(index)", namespace: namespace, labels: ["role": "source"]),
            data: ["index": "\(index)", "version": "\(version)"])
    }

    /// The test's own writes go through the same faults; it retries them.
    static func retrying(_ body: () async throws -> Void) async throws {
        for attempt in 1...50 {
            do {
                try await body()
                return
            } catch let error as KubeAPIError where error.isNotFound {
                return
            } catch where attempt < 50 {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    static func waitUntil(seconds: Int, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if (try? await condition()) == true { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}

/// Counts reconciles of a key that began while another reconcile of the same key was running.
final class ConcurrencyTracker: Sendable {
    private struct State {
        var running: Set<ObjectKey> = []
        var overlaps = 0
        var reconciles = 0
    }

    private let state = Mutex(State())

    func begin(_ key: ObjectKey) {
        state.withLock { state in
            state.reconciles += 1
            if !state.running.insert(key).inserted { state.overlaps += 1 }
        }
    }

    func end(_ key: ObjectKey) {
        state.withLock { _ = $0.running.remove(key) }
    }

    var overlaps: Int { state.withLock { $0.overlaps } }
    var reconciles: Int { state.withLock { $0.reconciles } }
}
