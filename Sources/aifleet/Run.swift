import ArgumentParser
import FleetOperator
import Foundation
import KubeClient
import KubeRuntime
import Logging

/// `aifleet run`: the operator against a real cluster.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the operator against a Kubernetes cluster.",
        discussion: """
            Uses --kubeconfig, else $KUBECONFIG or ~/.kube/config, else the in-cluster service account. \
            Serves /metrics on --metrics-bind-address and /healthz, /readyz on --health-probe-bind-address \
            ("0" turns either off). With --leader-elect only the holder of the Lease reconciles.
            """)

    @Option(name: .long, help: "Path of a kubeconfig file.")
    var kubeconfig: String?

    @Option(name: .long, help: "The kubeconfig context to use.")
    var context: String?

    @Option(name: .long, help: "Watch only this namespace (default: all namespaces).")
    var namespace: String?

    @Option(name: .long, help: "Concurrent reconciles per kind.")
    var workers = 4

    @Option(name: .long, help: "Client-side requests per second to the API server (0 turns the limit off).")
    var qps: Double = 20

    @Option(name: .long, help: "Client-side burst above --qps.")
    var burst = 30

    @Option(name: .customLong("metrics-bind-address"), help: "Where /metrics listens, host:port or :port; 0 turns it off.")
    var metricsBindAddress = ":8080"

    @Option(name: .customLong("health-probe-bind-address"), help: "Where /healthz and /readyz listen; 0 turns them off.")
    var healthProbeBindAddress = ":8081"

    @Flag(name: .customLong("leader-elect"), help: "Reconcile only while holding the leader-election Lease.")
    var leaderElect = false

    @Option(name: .customLong("leader-election-namespace"), help: "Namespace of the Lease (default: $POD_NAMESPACE, else the service account's).")
    var leaderElectionNamespace: String?

    @Option(name: .customLong("leader-election-id"), help: "Name of the Lease.")
    var leaderElectionID = "aifleet-operator"

    func validate() throws {
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1") }
        guard qps >= 0 else { throw ValidationError("--qps must not be negative") }
        guard burst >= 1 else { throw ValidationError("--burst must be at least 1") }
        _ = try Self.bindAddress(metricsBindAddress, flag: "--metrics-bind-address")
        _ = try Self.bindAddress(healthProbeBindAddress, flag: "--health-probe-bind-address")
    }

    func run() async throws {
        var logger = Logger(label: "aifleet")
        logger.logLevel = .info
        do {
            var client = try ClientConfiguration.load(kubeconfig: kubeconfig, context: context)
            client.qps = qps
            client.burst = burst
            var manager = ManagerConfiguration(
                endpoints: OperatorEndpointsConfiguration(
                    metricsAddress: try Self.bindAddress(metricsBindAddress, flag: "--metrics-bind-address"),
                    healthProbeAddress: try Self.bindAddress(healthProbeBindAddress, flag: "--health-probe-bind-address")))
            if leaderElect {
                let environment = ProcessInfo.processInfo.environment
                guard let leaseNamespace = leaderElectionNamespace ?? environment["POD_NAMESPACE"] ?? Self.serviceAccountNamespace()
                else {
                    throw StartupError("--leader-elect needs --leader-election-namespace (or $POD_NAMESPACE, or running in a pod)")
                }
                var election = LeaderElectionConfiguration(leaseName: leaderElectionID, namespace: leaseNamespace)
                if let pod = environment["POD_NAME"], !pod.isEmpty {
                    election.identity = pod + "_" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
                }
                manager.leaderElection = election
            }
            try await OperatorLauncher(
                client: client, operatorConfiguration: OperatorConfiguration(namespace: namespace, workers: workers),
                manager: manager, logger: logger
            ).run()
        } catch let error as ValidationError {
            throw error
        } catch {
            printError("aifleet run: \(error)")
            throw ExitCode(1)
        }
    }

    static func bindAddress(_ text: String, flag: String) throws -> BindAddress? {
        do {
            return try BindAddress.parse(text)
        } catch {
            throw ValidationError("\(flag): \(error)")
        }
    }

    private static func serviceAccountNamespace() -> String? {
        let path = ClientConfiguration.serviceAccountDirectory + "/namespace"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let namespace = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return namespace.isEmpty ? nil : namespace
    }
}
