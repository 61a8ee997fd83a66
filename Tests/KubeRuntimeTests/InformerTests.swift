import KubeClient
import KubeCore
import KubeRuntime
import KubeSim
import Synchronization
import Testing

@Suite("Informer against KubeSim", .timeLimit(.minutes(1)))
struct InformerTests {
    /// Records the events an informer delivers, as `added a`, `updated b`, `deleted c`.
    final class EventLog: Sendable {
        private let lines = Mutex<[String]>([])

        func record(_ event: InformerEvent<ConfigMap>) {
            let name = event.object.metadata.name ?? "?"
            let line: String
            switch event {
            case .added: line = "added \(name)"
            case .updated: line = "updated \(name)"
            case .deleted: line = "deleted \(name)"
            }
            lines.withLock { $0.append(line) }
        }

        var all: [String] { lines.withLock { $0 } }
        func clear() { lines.withLock { $0.removeAll() } }
    }

    /// Blocks new watches while closed, so a test can change objects while the informer is not watching.
    final class WatchGate: Sendable {
        private let open = Mutex(true)
        func set(open value: Bool) { open.withLock { $0 = value } }
        func wait() async {
            while !open.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(5)) }
        }
    }

    static func withSim(_ body: (KubeSimServer, KubernetesClient) async throws -> Void) async throws {
        let sim = try await KubeSimServer.start(KubeSimConfiguration())
        do {
            try await body(sim, try KubernetesClient(configuration: ClientConfiguration(server: sim.url, qps: 0)))
        } catch {
            await sim.stop()
            throw error
        }
        await sim.stop()
    }

    static func configMap(_ name: String, _ value: String = "1") -> ConfigMap {
        ConfigMap(metadata: ObjectMeta(name: name, namespace: "default"), data: ["v": value])
    }

    static func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<2_000 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return condition()
    }

    @Test("after a 410 the relist delivers only what changed while the watch was down")
    func relistDeliversOnlyDifferences() async throws {
        try await Self.withSim { sim, client in
            for name in ["a", "b", "c"] { _ = try await client.create(Self.configMap(name)) }
            let gate = WatchGate()
            let typed = ListWatch<ConfigMap>.typed(client, namespace: "default")
            let gated = ListWatch<ConfigMap>(resource: typed.resource, namespace: "default", list: typed.list) { options throws(KubeAPIError) in
                await gate.wait()
                return try await typed.watch(options)
            }
            var configuration = InformerConfiguration<ConfigMap>()
            configuration.streamingList = false
            configuration.backoff = Backoff(initial: .milliseconds(5), maximum: .milliseconds(20))
            let informer = Informer(gated, configuration: configuration)
            let log = EventLog()
            informer.addEventHandler(log.record)
            let running = Task { try await informer.run() }
            defer { running.cancel() }
            #expect(await Self.eventually { log.all.count == 3 })
            #expect(Set(log.all) == ["added a", "added b", "added c"])
            log.clear()
            #expect(await Self.eventually { sim.openWatches == 1 })

            gate.set(open: false)
            sim.dropWatches()
            _ = try await client.update(Self.configMap("b", "2").with(resourceVersion: informer.store.get(namespace: "default", name: "b")?.metadata.resourceVersion))
            try await client.delete(ConfigMap.self, name: "c", namespace: "default")
            _ = try await client.create(Self.configMap("d"))
            sim.compact()
            gate.set(open: true)

            #expect(await Self.eventually { log.all.count >= 3 })
            try await Task.sleep(for: .milliseconds(100))
            #expect(Set(log.all) == ["updated b", "deleted c", "added d"])
            #expect(log.all.count == 3, "nothing repeated: \(log.all)")
            #expect(informer.counters.goneRelists == 1, "\(informer.counters)")
            #expect(informer.store.get(namespace: "default", name: "b")?.data == ["v": "2"])
        }
    }

    @Test("a resumed watch misses nothing and repeats nothing")
    func resumedWatchIsExact() async throws {
        try await Self.withSim { sim, client in
            let informer = Informer(ListWatch<ConfigMap>.typed(client, namespace: "default"))
            let log = EventLog()
            informer.addEventHandler(log.record)
            let running = Task { try await informer.run() }
            defer { running.cancel() }
            #expect(await informer.waitUntilSynced())
            for index in 0..<30 {
                _ = try await client.create(Self.configMap("m\(index)"))
                if index % 7 == 0 { sim.dropWatches() }
            }
            #expect(await Self.eventually { log.all.count >= 30 })
            try await Task.sleep(for: .milliseconds(100))
            #expect(log.all == (0..<30).map { "added m\($0)" })
            #expect(informer.counters.watches > 1)
        }
    }

    @Test("falls back to a paged list when the server refuses the streaming list")
    func pagedFallback() async throws {
        try await Self.withSim { _, client in
            for index in 0..<5 { _ = try await client.create(Self.configMap("p\(index)")) }
            let typed = ListWatch<ConfigMap>.typed(client, namespace: "default")
            let pageSizes = Mutex<[Int]>([])
            let refusing = ListWatch<ConfigMap>(
                resource: typed.resource, namespace: "default",
                list: { options throws(KubeAPIError) in
                    pageSizes.withLock { $0.append(options.limit ?? 0) }
                    return try await typed.list(options)
                },
                watch: { options throws(KubeAPIError) in
                    if options.sendInitialEvents == true {
                        throw KubeAPIError(status: Status(message: "sendInitialEvents is forbidden", reason: "Invalid", code: 422))
                    }
                    return try await typed.watch(options)
                })
            var configuration = InformerConfiguration<ConfigMap>()
            configuration.pageSize = 2
            let informer = Informer(refusing, configuration: configuration)
            let running = Task { try await informer.run() }
            defer { running.cancel() }
            #expect(await informer.waitUntilSynced())
            #expect(informer.store.count == 5)
            #expect(pageSizes.withLock { $0 } == [2, 2, 2], "three pages of two")
        }
    }

    @Test("a handler added after sync first gets every cached object, then the changes")
    func lateHandlerGetsTheCache() async throws {
        try await Self.withSim { _, client in
            for name in ["x", "y"] { _ = try await client.create(Self.configMap(name)) }
            let informer = Informer(ListWatch<ConfigMap>.typed(client, namespace: "default"))
            let running = Task { try await informer.run() }
            defer { running.cancel() }
            #expect(await informer.waitUntilSynced())
            let log = EventLog()
            informer.addEventHandler(log.record)
            #expect(Set(log.all) == ["added x", "added y"])
            _ = try await client.create(Self.configMap("z"))
            #expect(await Self.eventually { log.all.count == 3 })
            #expect(log.all.last == "added z")
        }
    }

    @Test("a label-scoped informer caches only matching objects, without managedFields")
    func labelScopeAndTransform() async throws {
        try await Self.withSim { _, client in
            var managed = Self.configMap("managed")
            managed.metadata.labels = ["app.kubernetes.io/managed-by": "aifleet"]
            _ = try await client.apply(managed, options: ApplyOptions(fieldManager: "aifleet", force: true))
            _ = try await client.create(Self.configMap("other"))
            let informer = Informer(
                ListWatch<ConfigMap>.typed(client, namespace: "default"),
                configuration: InformerConfiguration(labelSelector: "app.kubernetes.io/managed-by=aifleet"))
            let running = Task { try await informer.run() }
            defer { running.cancel() }
            #expect(await informer.waitUntilSynced())
            #expect(informer.store.keys == [ObjectKey(namespace: "default", name: "managed")])
            #expect(informer.store.list().first?.metadata.managedFields == nil)
        }
    }
}

extension ConfigMap {
    func with(resourceVersion: String?) -> ConfigMap {
        var copy = self
        copy.metadata.resourceVersion = resourceVersion
        return copy
    }
}
