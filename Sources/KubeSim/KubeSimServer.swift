public import KubeCore
import Hummingbird
import HummingbirdCore
import HummingbirdHTTP2
import HummingbirdTLS
import Logging
import NIOCore
import ServiceLifecycle

/// An in-memory Kubernetes API server on 127.0.0.1 that real clients (kubectl, client-go, KubeClient)
/// use unchanged.
///
/// Expected flow: `let server = try await KubeSimServer.start(configuration)`, point a client at
/// `server.url` (or `server.kubeconfig()`), then `await server.stop()`.
///
/// Guarantees: one resourceVersion counter across all resources; watches resume exactly from any
/// version within the retained history; every controller write (status, garbage collection) goes
/// through the same path as a client's.
public final class KubeSimServer: Sendable {
    let cluster: Cluster
    /// The port the server listens on (the one picked when the configuration asked for 0).
    public let port: Int
    /// With `KubeSimConfiguration.tls`, the PEM certificate of the authority that signed the serving
    /// certificate (clients trust it); nil for plain HTTP.
    public let certificateAuthorityPEM: String?
    private let task: Task<Void, Never>
    /// Runs the HTTP server, so that ``stop()`` can shut it down gracefully.
    private let services: ServiceGroup

    private init(
        cluster: Cluster, port: Int, certificateAuthorityPEM: String?, task: Task<Void, Never>, services: ServiceGroup
    ) {
        self.cluster = cluster
        self.port = port
        self.certificateAuthorityPEM = certificateAuthorityPEM
        self.task = task
        self.services = services
    }

    /// `http://127.0.0.1:PORT`, or `https://127.0.0.1:PORT` with TLS.
    public var url: String { "\(certificateAuthorityPEM == nil ? "http" : "https")://127.0.0.1:\(port)" }

    /// Starts a server and returns once it accepts connections.
    /// - Throws: `KubeSimError` when the port cannot be bound or a configured CRD is invalid.
    public static func start(_ configuration: KubeSimConfiguration = KubeSimConfiguration()) async throws -> KubeSimServer {
        let cluster = Cluster(configuration: configuration)
        for crd in configuration.customResourceDefinitions {
            do {
                try cluster.install(crd)
            } catch {
                throw KubeSimError("cannot install CRD \(crd[path: "metadata", "name"]?.stringValue ?? "?"): \(error)")
            }
        }
        var logger = Logger(label: "kubesim")
        logger.logLevel = .warning
        let (server, certificates) = try httpServer(tls: configuration.tls)
        let (outcomes, reporter) = AsyncStream<Result<Int, KubeSimError>>.makeStream()
        let app = Application(
            responder: KubeSimResponder(cluster: cluster),
            server: server,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: configuration.port), serverName: nil),
            onServerRunning: { channel in reporter.yield(.success(channel.localAddress?.port ?? 0)) },
            logger: logger)
        let services = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            await withTaskGroup(of: Void.self) { group in
                // The controllers run while the server does.
                group.addTask { await cluster.runControllers() }
                do {
                    try await services.run()
                } catch {
                    reporter.yield(.failure(KubeSimError("cannot listen on 127.0.0.1:\(configuration.port): \(error)")))
                }
                reporter.finish()
                cluster.controllers.finish()
                group.cancelAll()
            }
        }
        var port = 0
        for await outcome in outcomes {
            switch outcome {
            case .success(let reported): port = reported
            case .failure(let error):
                task.cancel()
                throw error
            }
            break
        }
        guard port > 0 else {
            task.cancel()
            throw KubeSimError("cannot listen on 127.0.0.1:\(configuration.port): the server did not start")
        }
        return KubeSimServer(
            cluster: cluster, port: port, certificateAuthorityPEM: certificates?.authorityPEM, task: task, services: services)
    }

    /// Plain HTTP/1.1, or TLS offering HTTP/2 and HTTP/1.1 with freshly generated certificates.
    private static func httpServer(tls: Bool) throws -> (HTTPServerBuilder, ServingCertificates?) {
        guard tls else { return (.http1(), nil) }
        do {
            let certificates = try ServingCertificates.generate()
            let configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(certificates.serverCertificatePEM.utf8), format: .pem))],
                privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(certificates.serverKeyPEM.utf8), format: .pem)))
            return (try .http2Upgrade(tlsConfiguration: configuration), certificates)
        } catch {
            throw KubeSimError("cannot set up TLS: \(error)")
        }
    }

    /// Closes every watch and stops serving; returns when the server is down.
    ///
    /// The server shuts down gracefully (it stops accepting, finishes the requests in flight and
    /// closes its connections) rather than by cancellation: cancelling it while a connection is
    /// accepted but not yet served trips a precondition in SwiftNIO (apple/swift-nio#3481) and
    /// crashes the process. A server still running after `stopDeadline` is cancelled.
    public func stop() async {
        cluster.store.closeAllWatches()
        cluster.controllers.finish()
        await services.triggerGracefulShutdown()
        let task = self.task
        let deadline = Task {
            try await Task.sleep(for: Self.stopDeadline)
            task.cancel()
        }
        await task.value
        deadline.cancel()
    }

    /// How long ``stop()`` waits for in-flight requests (e.g. ones slowed by injected latency).
    static let stopDeadline = Duration.seconds(5)

    // MARK: Test controls

    /// Creates or replaces a CustomResourceDefinition (a JSON object); its resource is served on return.
    public func installCRD(_ crd: JSONValue) throws(APIError) {
        try cluster.install(crd)
    }

    /// The faults being injected; setting it takes effect for the next request.
    public var faults: FaultSpec {
        get { cluster.faults.current }
        set { cluster.faults.current = newValue }
    }

    /// Compacts all history now, as etcd does: watches and exact lists from any earlier version get 410.
    public func compact() {
        cluster.store.compact(through: cluster.store.currentResourceVersion)
    }

    /// Closes every open watch now (clients see their stream end and must watch again).
    public func dropWatches() {
        cluster.store.closeAllWatches()
    }

    /// The current resourceVersion of the whole store.
    public var resourceVersion: UInt64 { cluster.store.currentResourceVersion }

    /// Number of watches open now.
    public var openWatches: Int { cluster.store.openWatchCount }
}

/// A KubeSim server that could not start.
public struct KubeSimError: Error, Sendable, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
