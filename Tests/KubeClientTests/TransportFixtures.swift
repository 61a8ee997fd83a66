import KubeClient
import TestSupport
import Testing

/// Shared set-up of the transport tests: one set of generated certificates per test process, and
/// servers and transports that are always stopped.
enum TransportFixtures {
    private static let generated = Result { try TestCertificates.generate() }

    static func certificates() throws -> TestCertificates {
        try generated.get()
    }

    /// Runs `body` with a fresh server and a transport, stopping both afterwards.
    static func withServer<T>(
        _ mode: TestHTTPServer.Mode = .plainHTTP1,
        configuration: CurlTransport.Configuration = CurlTransport.Configuration(reportsTransferInfo: true),
        _ body: (TestHTTPServer, CurlTransport) async throws -> T
    ) async throws -> T {
        let server = try await TestHTTPServer.start(mode)
        let transport: CurlTransport
        do {
            transport = try CurlTransport(configuration: configuration)
        } catch {
            await server.stop()
            throw error
        }
        do {
            let result = try await body(server, transport)
            transport.shutdown()
            await server.stop()
            return result
        } catch {
            transport.shutdown()
            await server.stop()
            throw error
        }
    }

    /// A port on 127.0.0.1 that nothing listens on (a test server's, after it stopped).
    static func closedPort() async throws -> Int {
        let server = try await TestHTTPServer.start()
        await server.stop()
        return server.port
    }

    /// A TLS configuration trusting the test CA.
    static func trustingTestCA(_ change: (inout TLSOptions) -> Void = { _ in }) throws -> CurlTransport.Configuration {
        var tls = TLSOptions(certificateAuthorityPEM: try certificates().caPEM)
        change(&tls)
        return CurlTransport.Configuration(tls: tls, reportsTransferInfo: true)
    }

    /// The error `operation` throws, or nil if it succeeds; any other error is a test failure.
    static func transportError<T>(_ operation: () async throws -> T) async -> TransportError? {
        do {
            _ = try await operation()
            return nil
        } catch let error as TransportError {
            return error
        } catch {
            Issue.record("expected a TransportError, got \(error)")
            return nil
        }
    }
}

extension TransportError {
    /// Whether the error is the `tls` case, whatever its message.
    var isTLS: Bool {
        if case .tls = self { return true }
        return false
    }

    var isTimedOut: Bool {
        if case .timedOut = self { return true }
        return false
    }

    var isConnectFailed: Bool {
        if case .connectFailed = self { return true }
        return false
    }
}
