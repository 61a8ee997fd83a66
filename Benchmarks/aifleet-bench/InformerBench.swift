// The `informer` suite: events/s from KubeSim into an informer's cache, bytes of memory per cached
// operator-made Deployment (as compressed compact JSON text, as the operator caches its children; and, to
// compare, uncompressed and as a JSONValue tree), and the time to list and sync 50,000 objects with the streaming list and with
// paged lists.
import Fleet
import Foundation
import KubeClient
import KubeCore
import KubeRuntime
import KubeSim
#if canImport(Glibc)
import Glibc
#endif

enum InformerBench {
    /// Objects listed and synced (`--objects N`; 50,000 by default, the issue's figure).
    static let syncObjects: Int = {
        let arguments = Array(CommandLine.arguments.dropFirst(2))
        guard let flag = arguments.firstIndex(of: "--objects"), flag + 1 < arguments.count else { return 50_000 }
        return Int(arguments[flag + 1]) ?? 50_000
    }()

    static func run() async throws {
        let arguments = Array(CommandLine.arguments.dropFirst(2))
        if let flag = arguments.firstIndex(of: "--measure-memory"), flag + 2 < arguments.count {
            // The child process of bytesPerDeployment: a fresh heap, so that its growth is the cache's.
            let client = try KubernetesClient(configuration: ClientConfiguration(server: arguments[flag + 1], qps: 0))
            let bytes: Double
            switch arguments[flag + 2] {
            case "jsonvalue":
                bytes = try await bytesPerDeployment(Informer(ListWatch<JSONValue>.dynamic(client, resource: Deployment.descriptor, namespace: "bench")))
            case "plain":
                bytes = try await bytesPerDeployment(Informer(deployments(client)))
            default:
                bytes = try await bytesPerDeployment(Informer(deployments(client), configuration: compressed()))
            }
            print("bytes_per_deployment \(bytes)")
            return
        }
        var configuration = KubeSimConfiguration()
        configuration.simulatedStatusDelay = nil
        configuration.historyCapacity = 200_000
        configuration.watchBufferCapacity = 1_000_000
        let sim = try await KubeSimServer.start(configuration)
        defer { Task { await sim.stop() } }
        let client = try KubernetesClient(configuration: ClientConfiguration(server: sim.url, qps: 0))
        for namespace in ["bench", "events"] {
            _ = try await client.create(Namespace(metadata: ObjectMeta(name: namespace)))
        }
        try await createDeployments(syncObjects, client: client)

        for streaming in [true, false] {
            _ = try await syncSeconds(client: client, streaming: streaming)  // warm-up
            let seconds = try await median { try await syncSeconds(client: client, streaming: streaming) }
            report("informer.sync_seconds_\(syncObjects / 1000)k.\(streaming ? "streaming" : "paged")", seconds, "s")
        }
        let (text, stored) = try await textBytesPerDeployment(client: client)
        report("informer.text_bytes_per_deployment", text, "bytes")
        report("informer.text_bytes_per_deployment.compressed", stored, "bytes")
        report("informer.bytes_per_deployment", try await bytesPerDeploymentInFreshProcess(server: sim.url, form: "compact"), "bytes")
        report("informer.bytes_per_deployment.uncompressed", try await bytesPerDeploymentInFreshProcess(server: sim.url, form: "plain"), "bytes")
        report("informer.bytes_per_deployment.jsonvalue", try await bytesPerDeploymentInFreshProcess(server: sim.url, form: "jsonvalue"), "bytes")

        _ = try await eventsPerSecond(client: client, updates: 2_000)  // warm-up
        report("informer.events_per_s", try await median { try await eventsPerSecond(client: client, updates: 20_000) }, "events/s")
    }

    /// Owners of the Deployments: each InferenceService's Deployment names its own owner, and the
    /// owners must exist, or KubeSim's garbage collector removes the Deployments, as
    /// kube-controller-manager would. ConfigMaps stand in for the InferenceServices.
    static let ownerCount = 500

    /// A Deployment as the operator makes it, from the expansion of the `index`th of a fleet of
    /// InferenceServices: each its own name, owner and image digest, its model, version and team
    /// from a few of each, so that the cache holds the variety a real fleet has, not copies.
    static func operatorMadeDeployment(index: Int, owner: OwnerReference) throws -> JSONValue {
        let models = ["ranker", "embedder", "reranker", "classifier", "llm-chat"]
        let teams = ["search", "ads", "feeds", "assistant"]
        let digest = (0..<4).map { _ in String(UInt64.random(in: .min ... .max), radix: 16) }.joined()
        let model = models[index % models.count]
        let service = InferenceService(
            metadata: ObjectMeta(
                name: "\(model)-\(index)", namespace: "bench", uid: owner.uid,
                labels: [
                    "aifleet.dev/team": teams[index % teams.count], "aifleet.dev/cost-center": "cc-\(index % 40)",
                    "aifleet.dev/environment": "production", "aifleet.dev/data-classification": "internal",
                ]),
            spec: InferenceServiceSpec(
                model: ModelReference(name: model, version: "v\(index % 7)"),
                image: "registry.example.com/\(model)@sha256:\(digest)",
                resources: PodResources(cpu: "500m", memory: "1Gi")))
        let children = Expansion.expand(.inferenceService(service), policy: .builtIn, capabilities: [], owner: owner)
        guard let deployment = children.first(where: { $0.descriptor == ChildKind.deployment }) else {
            throw BenchFailure("the expansion made no Deployment")
        }
        return deployment.manifest
    }

    static func createDeployments(_ count: Int, client: KubernetesClient) async throws {
        var made: [OwnerReference] = []
        for index in 0..<ownerCount {
            let owner = try await client.create(ConfigMap(metadata: ObjectMeta(name: "owner-\(index)", namespace: "bench")))
            made.append(
                OwnerReference(
                    apiVersion: "v1", kind: "ConfigMap", name: "owner-\(index)", uid: owner.metadata.uid ?? "",
                    controller: true, blockOwnerDeletion: true))
        }
        let owners = made
        try await withThrowingDiscardingTaskGroup { group in
            for worker in 0..<32 {
                group.addTask {
                    for index in stride(from: worker, to: count, by: 32) {
                        let object = try operatorMadeDeployment(index: index, owner: owners[index % owners.count])
                        _ = try await client.create(object, resource: Deployment.descriptor, namespace: "bench")
                    }
                }
            }
        }
    }

    /// The Deployments as compact JSON text; the operator also compresses it (`compressed()`).
    static func deployments(_ client: KubernetesClient) -> ListWatch<CompactJSON> {
        .compact(client, resource: Deployment.descriptor, namespace: "bench")
    }

    /// The configuration of the operator's child informers (SharedInformers.compactInformer's).
    static func compressed() -> InformerConfiguration<CompactJSON> {
        var configuration = InformerConfiguration<CompactJSON>()
        configuration.compress()
        return configuration
    }

    static func syncSeconds(client: KubernetesClient, streaming: Bool) async throws -> Double {
        var configuration = compressed()
        configuration.streamingList = streaming
        let informer = Informer(deployments(client), configuration: configuration)
        let start = ContinuousClock.now
        let running = Task { try await informer.run() }
        defer { running.cancel() }
        _ = await informer.waitUntilSynced()
        guard informer.store.count == syncObjects else { throw BenchFailure("synced \(informer.store.count) objects") }
        return seconds(ContinuousClock.now - start)
    }

    /// The mean size of a cached Deployment's JSON text, and of the text as the cache keeps it
    /// compressed: the part of the memory figures that is the objects themselves.
    static func textBytesPerDeployment(client: KubernetesClient) async throws -> (text: Double, stored: Double) {
        let informer = Informer(deployments(client), configuration: compressed())
        let running = Task { try await informer.run() }
        defer { running.cancel() }
        _ = await informer.waitUntilSynced()
        let objects = informer.store.list()
        let count = Double(max(1, objects.count))
        return (
            Double(objects.reduce(0) { $0 + $1.text.count }) / count,
            Double(objects.reduce(0) { $0 + $1.storedByteCount }) / count
        )
    }

    /// ``bytesPerDeployment(client:)`` measured by a new process of this binary: in this one, the
    /// allocator hands the memory of the earlier syncs out again and the resident size does not grow.
    static func bytesPerDeploymentInFreshProcess(server: String, form: String) async throws -> Double {
        let child = try await BenchProcess.start(CommandLine.arguments[0], ["informer", "--measure-memory", server, form])
        defer { child.stop() }
        try await child.waitFor("bytes_per_deployment ", seconds: 600)
        try await Task.sleep(for: .milliseconds(100))
        let value = child.printed.components(separatedBy: "bytes_per_deployment ").last?.prefix { !$0.isNewline } ?? ""
        guard let bytes = Double(value) else { throw BenchFailure("the memory probe printed: \(child.printed.suffix(300))") }
        return bytes
    }

    /// Resident memory after `informer` synced the Deployments, less before, per Deployment.
    static func bytesPerDeployment<Object: CacheableObject & Codable>(_ informer: Informer<Object>) async throws -> Double {
        let before = heapInUse()
        let running = Task { try await informer.run() }
        _ = await informer.waitUntilSynced()
        // Let the decode buffers of the last pages go.
        try await Task.sleep(for: .milliseconds(500))
        let after = heapInUse()
        let count = informer.store.count
        running.cancel()
        return Double(after - before) / Double(max(1, count))
    }

    /// Updates ConfigMaps from 16 writers while an informer watches them; events/s reaching the cache.
    static func eventsPerSecond(client: KubernetesClient, updates: Int) async throws -> Double {
        let informer = Informer(ListWatch<ConfigMap>.typed(client, namespace: "events"))
        let running = Task { try await informer.run() }
        defer { running.cancel() }
        _ = await informer.waitUntilSynced()
        let target = informer.counters.events + updates
        let batch = UUID().uuidString.prefix(8).lowercased()
        let start = ContinuousClock.now
        try await withThrowingDiscardingTaskGroup { group in
            for writer in 0..<16 {
                group.addTask {
                    for index in stride(from: writer, to: updates, by: 16) {
                        let map = ConfigMap(metadata: ObjectMeta(name: "e-\(batch)-\(index)", namespace: "events"), data: ["n": "1"])
                        _ = try await client.create(map)
                    }
                }
            }
        }
        while informer.counters.events < target {
            try await Task.sleep(for: .milliseconds(1))
        }
        return Double(updates) / seconds(ContinuousClock.now - start)
    }

    /// The resident size once the allocator has given its free pages back (glibc's `malloc_trim`):
    /// without it, the pages that held each list page and watch event while it was decoded stay
    /// resident and count as cache. Looked up at run time, as the Glibc module does not export it.
    static func heapInUse() -> Int {
        if let symbol = dlsym(dlopen(nil, RTLD_NOW), "malloc_trim") {
            typealias MallocTrim = @convention(c) (Int) -> Int32
            _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        }
        return ProcessMemory.bytes("VmRSS")
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func median(_ body: () async throws -> Double) async throws -> Double {
        var values: [Double] = []
        for _ in 0..<5 { values.append(try await body()) }
        return values.sorted()[2]
    }

    static func report(_ name: String, _ value: Double, _ unit: String) {
        print("\(name) \(String(format: "%.2f", value)) \(unit)")
    }
}
