import ArgumentParser
import Foundation
import KubeCore
import KubeSim

/// `aifleet dev`: KubeSim on 127.0.0.1, for trying aifleet without a cluster.
struct Dev: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run an in-memory Kubernetes API server (KubeSim) on 127.0.0.1.",
        discussion: """
            With --apiserver-only, runs KubeSim alone until interrupted. --faults takes a comma-separated \
            list of name=value items: watch-drop=DURATION, gone=DURATION, conflict=RATE, throttle=RATE, \
            error=RATE, latency=DURATION (durations like 500ms, 5s, 1m; rates in [0, 1]).
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

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        if let faults { _ = try parsedFaults(faults) }
    }

    private func parsedFaults(_ text: String) throws -> FaultSpec {
        do {
            return try FaultSpec(parsing: text)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        guard apiserverOnly else {
            FileHandle.standardError.write(Data("aifleet dev: the embedded operator is not built yet; run with --apiserver-only for the API server alone\n".utf8))
            throw ExitCode(2)
        }
        var configuration = KubeSimConfiguration()
        configuration.port = port
        // HTTPS with a random token by default: kubectl sends a token over TLS only.
        configuration.tls = !insecureHTTP
        configuration.bearerToken = token ?? (insecureHTTP ? nil : KubeSimConfiguration.randomToken())
        if let faults { configuration.faults = try parsedFaults(faults) }
        let server: KubeSimServer
        do {
            server = try await KubeSimServer.start(configuration)
        } catch {
            FileHandle.standardError.write(Data("aifleet dev: \(error)\n".utf8))
            throw ExitCode(1)
        }
        Self.say("KubeSim listening on \(server.url)")
        if let kubeconfigPath {
            do {
                try server.writeKubeconfig(to: kubeconfigPath)
            } catch {
                FileHandle.standardError.write(Data("aifleet dev: cannot write kubeconfig \(kubeconfigPath): \(error.localizedDescription)\n".utf8))
                await server.stop()
                throw ExitCode(1)
            }
            Self.say("export KUBECONFIG=\(kubeconfigPath)")
        }
        await Self.waitForInterrupt()
        await server.stop()
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
