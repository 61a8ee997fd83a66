import Hummingbird
import HummingbirdCore
import HummingbirdHTTP2
import HummingbirdTLS
import Logging
import ServiceLifecycle

/// A local HTTP server on 127.0.0.1 and a port the kernel chooses, for transport tests and
/// benchmarks. Plain mode speaks HTTP/1.1; TLS mode offers HTTP/2 and HTTP/1.1 through ALPN and can
/// require a client certificate signed by the test CA. Routes: ``TestServerRoutes``.
public final class TestHTTPServer: Sendable {
    public enum Mode: Sendable {
        /// `http://`, HTTP/1.1.
        case plainHTTP1
        /// `https://` with the server certificate of `certificates`; HTTP/2 or HTTP/1.1 by ALPN.
        case tls(TestCertificates, requireClientCertificate: Bool = false)
    }

    /// The body of `GET /small`.
    public static let smallBody = "hello from the aifleet test server\n"

    /// The port the server listens on.
    public let port: Int
    /// `http://127.0.0.1:PORT` or `https://127.0.0.1:PORT`.
    public let baseURL: String
    public let stats: TestServerStats
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(port: Int, baseURL: String, stats: TestServerStats, group: ServiceGroup, task: Task<Void, any Error>) {
        self.port = port
        self.baseURL = baseURL
        self.stats = stats
        self.group = group
        self.task = task
    }

    /// Starts a server and returns once it listens.
    public static func start(_ mode: Mode = .plainHTTP1) async throws -> TestHTTPServer {
        let stats = TestServerStats()
        let server: HTTPServerBuilder
        let scheme: String
        switch mode {
        case .plainHTTP1:
            server = .http1(configuration: HTTP1Channel.Configuration(additionalChannelHandlers: [SentBodyCounter(stats: stats)]))
            scheme = "http"
        case .tls(let certificates, let requireClientCertificate):
            server = try .http2Upgrade(
                tlsConfiguration: tlsConfiguration(certificates, requireClientCertificate: requireClientCertificate))
            scheme = "https"
        }
        var logger = Logger(label: "aifleet.test-server")
        logger.logLevel = .error
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: TestServerRoutes.router(stats: stats), server: server,
            configuration: ApplicationConfiguration(
                address: .hostname("127.0.0.1", port: 0),
                availableConnectionsDelegate: ConnectionCounter(stats: stats)),
            onServerRunning: { channel in
                if let port = channel.localAddress?.port { portContinuation.yield(port) }
                portContinuation.finish()
            },
            logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            defer { portContinuation.finish() }
            try await group.run()
        }
        for await port in ports {
            return TestHTTPServer(
                port: port, baseURL: "\(scheme)://127.0.0.1:\(port)", stats: stats, group: group, task: task)
        }
        await group.triggerGracefulShutdown()
        _ = await task.result
        throw TestServerError(description: "the test server stopped before it listened")
    }

    /// Stops the server gracefully (its `/delay` and `/slow` handlers end early) and waits until it
    /// has. Cancelling Hummingbird instead can trap in NIO when a connection is being set up.
    public func stop() async {
        stats.markStopping()
        await group.triggerGracefulShutdown()
        _ = await task.result
    }

    private static func tlsConfiguration(
        _ certificates: TestCertificates, requireClientCertificate: Bool
    ) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: certificates.serverCertificatePEM, format: .pem))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: certificates.serverKeyPEM, format: .pem)))
        if requireClientCertificate {
            // Require a client certificate from the test CA; clients have no host name to check.
            configuration.certificateVerification = .noHostnameVerification
            configuration.trustRoots = .certificates([try NIOSSLCertificate(bytes: certificates.caPEM, format: .pem)])
        }
        return configuration
    }
}

/// The test server could not start.
public struct TestServerError: Error, CustomStringConvertible {
    public let description: String
}
