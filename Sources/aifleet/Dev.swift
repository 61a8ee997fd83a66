import ArgumentParser
import Fleet
import FleetOperator
import Foundation
import KubeClient
import KubeCore
import KubeRuntime
import KubeSim
import Logging

/// `aifleet dev`: KubeSim on 127.0.0.1, for trying aifleet without a cluster.
struct Dev: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Try aifleet without a cluster: KubeSim (an in-memory API server) with the CRDs, and the operator.",
        discussion: """
            Runs KubeSim on 127.0.0.1 with aifleet's CRDs installed and the operator in the same process, \
            and writes a kubeconfig for kubectl. With --apiserver-only, runs KubeSim alone until interrupted. --faults takes a comma-separated \
            list of name=value items: watch-drop=DURATION, gone=DURATION, conflict=RATE, throttle=RATE, \
            error=RATE, latency=DURATION (before a request is handled), response-latency=DURATION (after it is \
            handled, before the response) (durations like 500ms, 5s, 1m; rates in [0, 1]).
            """)

    @Option(name: .long, help: "TCP port on 127.0.0.1 (0 picks a free one).")
    var port = 0

    @Option(name: .customLong("write-kubeconfig"), help: "Write a kubeconfig for kubectl to this path.")
    var kubeconfigPath: String?

    @Option(name: .long, help: "Inject faults, e.g. watch-drop=5s,conflict=0.05,latency=20ms.")
    var faults: String?

    @Option(name: .long, help: "Require this bearer token on every request (default: a random one, with TLS).")
    var token: String?

    @Flag(name: .customLong("insecure-http"), help: "Serve plain HTTP without TLS; no token unless --token is given.")
    var insecureHTTP = false

    @Flag(name: .customLong("apiserver-only"), help: "Run only the API server, without the operator.")
    var apiserverOnly = false

    @Option(name: .customLong("metrics-bind-address"), help: "Where the operator's /metrics listens; 0 (the default) turns it off.")
    var metricsBindAddress = "0"

    @Option(name: .customLong("health-probe-bind-address"), help: "Where /healthz and /readyz listen; 0 (the default) turns them off.")
    var healthProbeBindAddress = "0"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        if let faults { _ = try parsedFaults(faults) }
        _ = try Run.bindAddress(metricsBindAddress, flag: "--metrics-bind-address")
        _ = try Run.bindAddress(healthProbeBindAddress, flag: "--health-probe-bind-address")
    }

    private func parsedFaults(_ text: String) throws -> FaultSpec {
        do {
            return try FaultSpec(parsing: text)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        var configuration = KubeSimConfiguration()
        configuration.port = port
        // HTTPS with a random token by default: kubectl sends a token over TLS only.
        configuration.tls = !insecureHTTP
        configuration.bearerToken = token ?? (insecureHTTP ? nil : KubeSimConfiguration.randomToken())
        if let faults { configuration.faults = try parsedFaults(faults) }
        let server: KubeSimServer
        do {
            server = try await KubeSimServer.start(configuration)
            try Self.installCRDs(into: server)
        } catch {
            printError("aifleet dev: \(error)")
            throw ExitCode(1)
        }
        Self.say("KubeSim listening on \(server.url)")
        let kubeconfig = kubeconfigPath ?? (apiserverOnly ? nil : Self.defaultKubeconfigPath)
        if let kubeconfig {
            do {
                try server.writeKubeconfig(to: kubeconfig)
            } catch {
                printError("aifleet dev: cannot write kubeconfig \(kubeconfig): \(error.localizedDescription)")
                await server.stop()
                throw ExitCode(1)
            }
            Self.say("export KUBECONFIG=\(kubeconfig)")
        }
        if apiserverOnly {
            await Self.waitForInterrupt()
        } else {
            Self.say("the operator is running; try: kubectl apply -f examples/ && kubectl get inferenceservices -A -w")
            do {
                try await runOperator(against: server, token: configuration.bearerToken)
            } catch {
                printError("aifleet dev: \(error)")
                await server.stop()
                throw ExitCode(1)
            }
        }
        await server.stop()
    }

    /// The operator in this process, against `server`, until SIGINT or SIGTERM.
    private func runOperator(against server: KubeSimServer, token: String?) async throws {
        var client = ClientConfiguration(server: server.url, qps: 0)
        if let token { client.credentials = .bearerToken(token) }
        if let authority = server.certificateAuthorityPEM { client.tls.certificateAuthorityPEM = Array(authority.utf8) }
        var logger = Logger(label: "aifleet")
        logger.logLevel = .info
        let manager = ManagerConfiguration(
            endpoints: OperatorEndpointsConfiguration(
                metricsAddress: try Run.bindAddress(metricsBindAddress, flag: "--metrics-bind-address"),
                healthProbeAddress: try Run.bindAddress(healthProbeBindAddress, flag: "--health-probe-bind-address")))
        try await OperatorLauncher(
            client: client, operatorConfiguration: OperatorConfiguration(), manager: manager, logger: logger
        ).run()
    }

    /// aifleet's CRDs, carried by the binary, served at once.
    private static func installCRDs(into server: KubeSimServer) throws {
        for (file, yaml) in CRDManifests.all {
            for document in try YAML.parseDocuments(yaml, source: file) { try server.installCRD(document) }
        }
    }

    private static var defaultKubeconfigPath: String {
        FileManager.default.temporaryDirectory.appendingPathComponent("aifleet-dev.kubeconfig").path
    }

    /// Prints a line at once (stdout may be a pipe, which Foundation's print would buffer).
    private static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Returns on SIGINT or SIGTERM.
    private static func waitForInterrupt() async {
        let (signals, continuation) = AsyncStream<Void>.makeStream()
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { continuation.yield() }
            source.resume()
            sources.append(source)
        }
        for await _ in signals { break }
        sources.forEach { $0.cancel() }
    }
}
