import CoreMetrics
import KubeClient
import KubeCore
import KubeSim
import Logging
import ServiceLifecycle
import Testing

@testable import KubeRuntime

@Suite("Operator endpoints")
struct EndpointsTests {
    private static let loopback = BindAddress(host: "127.0.0.1", port: 0)

    /// Runs `endpoints` in a service group while `body` runs, then shuts it down gracefully.
    private static func serving(
        _ endpoints: OperatorEndpoints, _ body: (_ get: @escaping (Int, String) async throws -> HTTPResponse) async throws -> Void
    ) async throws {
        let transport = try CurlTransport()
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [endpoints], gracefulShutdownSignals: [], logger: Logger(label: "test")))
        async let run: Void = group.run()
        do {
            try await body { port, path in
                try await transport.execute(HTTPRequest(method: .get, url: "http://127.0.0.1:\(port)\(path)", timeout: .seconds(10)))
            }
        } catch {
            await group.triggerGracefulShutdown()
            try? await run
            throw error
        }
        await group.triggerGracefulShutdown()
        try await run
    }

    private static func text(_ response: HTTPResponse) -> String {
        String(decoding: response.body, as: UTF8.self)
    }

    // MARK: Addresses

    @Test("bind addresses are read as controller-runtime reads its flags")
    func parsesBindAddresses() throws {
        #expect(try BindAddress.parse("0") == nil)
        #expect(try BindAddress.parse("") == nil)
        #expect(try BindAddress.parse(":8080") == BindAddress(host: "0.0.0.0", port: 8080))
        #expect(try BindAddress.parse("127.0.0.1:9090") == BindAddress(host: "127.0.0.1", port: 9090))
        #expect(try BindAddress.parse("localhost:0") == BindAddress(host: "localhost", port: 0))
        #expect(try BindAddress.parse("[::1]:8081") == BindAddress(host: "::1", port: 8081))
        #expect(BindAddress(host: "::1", port: 8081).description == "[::1]:8081")
        for bad in ["8080", "host:", "host:99999", "host:-1", "::1:80", "[::1:80", "host:80a"] {
            #expect(throws: BindAddressError.self, "\(bad)") { try BindAddress.parse(bad) }
        }
    }

    // MARK: Probes

    @Test("readyz answers 500 naming the failing check, then 200 once it passes")
    func readinessFlips() async throws {
        let endpoints = OperatorEndpoints(
            configuration: OperatorEndpointsConfiguration(metricsAddress: nil, healthProbeAddress: Self.loopback),
            registry: PrometheusMetrics.makeFactory().registry)
        let synced = Shared(false)
        endpoints.readiness.add("informers-synced") { synced.get() }
        endpoints.readiness.add("leader-election") { false }
        endpoints.readiness.add("leader-election") { true }
        #expect(endpoints.readiness.names == ["informers-synced", "leader-election"], "a name added twice keeps the later check")
        try await Self.serving(endpoints) { get async throws in
            let port = try #require(try await endpoints.healthProbeListeningPort())
            #expect(try await endpoints.metricsListeningPort() == nil)

            let failing = try await get(port, "/readyz")
            #expect(failing.status == 500)
            #expect(
                Self.text(failing)
                    == "[-]informers-synced failed: reason withheld\n[+]leader-election ok\nreadyz check failed\n")
            #expect(try await get(port, "/readyz/informers-synced").status == 500)
            let excluded = try await get(port, "/readyz?exclude=informers-synced&exclude=missing&verbose")
            #expect(excluded.status == 200)
            #expect(
                Self.text(excluded)
                    == "[+]informers-synced excluded: ok\n[+]leader-election ok\n"
                    + "warn: some health checks cannot be excluded: no matches for \"missing\"\nreadyz check passed\n")

            synced.set(true)
            let passing = try await get(port, "/readyz")
            #expect(passing.status == 200)
            #expect(Self.text(passing) == "ok")
            #expect(passing.header("Content-Type") == "text/plain; charset=utf-8")
            let verbose = try await get(port, "/readyz?verbose")
            #expect(Self.text(verbose) == "[+]informers-synced ok\n[+]leader-election ok\nreadyz check passed\n")
            #expect(try await get(port, "/readyz/informers-synced").status == 200)
            #expect(try await get(port, "/readyz/unknown").status == 404)

            // No liveness checks: healthy.
            let live = try await get(port, "/healthz")
            #expect(live.status == 200 && Self.text(live) == "ok")
            #expect(try await get(port, "/metrics").status == 404, "metrics are served on their own address")
        }
    }

    @Test("metrics serves what the factory recorded and the API requests the client made")
    func metricsServesTheRegistry() async throws {
        let factory = PrometheusMetrics.makeFactory()
        let gauges = ObjectGauges()
        let endpoints = OperatorEndpoints(
            configuration: OperatorEndpointsConfiguration(metricsAddress: Self.loopback, healthProbeAddress: Self.loopback),
            registry: factory.registry, objectGauges: gauges)
        Counter(label: "aifleet_drift_corrections_total", factory: factory).increment(by: 3)
        gauges.set("aifleet_policy_violations", help: "violations", labels: [("name", "b")], to: 2)
        gauges.set("aifleet_policy_violations", help: "violations", labels: [("name", "a")], to: 0)
        try await withKubeSim(observer: MetricsRequestObserver(factory: factory)) { _, client in
            _ = try await client.list(ConfigMap.self, namespace: "default")
            _ = try await client.list(ConfigMap.self, namespace: "default")
            try await Self.serving(endpoints) { get async throws in
                let port = try #require(try await endpoints.metricsListeningPort())
                let probePort = try #require(try await endpoints.healthProbeListeningPort())
                #expect(port != probePort, "port 0 gives each server its own port")
                let response = try await get(port, "/metrics")
                #expect(response.status == 200)
                #expect(response.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
                let lines = Set(Self.text(response).split(separator: "\n").map(String.init))
                #expect(lines.contains("aifleet_drift_corrections_total 3"))
                #expect(lines.contains(#"rest_client_requests_total{code="200",method="GET"} 2"#))
                #expect(Self.text(response).hasSuffix(
                    "# TYPE aifleet_policy_violations gauge\n" + #"aifleet_policy_violations{name="a"} 0.0"# + "\n"
                        + #"aifleet_policy_violations{name="b"} 2.0"# + "\n"),
                    "the per-object gauges follow the registry's metrics, their series in order")
                #expect(try await get(probePort, "/metrics").status == 404)
                #expect(try await get(probePort, "/healthz").status == 200)
            }
        }
    }

    @Test("per-object gauges: a series per label set, replaced, removed, escaped, and a family without series omitted")
    func objectGauges() {
        let gauges = ObjectGauges()
        let labels = [("namespace", "ml"), ("name", #"a "quoted" \ name"# + "\n")]
        gauges.set("cost", help: "Cost\\n of it.\nSecond line.", labels: labels, to: 1.5)
        gauges.set("cost", help: "Cost", labels: labels, to: 2.5)
        gauges.set("cost", help: "Cost", labels: [("namespace", "ml"), ("name", "b")], to: .infinity)
        gauges.set("gone", help: "Gone", labels: [("name", "x")], to: 1)
        gauges.remove("gone", labels: [("name", "x")])
        #expect(gauges.value("cost", labels: labels) == 2.5)
        #expect(gauges.value("gone", labels: [("name", "x")]) == nil)
        var output: [UInt8] = []
        gauges.emit(into: &output)
        #expect(
            String(decoding: output, as: UTF8.self) == """
                # HELP cost Cost\\\\n of it.\\nSecond line.
                # TYPE cost gauge
                cost{namespace="ml",name="a \\"quoted\\" \\\\ name\\n"} 2.5
                cost{namespace="ml",name="b"} +Inf

                """)
    }

    @Test("per-object gauges escape scalar by scalar: a CR LF pair and a quote with a combining mark are escaped too")
    func objectGaugesEscapeScalars() {
        let gauges = ObjectGauges()
        gauges.set("g", help: "h", labels: [("name", "a\r\nb\"\u{301}c")], to: 1)
        var output: [UInt8] = []
        gauges.emit(into: &output)
        #expect(String(decoding: output, as: UTF8.self).hasSuffix("g{name=\"a\r\\nb\\\"\u{301}c\"} 1.0\n"))
    }

    // MARK: Lifecycle

    @Test("with both endpoints turned off the service waits for shutdown and serves nothing")
    func disabledEndpoints() async throws {
        let endpoints = OperatorEndpoints(
            configuration: OperatorEndpointsConfiguration(metricsAddress: nil, healthProbeAddress: nil),
            registry: PrometheusMetrics.makeFactory().registry)
        try await Self.serving(endpoints) { _ async throws in
            #expect(try await endpoints.metricsListeningPort() == nil)
            #expect(try await endpoints.healthProbeListeningPort() == nil)
        }
    }

    @Test("graceful shutdown closes the listener")
    func shutdownClosesTheListener() async throws {
        let endpoints = OperatorEndpoints(
            configuration: OperatorEndpointsConfiguration(metricsAddress: nil, healthProbeAddress: Self.loopback),
            registry: PrometheusMetrics.makeFactory().registry)
        var port = 0
        try await Self.serving(endpoints) { get async throws in
            port = try #require(try await endpoints.healthProbeListeningPort())
            #expect(try await get(port, "/healthz").status == 200)
        }
        let transport = try CurlTransport()
        await #expect(throws: TransportError.self) {
            try await transport.execute(HTTPRequest(method: .get, url: "http://127.0.0.1:\(port)/healthz", timeout: .seconds(5)))
        }
    }

    @Test("an address that cannot be bound fails run and the port query")
    func bindFailure() async throws {
        let first = OperatorEndpoints(
            configuration: OperatorEndpointsConfiguration(metricsAddress: nil, healthProbeAddress: Self.loopback),
            registry: PrometheusMetrics.makeFactory().registry)
        try await Self.serving(first) { _ async throws in
            let taken = try #require(try await first.healthProbeListeningPort())
            let second = OperatorEndpoints(
                configuration: OperatorEndpointsConfiguration(
                    metricsAddress: BindAddress(host: "127.0.0.1", port: taken), healthProbeAddress: nil),
                registry: PrometheusMetrics.makeFactory().registry)
            await #expect(throws: OperatorEndpointsError.self) { try await second.run() }
            await #expect(throws: OperatorEndpointsError.self) { try await second.metricsListeningPort() }
        }
    }
}
