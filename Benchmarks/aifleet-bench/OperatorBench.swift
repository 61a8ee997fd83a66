// The `operator` suite: `hack/bench.sh operator [--crs N]`. KubeSim (`aifleet dev --apiserver-only`)
// in one process, the operator (`aifleet run`, client rate limit off) in another; this process
// creates N InferenceServices and watches them converge.
import Foundation
import KubeClient
import KubeCore

enum OperatorBench {
    static let namespace = "bench"

    static func run() async throws {
        let arguments = Array(CommandLine.arguments.dropFirst(2))
        var count = 2_000
        if let flag = arguments.firstIndex(of: "--crs"), flag + 1 < arguments.count, let value = Int(arguments[flag + 1]) {
            count = value
        }
        let kubeconfig = FileManager.default.temporaryDirectory.appendingPathComponent("aifleet-bench-\(getpid()).kubeconfig").path
        let apiServer = try await BenchProcess.aifleet(["dev", "--apiserver-only", "--write-kubeconfig", kubeconfig])
        defer { apiServer.stop() }
        try await apiServer.waitFor("export KUBECONFIG", seconds: 30)
        let metricsPort = Int.random(in: 20_000...40_000)
        let operatorProcess = try await BenchProcess.aifleet([
            "run", "--kubeconfig", kubeconfig, "--qps", "0", "--workers", "8",
            "--metrics-bind-address", "127.0.0.1:\(metricsPort)", "--health-probe-bind-address", "0",
        ])
        defer { operatorProcess.stop() }

        let configuration = try ClientConfiguration.load(kubeconfig: kubeconfig)
        var unlimited = configuration
        unlimited.qps = 0
        let client = try KubernetesClient(configuration: unlimited)
        _ = try await client.create(Namespace(metadata: ObjectMeta(name: namespace)))
        try await waitForMetrics(port: metricsPort)

        let start = ContinuousClock.now
        let crs = count
        try await withThrowingDiscardingTaskGroup { group in
            for worker in 0..<16 {
                group.addTask {
                    for index in stride(from: worker, to: crs, by: 16) {
                        try await create(service(index), client: client)
                    }
                }
            }
        }
        try await waitUntilReady(count, client: client, since: start)
        let converge = ContinuousClock.now - start
        let seconds = Double(converge.components.seconds) + Double(converge.components.attoseconds) / 1e18
        let seen = try await requestCounts(port: metricsPort)
        // Changes are watched from a resourceVersion read before the baseline (the settled counts),
        // so that every write counted after it shows (KubeSim's resourceVersions, like etcd's, span
        // all resources).
        let before = try await client.list(inferenceServices, namespace: namespace, options: ListOptions(limit: 1))
        let converged = try await settledRequestCounts(port: metricsPort, from: seen)
        let changes = try await ChangeReport.start(
            client: client, resources: watchedResources, namespace: namespace, from: before.metadata.resourceVersion)
        report("operator.converge_seconds", seconds, "s")
        report("operator.converged_crs_per_s", Double(count) / seconds, "crs/s")
        // Which process the convergence was bound by: the two shared the machine's cores with this one.
        report("operator.apiserver_cpu_seconds", apiServer.cpuSeconds, "s")
        report("operator.operator_cpu_seconds", operatorProcess.cpuSeconds, "s")
        report("operator.reads_per_cr", Double(converged.reads) / Double(count), "requests")
        report("operator.writes_per_cr", Double(converged.writes) / Double(count), "requests")
        try await Task.sleep(for: .seconds(60))
        let steady = try await requestCounts(port: metricsPort)
        // A write counted just now may still be on its way to the watches.
        try await Task.sleep(for: .seconds(1))
        await changes.stop()
        report("operator.steady_state_writes", Double(steady.writes - converged.writes), "requests")
        // Which writes, when there are any: on standard error, so the figures stay one a line.
        for (series, value) in steady.writes(bySeries: converged) {
            FileHandle.standardError.write(Data("steady-state write: \(series) +\(value)\n".utf8))
        }
        report("operator.peak_rss_mib", Double(operatorProcess.peakResidentBytes) / 1_048_576, "MiB")
    }

    /// What the operator writes, watched during the steady state (which should see no change).
    static let watchedResources = [
        inferenceServices, Deployment.descriptor, Service.descriptor, HorizontalPodAutoscaler.descriptor,
        NetworkPolicy.descriptor, Event.descriptor,
    ]

    static let inferenceServices = ResourceDescriptor(
        kind: GroupVersionKind(group: "aifleet.dev", version: "v1alpha1", kind: "InferenceService"),
        plural: "inferenceservices", namespaced: true)

    /// A CPU service with an HPA: a Deployment, a Service, an autoscaler and a NetworkPolicy.
    static func service(_ index: Int) -> JSONValue {
        [
            "apiVersion": "aifleet.dev/v1alpha1", "kind": "InferenceService",
            "metadata": [
                "name": .string("svc-\(index)"), "namespace": .string(namespace),
                "labels": [
                    "aifleet.dev/team": .string("team-\(index % 20)"), "aifleet.dev/cost-center": "cc-1",
                    "aifleet.dev/environment": "dev", "aifleet.dev/data-classification": "internal",
                ],
            ],
            "spec": [
                "model": ["name": "ranker", "version": "v3"],
                "image": "registry.example.com/ranker@sha256:1111111111111111111111111111111111111111111111111111111111111111",
                "resources": ["cpu": "500m", "memory": "1Gi"],
                "minReplicas": 1, "maxReplicas": 3, "scaleToZero": ["enabled": false],
            ],
        ]
    }

    /// Creates `object`, again after a transport failure: KubeSim's HTTP/2 server (SwiftNIO) ends a
    /// connection with GOAWAY after 200 RST_STREAM frames in 30 s, which libcurl sends after every
    /// stream, and the client re-sends only idempotent requests on its own. An AlreadyExists means an
    /// earlier attempt had gone through.
    static func create(_ object: JSONValue, client: KubernetesClient) async throws {
        for attempt in 1...5 {
            do {
                _ = try await client.create(object, resource: inferenceServices, namespace: namespace)
                return
            } catch {
                if error.isAlreadyExists { return }
                guard case .transport = error, attempt < 5 else { throw error }
            }
        }
    }

    /// Returns once `count` InferenceServices are Ready, following them with a watch: polling with
    /// lists made KubeSim serialize every CR several times a second, load the operator does not cause.
    static func waitUntilReady(_ count: Int, client: KubernetesClient, since start: ContinuousClock.Instant) async throws {
        var ready: Set<String> = []
        func check() throws {
            if ContinuousClock.now - start > .seconds(1_800) { throw BenchFailure("only \(ready.count)/\(count) Ready after 30 minutes") }
        }
        while true {
            // A list to start from, and again whenever the watch ends (a timeout, a 410).
            let list = try await client.list(inferenceServices, namespace: namespace)
            ready = Set(list.items.filter(isReady).compactMap { $0[path: "metadata", "name"]?.stringValue })
            if ready.count >= count { return }
            let events = try await client.watch(
                inferenceServices, namespace: namespace, options: WatchOptions(resourceVersion: list.metadata.resourceVersion))
            for try await event in events {
                switch event {
                case .added(let object), .modified(let object):
                    guard let name = object[path: "metadata", "name"]?.stringValue else { continue }
                    if isReady(object) { ready.insert(name) } else { ready.remove(name) }
                case .deleted(let object):
                    if let name = object[path: "metadata", "name"]?.stringValue { ready.remove(name) }
                case .bookmark, .error:
                    break
                }
                if ready.count >= count { return }
                try check()
            }
            try check()
        }
    }

    static func isReady(_ object: JSONValue) -> Bool {
        object[path: "status", "conditions"]?.arrayValue?.contains {
            $0["type"]?.stringValue == "Ready" && $0["status"]?.stringValue == "True"
        } ?? false
    }

    /// The operator's requests so far, from its `rest_client_requests_total`: reads (GET) in all, and
    /// writes by series (method and code).
    struct RequestCounts: Equatable {
        var reads = 0
        var writeSeries: [String: Int] = [:]

        var writes: Int { writeSeries.values.reduce(0, +) }

        /// The write series that grew since `earlier`, with how much, by series.
        func writes(bySeries earlier: RequestCounts) -> [(String, Int)] {
            writeSeries.sorted { $0.key < $1.key }.compactMap { series, value in
                let grown = value - (earlier.writeSeries[series] ?? 0)
                return grown == 0 ? nil : (series, grown)
            }
        }
    }

    /// The request counts from `first` on, once two readings 250 ms apart agree (for at most 10 s).
    /// The write that made the last CR Ready can reach this process's watch before the operator has
    /// counted its response: counts read at once then miss one or two of the convergence's writes,
    /// which used to show as steady-state writes. Writes counted while settling are printed on
    /// standard error.
    static func settledRequestCounts(port: Int, from first: RequestCounts) async throws -> RequestCounts {
        var counts = first
        var settled = false
        for _ in 0..<40 where !settled {
            try await Task.sleep(for: .milliseconds(250))
            let again = try await requestCounts(port: port)
            settled = again == counts
            counts = again
        }
        if !settled {
            FileHandle.standardError.write(Data("the operator's request counts did not settle within 10 s\n".utf8))
        }
        if counts.writes != first.writes {
            FileHandle.standardError.write(Data("writes counted after convergence was seen: \(counts.writes - first.writes)\n".utf8))
        }
        return counts
    }

    static func requestCounts(port: Int) async throws -> RequestCounts {
        let text = try await metricsText(port: port)
        var counts = RequestCounts()
        for line in text.split(separator: "\n") where line.hasPrefix("rest_client_requests_total{") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]),
                let total = Int(exactly: value)
            else { continue }
            if line.contains("method=\"GET\"") { counts.reads += total } else { counts.writeSeries[String(line[..<space])] = total }
        }
        return counts
    }

    static let transport: CurlTransport? = try? CurlTransport()

    static func metricsText(port: Int) async throws -> String {
        guard let transport else { throw BenchFailure("libcurl could not start") }
        let response = try await transport.execute(
            HTTPRequest(method: .get, url: "http://127.0.0.1:\(port)/metrics", timeout: .seconds(10)))
        guard response.status == 200 else { throw BenchFailure("/metrics answered \(response.status)") }
        return String(decoding: response.body, as: UTF8.self)
    }

    static func waitForMetrics(port: Int) async throws {
        for _ in 0..<600 {
            if (try? await metricsText(port: port)) != nil { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchFailure("the operator's /metrics never answered on port \(port)")
    }

    static func report(_ name: String, _ value: Double, _ unit: String) {
        print("\(name) \(String(format: "%.2f", value)) \(unit)")
    }
}
