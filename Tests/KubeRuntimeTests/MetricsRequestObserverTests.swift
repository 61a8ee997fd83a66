import KubeClient
import KubeCore
import KubeSim
import Testing

@testable import KubeRuntime

@Suite("Request metrics")
struct MetricsRequestObserverTests {
    @Test("every request counts under rest_client_requests_total by code and method")
    func countsByCodeAndMethod() async throws {
        let factory = PrometheusMetrics.makeFactory()
        try await withKubeSim(observer: MetricsRequestObserver(factory: factory)) { _, client in
            _ = try await client.create(ConfigMap(metadata: ObjectMeta(name: "settings", namespace: "default")))
            _ = try await client.get(ConfigMap.self, name: "settings", namespace: "default")
            await #expect(throws: KubeAPIError.self) {
                try await client.get(ConfigMap.self, name: "missing", namespace: "default")
            }
            let lines = Set(factory.registry.emitToString().split(separator: "\n").map(String.init))
            #expect(lines.contains(#"rest_client_requests_total{code="201",method="POST"} 1"#))
            #expect(lines.contains(#"rest_client_requests_total{code="200",method="GET"} 1"#))
            #expect(lines.contains(#"rest_client_requests_total{code="404",method="GET"} 1"#))
            #expect(lines.contains(#"rest_client_request_duration_seconds_count{verb="GET"} 2"#))
        }
    }

    @Test("a request without an answer counts with code <error>")
    func countsTransportErrors() async throws {
        let factory = PrometheusMetrics.makeFactory()
        // Port 1 on the loopback: nothing listens, the connection is refused.
        var configuration = ClientConfiguration(server: "http://127.0.0.1:1", qps: 0)
        configuration.retry.maxRetries = 0
        let client = try KubernetesClient(configuration: configuration, observer: MetricsRequestObserver(factory: factory))
        await #expect(throws: KubeAPIError.self) { try await client.get(ConfigMap.self, name: "x", namespace: "default") }
        let text = factory.registry.emitToString()
        #expect(text.contains(#"rest_client_requests_total{code="<error>",method="GET"} 1"#), "\(text)")
    }
}
