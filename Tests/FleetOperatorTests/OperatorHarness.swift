import Fleet
import FleetOperator
import Foundation
import KubeClient
import KubeCore
import KubeRuntime
import KubeSim
import Synchronization
import Testing

/// KubeSim with aifleet's CRDs and the examples' namespaces, a client that counts its writes, and
/// the operator running against it.
final class OperatorHarness: Sendable {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let namespaces = ["ml-serving", "ml-training", "ml-features", "ml-research", "web"]

    let sim: KubeSimServer
    /// The test's own client (its writes are not counted).
    let client: KubernetesClient
    private let operatorTask = Mutex<Task<Void, any Error>?>(nil)
    let writes = WriteCounter()

    private init(sim: KubeSimServer, client: KubernetesClient) {
        self.sim = sim
        self.client = client
    }

    /// Starts KubeSim, installs the CRDs, creates the namespaces; the operator is not started.
    static func start(_ configure: (inout KubeSimConfiguration) -> Void = { _ in }) async throws -> OperatorHarness {
        var configuration = KubeSimConfiguration()
        configuration.simulatedStatusDelay = .milliseconds(50)
        configure(&configuration)
        let sim = try await KubeSimServer.start(configuration)
        for file in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("crds").path).sorted() {
            for crd in try documents("crds/\(file)") { try sim.installCRD(crd) }
        }
        let client = try KubernetesClient(configuration: ClientConfiguration(server: sim.url, qps: 0))
        for namespace in namespaces {
            _ = try await client.create(Namespace(metadata: ObjectMeta(name: namespace)))
        }
        return OperatorHarness(sim: sim, client: client)
    }

    /// Starts an operator with its own client, whose writes are counted.
    @discardableResult
    func startOperator(
        workers: Int = 2, objectGauges: ObjectGauges = ObjectGauges(),
        _ configure: (inout OperatorConfiguration) -> Void = { _ in }
    ) async throws -> FleetOperator {
        var clientConfiguration = ClientConfiguration(server: sim.url, qps: 0)
        clientConfiguration.retry.maxRetries = 3
        let operatorClient = try KubernetesClient(configuration: clientConfiguration, observer: writes)
        var configuration = OperatorConfiguration(workers: workers)
        configuration.objectGauges = objectGauges
        configure(&configuration)
        // Events go through the harness's client, so that `writes` counts only the operator's own.
        let events = EventRecorder(configuration: EventRecorderConfiguration(component: "aifleet"), client: client)
        let fleetOperator = await FleetOperator.make(client: operatorClient, configuration: configuration, events: events)
        operatorTask.withLock {
            $0 = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await events.run() }
                    defer { group.cancelAll() }
                    try await fleetOperator.run()
                }
            }
        }
        return fleetOperator
    }

    /// A harness whose operator runs (`workers` per kind, configured by `configureOperator`) with the
    /// example FleetPolicies created: where the behaviour tests start.
    static func startWithPolicies(
        workers: Int = 2, _ configure: (inout KubeSimConfiguration) -> Void = { _ in },
        configureOperator: (inout OperatorConfiguration) -> Void = { _ in }
    ) async throws -> (OperatorHarness, FleetOperator) {
        let harness = try await start(configure)
        let fleetOperator = try await harness.startOperator(workers: workers, configureOperator)
        for file in OperatorEndToEndTests.policies { try await harness.create(file) }
        return (harness, fleetOperator)
    }

    /// The example TrainingJob, changed by `change`, created; returns its name once its Job exists.
    /// Start KubeSim with a long `simulatedStatusDelay` to keep the Job running.
    func createTrainingJob(_ change: (inout JSONValue) -> Void = { _ in }) async throws -> String {
        var document = try #require(try Self.documents("examples/trainingjob-spot-multiworker.yaml").first)
        change(&document)
        let training = try await client.create(document, resource: TrainingJob.descriptor, namespace: "ml-training")
        let name = try #require(training.objectName)
        let made = await Self.eventually(timeout: .seconds(10)) {
            (try? await client.get(ChildKind.job, name: name, namespace: "ml-training")) != nil
        }
        try #require(made)
        return name
    }

    /// Stops the operator started last (as a crash would: no cleanup).
    func stopOperator() async {
        let task = operatorTask.withLock { task in
            defer { task = nil }
            return task
        }
        task?.cancel()
        _ = await task?.result
    }

    func stop() async {
        await stopOperator()
        await sim.stop()
    }

    static func documents(_ relativePath: String) throws -> [JSONValue] {
        let text = try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
        return try YAML.parseDocuments(text, source: relativePath)
    }

    /// Creates every document of a repository file; returns them as created.
    @discardableResult
    func create(_ relativePath: String) async throws -> [JSONValue] {
        var created: [JSONValue] = []
        for document in try Self.documents(relativePath) {
            let resource = try Self.descriptor(of: document)
            created.append(try await client.create(document, resource: resource, namespace: document.objectNamespace))
        }
        return created
    }

    static func descriptor(of document: JSONValue) throws -> ResourceDescriptor {
        let kind = document["kind"]?.stringValue
        guard let descriptor = FleetResource.descriptors.first(where: { $0.kind.kind == kind }) else {
            throw HarnessError("not an aifleet kind: \(kind ?? "nil")")
        }
        return descriptor
    }

    /// The live objects (of every child kind the operator makes) whose controlling owner has `uid`.
    func children(ownedBy uid: String) async throws -> [JSONValue] {
        var owned: [JSONValue] = []
        for kind in ChildKind.all where kind != ChildKind.scaledObject {
            let list = try await client.list(kind, options: ListOptions(labelSelector: "app.kubernetes.io/managed-by=aifleet"))
            owned += list.items.filter { $0.controllerOwner?.uid == uid }
        }
        return owned
    }

    /// The condition `type` of a custom resource, as the API server has it.
    func condition(_ type: String, of resource: JSONValue) async throws -> JSONValue? {
        let live = try await client.get(try Self.descriptor(of: resource), name: resource.objectName ?? "", namespace: resource.objectNamespace)
        return live[path: "status", "conditions"]?.arrayValue?.first { $0["type"]?.stringValue == type }
    }

    /// Polls `condition` every 50 ms until it holds or `timeout` passes.
    static func eventually(timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if (try? await condition()) == true { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return (try? await condition()) == true
    }
}

/// Counts the write requests (anything but GET) a client sends.
final class WriteCounter: RequestObserver {
    private let counts = Mutex<(writes: Int, reads: Int)>((0, 0))

    func requestFinished(_ record: RequestRecord) {
        counts.withLock { counts in
            if record.method == .get { counts.reads += 1 } else { counts.writes += 1 }
        }
    }

    var writes: Int { counts.withLock { $0.writes } }
    var reads: Int { counts.withLock { $0.reads } }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
