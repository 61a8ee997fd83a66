import KubeClient
import TestSupport

/// `hack/bench.sh transport`: requests per second of small GETs through ``CurlTransport`` against
/// the local test server, sequential and 64 at a time, over HTTP/1.1 (plain) and HTTP/2 (TLS).
/// Also reports how many connections the server accepted during a concurrent run.
enum TransportBench {
    static let sequentialRequests = 2000
    static let concurrency = 64
    static let concurrentRequests = 12_800

    static func run() async throws {
        let certificates = try TestCertificates.generate()
        let plain = try await TestHTTPServer.start(.plainHTTP1)
        let secure = try await TestHTTPServer.start(.tls(certificates))
        do {
            try await measure(server: plain, name: "http1", tls: TLSOptions())
            try await measure(server: secure, name: "http2", tls: TLSOptions(certificateAuthorityPEM: certificates.caPEM))
        } catch {
            await plain.stop()
            await secure.stop()
            throw error
        }
        await plain.stop()
        await secure.stop()
    }

    /// Prints `transport.NAME_sequential_rps`, `transport.NAME_c64_rps` and
    /// `transport.NAME_c64_connections` (connections accepted during one concurrent run).
    private static func measure(server: TestHTTPServer, name: String, tls: TLSOptions) async throws {
        let transport = try CurlTransport(configuration: CurlTransport.Configuration(tls: tls))
        defer { transport.shutdown() }
        let request = HTTPRequest(method: .get, url: server.baseURL + "/small")

        let sequential = try await medianRate(requests: sequentialRequests) {
            for _ in 0..<sequentialRequests {
                _ = try await transport.execute(request)
            }
        }
        print("transport.\(name)_sequential_rps \(Int(sequential)) req/s")

        var connections: [Int] = []
        let concurrent = try await medianRate(requests: concurrentRequests) {
            let before = server.stats.acceptedConnections
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<concurrency {
                    group.addTask {
                        for _ in 0..<(concurrentRequests / concurrency) {
                            _ = try await transport.execute(request)
                        }
                    }
                }
                try await group.waitForAll()
            }
            connections.append(server.stats.acceptedConnections - before)
        }
        print("transport.\(name)_c64_rps \(Int(concurrent)) req/s")
        // The warm-up run opened the connections; the median run's count shows whether more were needed.
        print("transport.\(name)_c64_connections_opened \(connections.first ?? 0) connections")
    }

    /// Runs `body` once to warm up, then five times; returns the median of `requests / seconds`.
    private static func medianRate(requests: Int, _ body: () async throws -> Void) async throws -> Double {
        try await body()
        var rates: [Double] = []
        for _ in 0..<5 {
            let elapsed = try await ContinuousClock().measure { try await body() }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            rates.append(Double(requests) / seconds)
        }
        return rates.sorted()[rates.count / 2]
    }
}
