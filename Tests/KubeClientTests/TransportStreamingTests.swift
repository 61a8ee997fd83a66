import KubeClient
import TestSupport
import Testing

@Suite("CurlTransport streaming")
struct TransportStreamingTests {
    @Test("a streamed body arrives in order and the stream finishes with the body")
    func streamsInOrder() async throws {
        try await TransportFixtures.withServer { server, transport in
            let response = try await transport.stream(HTTPRequest(method: .get, url: server.baseURL + "/slow?interval_ms=1&count=20"))
            #expect(response.status == 200)
            var text: [UInt8] = []
            for try await chunk in response.body { text += chunk }
            let expected = (0..<20).map { "tick \($0)\n" }.joined()
            #expect(String(decoding: text, as: UTF8.self) == expected)
        }
    }

    @Test("a consumer that stops reading ends the stream on the server promptly", arguments: [false, true])
    func stoppingReadingClosesTheConnection(overTLS: Bool) async throws {
        let mode: TestHTTPServer.Mode = overTLS ? .tls(try TransportFixtures.certificates()) : .plainHTTP1
        let configuration = try TransportFixtures.trustingTestCA()
        try await TransportFixtures.withServer(mode, configuration: configuration) { server, transport in
            let chunks = try await readThenStop(after: 2, transport.stream(HTTPRequest(method: .get, url: server.baseURL + "/slow?interval_ms=20")))
            #expect(chunks == 2)
            #expect(await server.stats.wait(upTo: .seconds(5)) { $0.slowStreamsEndedByClient == 1 })
            #expect(await server.stats.wait(upTo: .seconds(5)) { $0.openConnections == 0 })
        }
    }

    /// Reads `count` chunks and returns, dropping the response: what a watch consumer does when it stops.
    private func readThenStop(after count: Int, _ response: HTTPStreamingResponse) async throws -> Int {
        var chunks = 0
        for try await _ in response.body {
            chunks += 1
            if chunks == count { break }
        }
        return chunks
    }

    @Test("cancelling the consuming task ends the stream without an error and closes it on the server")
    func cancellingTheConsumer() async throws {
        try await TransportFixtures.withServer { server, transport in
            let response = try await transport.stream(HTTPRequest(method: .get, url: server.baseURL + "/slow?interval_ms=20"))
            let (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)
            let consumer = Task {
                var chunks = 0
                for try await _ in response.body {
                    chunks += 1
                    startedContinuation.yield()
                }
                return chunks
            }
            for await _ in started { break }
            consumer.cancel()
            let chunks = try await consumer.value
            #expect(chunks >= 1)
            #expect(await server.stats.wait(upTo: .seconds(5)) { $0.slowStreamsEndedByClient == 1 })
        }
    }

    @Test("a slow consumer pauses the transfer instead of buffering the whole body")
    func backpressure() async throws {
        let total = 128 << 20
        let configuration = CurlTransport.Configuration(streamBufferBytes: 64 << 10)
        try await TransportFixtures.withServer(configuration: configuration) { server, transport in
            let response = try await transport.stream(HTTPRequest(method: .get, url: server.baseURL + "/big?bytes=\(total)"))
            var iterator = response.body.makeAsyncIterator()
            var received = try await iterator.next()?.count ?? 0
            // Wait until the server can send no more: the transfer is paused and the socket buffers are full.
            #expect(await server.stats.waitForBodyStall(quiet: .milliseconds(300), upTo: .seconds(10)))
            // Unpaused, the whole body would be sent; paused, only what the socket buffers hold (here
            // at most 4 MiB on the server's side and 32 MiB on the client's) and what the client keeps.
            #expect(server.stats.bodyBytesSent < total / 2)
            while let chunk = try await iterator.next() { received += chunk.count }
            #expect(received == total)
        }
    }

    @Test("a stream to a port nobody listens on fails before returning")
    func streamConnectFailure() async throws {
        let port = try await TransportFixtures.closedPort()
        let transport = try CurlTransport()
        defer { transport.shutdown() }
        let error = await TransportFixtures.transportError {
            try await transport.stream(HTTPRequest(method: .get, url: "http://127.0.0.1:\(port)/slow"))
        }
        #expect(error?.isConnectFailed == true)
    }
}
