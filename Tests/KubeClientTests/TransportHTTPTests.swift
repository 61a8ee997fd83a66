import KubeClient
import TestSupport
import Testing

@Suite("CurlTransport over plain HTTP/1.1")
struct TransportHTTPTests {
    @Test("sends each method with its headers and body, and returns the response", arguments: [
        HTTPMethod.get, .post, .put, .patch, .delete,
    ])
    func echoesMethodHeadersAndBody(method: HTTPMethod) async throws {
        try await TransportFixtures.withServer { server, transport in
            let body: [UInt8]? = method == .get ? nil : Array(#"{"kind":"Pod"}"#.utf8)
            let response = try await transport.execute(HTTPRequest(
                method: method, url: server.baseURL + "/echo",
                headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("X-Test", "yes")],
                body: body))
            #expect(response.status == 200)
            #expect(response.header("x-echo-method") == method.rawValue)
            #expect(response.header("x-echo-x-test") == "yes")
            #expect(response.header("x-echo-content-type") == "application/json")
            #expect(response.header("x-echo-user-agent") == "aifleet")
            #expect(response.header("x-echo-expect") == nil)
            #expect(response.body == (body ?? []))
            #expect(response.header(CurlTransport.httpVersionHeader) == "1.1")
        }
    }

    @Test("a body without a Content-Type header is not labelled as a form")
    func bodyWithoutContentType() async throws {
        try await TransportFixtures.withServer { server, transport in
            let response = try await transport.execute(
                HTTPRequest(method: .post, url: server.baseURL + "/echo", body: Array("x=1".utf8)))
            #expect(response.header("x-echo-content-type") == nil)
            #expect(response.body == Array("x=1".utf8))
        }
    }

    @Test("a body of several megabytes goes out whole, without waiting for 100 Continue")
    func largeBody() async throws {
        try await TransportFixtures.withServer { server, transport in
            let body = (0..<(4 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let response = try await transport.execute(HTTPRequest(
                method: .put, url: server.baseURL + "/echo",
                headers: [HTTPHeader("Content-Type", "application/octet-stream")], body: body))
            #expect(response.header("x-echo-body-length") == String(body.count))
            #expect(response.body == body)
        }
    }

    @Test("an error status is a response, not a transport error")
    func errorStatusIsAResponse() async throws {
        try await TransportFixtures.withServer { server, transport in
            let response = try await transport.execute(HTTPRequest(method: .get, url: server.baseURL + "/status?code=404"))
            #expect(response.status == 404)
        }
    }

    @Test("sequential requests reuse one keep-alive connection")
    func keepAliveReusesTheConnection() async throws {
        try await TransportFixtures.withServer { server, transport in
            for index in 0..<20 {
                let response = try await transport.execute(HTTPRequest(method: .get, url: server.baseURL + "/small"))
                #expect(String(decoding: response.body, as: UTF8.self) == TestHTTPServer.smallBody)
                #expect(response.header(CurlTransport.newConnectionsHeader) == (index == 0 ? "1" : "0"))
            }
            #expect(server.stats.acceptedConnections == 1)
        }
    }
}
