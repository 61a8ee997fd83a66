import Hummingbird
public import Logging
import NIOCore
public import Prometheus
public import ServiceLifecycle

/// Where the operator's endpoints listen; the defaults are those of a kubebuilder-made operator.
public struct OperatorEndpointsConfiguration: Sendable {
    /// `/metrics`; nil turns it off (`--metrics-bind-address 0`). Default: `:8080`.
    public var metricsAddress: BindAddress?
    /// `/healthz` and `/readyz`; nil turns them off. Default: `:8081`.
    public var healthProbeAddress: BindAddress?

    public init(
        metricsAddress: BindAddress? = BindAddress(host: "0.0.0.0", port: 8080),
        healthProbeAddress: BindAddress? = BindAddress(host: "0.0.0.0", port: 8081)
    ) {
        self.metricsAddress = metricsAddress
        self.healthProbeAddress = healthProbeAddress
    }
}

/// The operator's HTTP endpoints, as controller-runtime serves them: `/metrics` (Prometheus text) on
/// the metrics address, `/healthz` and `/readyz` (and `/healthz/<check>`, `/readyz/<check>`) on the
/// health probe address (two listeners, as in controller-runtime, so that the metrics can stay
/// private while the kubelet reaches the probes).
///
/// Expected flow: make it, add checks to ``liveness`` and ``readiness``, run it as a `Service` in the
/// manager's `ServiceGroup`. On graceful shutdown the servers stop accepting connections and finish
/// the requests in progress.
public final class OperatorEndpoints: ServiceLifecycle.Service, Sendable {
    /// The checks of `/healthz`: is the process working at all (a failure restarts the pod).
    public let liveness = HealthChecks(path: "/healthz")
    /// The checks of `/readyz`: may the pod be counted on (caches synced, leader or standing by).
    public let readiness = HealthChecks(path: "/readyz")
    /// The configuration the endpoints were made with.
    public let configuration: OperatorEndpointsConfiguration
    private let registry: PrometheusCollectorRegistry
    private let objectGauges: ObjectGauges
    private let logger: Logger
    private let metricsPort = PortPromise()
    private let healthProbePort = PortPromise()

    /// - Parameters:
    ///   - registry: what `/metrics` serves, e.g. the registry of the factory made by
    ///     ``PrometheusMetrics/makeFactory(registry:)``...
    ///   - objectGauges: ...and the gauges with a series per object, served after it.
    public init(
        configuration: OperatorEndpointsConfiguration, registry: PrometheusCollectorRegistry,
        objectGauges: ObjectGauges = ObjectGauges(), logger: Logger = Logger(label: "aifleet.endpoints")
    ) {
        self.configuration = configuration
        self.registry = registry
        self.objectGauges = objectGauges
        self.logger = logger
    }

    /// The port `/metrics` listens on, once it does (the chosen one when the configuration asked for
    /// port 0); nil when it is turned off.
    /// - Throws: the error that stopped the server from listening.
    public func metricsListeningPort() async throws -> Int? {
        configuration.metricsAddress == nil ? nil : try await metricsPort.value()
    }

    /// The port `/healthz` and `/readyz` listen on, once they do; nil when they are turned off.
    /// - Throws: the error that stopped the server from listening.
    public func healthProbeListeningPort() async throws -> Int? {
        configuration.healthProbeAddress == nil ? nil : try await healthProbePort.value()
    }

    /// Serves until graceful shutdown or cancellation.
    /// - Throws: when an address cannot be bound.
    public func run() async throws {
        var listeners: [(Listener, BindAddress)] = []
        if let address = configuration.metricsAddress { listeners.append((.metrics, address)) }
        if let address = configuration.healthProbeAddress { listeners.append((.probes, address)) }
        guard !listeners.isEmpty else {
            // Nothing to serve; a Service that returned early would stop the whole group.
            try await gracefulShutdown()
            return
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (listener, address) in listeners {
                group.addTask { try await self.serve(listener, on: address) }
            }
            try await group.waitForAll()
        }
    }

    private enum Listener {
        case metrics, probes
    }

    private func serve(_ listener: Listener, on address: BindAddress) async throws {
        let router = Router()
        let port: PortPromise
        switch listener {
        case .metrics:
            addMetricsRoute(to: router)
            port = metricsPort
        case .probes:
            addProbeRoutes(to: router)
            port = healthProbePort
        }
        let logger = logger
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(address.host, port: address.port), serverName: nil),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? address.port
                logger.info("serving", metadata: ["address": "\(BindAddress(host: address.host, port: bound))"])
                port.fulfil(.success(bound))
            },
            logger: logger)
        do {
            try await app.run()
        } catch {
            let failure = OperatorEndpointsError(address: address, underlying: "\(error)")
            port.fulfil(.failure(failure))
            throw failure
        }
        port.fulfil(.failure(CancellationError()))
    }

    // MARK: Routes

    private func addMetricsRoute(to router: Router<BasicRequestContext>) {
        router.get("/metrics") { [registry, objectGauges] _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            var text = registry.emitToBuffer()
            objectGauges.emit(into: &text)
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
        }
    }

    private func addProbeRoutes(to router: Router<BasicRequestContext>) {
        for checks in [liveness, readiness] {
            router.get(RouterPath(checks.path)) { request, _ -> Response in
                let query = request.uri.queryParameters
                let excluded = Set(query[values: "exclude"].map(String.init))
                return Self.response(await checks.aggregate(excluding: excluded, verbose: query.has("verbose")))
            }
            router.get(RouterPath(checks.path + "/{check}")) { _, context -> Response in
                Self.response(await checks.single(context.parameters.get("check") ?? ""))
            }
        }
    }

    private static func response(_ answer: HealthChecks.Answer) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.xContentTypeOptions] = "nosniff"
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body)))
    }
}

/// An endpoint server that could not listen.
public struct OperatorEndpointsError: Error, Sendable, CustomStringConvertible {
    /// The address it was to listen on.
    public var address: BindAddress
    /// What the server reported.
    public var underlying: String

    public var description: String { "cannot serve on \(address): \(underlying)" }
}
