import KubeClient
import TestSupport
import Testing

@Suite("CurlTransport failures, timeouts, cancellation and shutdown")
struct TransportFailureTests {
    @Test("a port nobody listens on fails with connectFailed")
    func connectionRefused() async throws {
        let port = try await TransportFixtures.closedPort()
        let transport = try CurlTransport(configuration: CurlTransport.Configuration(connectTimeout: .seconds(2)))
        defer { transport.shutdown() }
        let error = await TransportFixtures.transportError {
            try await transport.execute(HTTPRequest(method: .get, url: "http://127.0.0.1:\(port)/small"))
        }
        #expect(error?.isConnectFailed == true, "\(String(describing: error))")
    }

    @Test("a response slower than the request timeout fails with timedOut")
    func requestTimeout() async throws {
        try await TransportFixtures.withServer { server, transport in
            let error = await TransportFixtures.transportError {
                try await transport.execute(HTTPRequest(
                    method: .get, url: server.baseURL + "/delay?ms=10000", timeout: .milliseconds(200)))
            }
            #expect(error?.isTimedOut == true, "\(String(describing: error))")
        }
    }

    /// Starts a request the server answers only after 10 s, once its connection is open.
    private func startSlowRequest(
        _ server: TestHTTPServer, _ transport: CurlTransport
    ) async -> Task<HTTPResponse, any Error> {
        let request = Task {
            try await transport.execute(HTTPRequest(method: .get, url: server.baseURL + "/delay?ms=10000"))
        }
        #expect(await server.stats.wait { $0.openConnections == 1 })
        return request
    }

    @Test("cancelling the task of an execute in flight throws cancelled")
    func cancelExecute() async throws {
        try await TransportFixtures.withServer { server, transport in
            let request = await startSlowRequest(server, transport)
            request.cancel()
            await #expect(throws: TransportError.cancelled) { try await request.value }
        }
    }

    @Test("an execute from an already cancelled task throws cancelled")
    func alreadyCancelled() async throws {
        try await TransportFixtures.withServer { server, transport in
            let request = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await transport.execute(HTTPRequest(method: .get, url: server.baseURL + "/small"))
            }
            await #expect(throws: TransportError.cancelled) { try await request.value }
        }
    }

    @Test("shutdown fails requests in flight and every later request with shutDown")
    func shutdown() async throws {
        try await TransportFixtures.withServer { server, transport in
            let inFlight = await startSlowRequest(server, transport)
            transport.shutdown()
            await #expect(throws: TransportError.shutDown) { try await inFlight.value }
            await #expect(throws: TransportError.shutDown) {
                try await transport.execute(HTTPRequest(method: .get, url: server.baseURL + "/small"))
            }
            await #expect(throws: TransportError.shutDown) {
                try await transport.stream(HTTPRequest(method: .get, url: server.baseURL + "/slow"))
            }
        }
    }
}
