import KubeClient
import TestSupport
import Testing

@Suite("CurlTransport over TLS")
struct TransportTLSTests {
    @Test("a server certificate from the trusted CA is accepted and HTTP/2 is negotiated")
    func trustedCANegotiatesHTTP2() async throws {
        let mode = TestHTTPServer.Mode.tls(try TransportFixtures.certificates())
        try await TransportFixtures.withServer(mode, configuration: try TransportFixtures.trustingTestCA()) { server, transport in
            let response = try await transport.execute(HTTPRequest(
                method: .post, url: server.baseURL + "/echo",
                headers: [HTTPHeader("Content-Type", "text/plain")], body: Array("over h2".utf8)))
            #expect(response.status == 200)
            #expect(response.body == Array("over h2".utf8))
            #expect(response.header(CurlTransport.httpVersionHeader) == "2")
        }
    }

    @Test("fifty concurrent requests share one HTTP/2 connection")
    func concurrentRequestsMultiplex() async throws {
        let mode = TestHTTPServer.Mode.tls(try TransportFixtures.certificates())
        try await TransportFixtures.withServer(mode, configuration: try TransportFixtures.trustingTestCA()) { server, transport in
            let bodies = try await withThrowingTaskGroup(of: [UInt8].self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        try await transport.execute(HTTPRequest(method: .get, url: server.baseURL + "/small")).body
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(bodies.count == 50)
            #expect(bodies.allSatisfy { String(decoding: $0, as: UTF8.self) == TestHTTPServer.smallBody })
            #expect(server.stats.acceptedConnections == 1)
        }
    }

    // libcurl 7.88 resets every stream whose END_STREAM comes in an empty DATA frame of its own, as
    // SwiftNIO sends it; SwiftNIO answers the 201st reset in 30 s with GOAWAY, failing the request
    // in flight, which the transport then sends again on a new connection.
    @Test("five hundred sequential HTTP/2 requests all succeed, reusing connections across the server's GOAWAY")
    func sequentialRequestsSurviveGOAWAY() async throws {
        let mode = TestHTTPServer.Mode.tls(try TransportFixtures.certificates())
        try await TransportFixtures.withServer(mode, configuration: try TransportFixtures.trustingTestCA()) { server, transport in
            for _ in 0..<500 {
                let response = try await transport.execute(HTTPRequest(method: .get, url: server.baseURL + "/small"))
                #expect(response.status == 200)
                #expect(String(decoding: response.body, as: UTF8.self) == TestHTTPServer.smallBody)
                #expect(response.header(CurlTransport.httpVersionHeader) == "2")
            }
            // A connection per ~200 requests, not one per request.
            #expect(server.stats.acceptedConnections < 10)
        }
    }

    @Test("a server certificate from another CA fails with a TLS error")
    func wrongCAFails() async throws {
        let certificates = try TransportFixtures.certificates()
        let configuration = CurlTransport.Configuration(tls: TLSOptions(certificateAuthorityPEM: certificates.otherCAPEM))
        try await TransportFixtures.withServer(.tls(certificates), configuration: configuration) { server, transport in
            let error = await TransportFixtures.transportError {
                try await transport.execute(HTTPRequest(method: .get, url: server.baseURL + "/small"))
            }
            #expect(error?.isTLS == true, "\(String(describing: error))")
        }
    }

    @Test("insecureSkipVerify accepts a certificate from an untrusted CA")
    func insecureSkipVerify() async throws {
        let certificates = try TransportFixtures.certificates()
        let configuration = CurlTransport.Configuration(
            tls: TLSOptions(certificateAuthorityPEM: certificates.otherCAPEM, insecureSkipVerify: true))
        try await TransportFixtures.withServer(.tls(certificates), configuration: configuration) { server, transport in
            let response = try await transport.execute(HTTPRequest(method: .get, url: server.baseURL + "/small"))
            #expect(String(decoding: response.body, as: UTF8.self) == TestHTTPServer.smallBody)
        }
    }

    @Test("serverName is what the certificate is checked against", arguments: [
        (TestCertificates.alternativeServerName, true), ("unrelated.test", false),
    ])
    func serverName(name: String, accepted: Bool) async throws {
        let configuration = try TransportFixtures.trustingTestCA { $0.serverName = name }
        let mode = TestHTTPServer.Mode.tls(try TransportFixtures.certificates())
        try await TransportFixtures.withServer(mode, configuration: configuration) { server, transport in
            let request = HTTPRequest(method: .get, url: server.baseURL + "/small")
            if accepted {
                let response = try await transport.execute(request)
                #expect(String(decoding: response.body, as: UTF8.self) == TestHTTPServer.smallBody)
            } else {
                let error = await TransportFixtures.transportError { try await transport.execute(request) }
                #expect(error?.isTLS == true, "\(String(describing: error))")
            }
        }
    }

    @Test("a client certificate from the CA is accepted by a server that requires one")
    func clientCertificateAccepted() async throws {
        let certificates = try TransportFixtures.certificates()
        let configuration = try TransportFixtures.trustingTestCA {
            $0.clientCertificatePEM = certificates.clientCertificatePEM
            $0.clientKeyPEM = certificates.clientKeyPEM
        }
        let mode = TestHTTPServer.Mode.tls(certificates, requireClientCertificate: true)
        try await TransportFixtures.withServer(mode, configuration: configuration) { server, transport in
            let response = try await transport.execute(HTTPRequest(method: .get, url: server.baseURL + "/small"))
            #expect(response.status == 200)
        }
    }

    @Test("a server that requires a client certificate refuses a client without one")
    func clientCertificateRequired() async throws {
        let certificates = try TransportFixtures.certificates()
        let mode = TestHTTPServer.Mode.tls(certificates, requireClientCertificate: true)
        try await TransportFixtures.withServer(mode, configuration: try TransportFixtures.trustingTestCA()) { server, transport in
            let error = await TransportFixtures.transportError {
                try await transport.execute(HTTPRequest(method: .get, url: server.baseURL + "/small"))
            }
            // With TLS 1.3 the server refuses after the client considers the handshake done. If the
            // server has closed the connection before libcurl looks at the socket again, its alert
            // is never read and the failure is the closed connection (seen under load: "getpeername()
            // failed with errno 107: Transport endpoint is not connected").
            let closedFirst = error.map { "\($0)".contains("errno 107") || "\($0)".contains("Connection reset") } ?? false
            #expect(error?.isTLS == true || closedFirst, "\(String(describing: error))")
        }
    }
}
