public import Logging

/// How a ``Manager`` runs its controllers. Every property has a default.
public struct ManagerConfiguration: Sendable {
    /// Leader election on a Lease; nil (the default) runs the controllers at once, for a single replica.
    public var leaderElection: LeaderElectionConfiguration?
    /// Where `/metrics`, `/healthz` and `/readyz` listen. Default: metrics on :8080, probes on :8081.
    public var endpoints: OperatorEndpointsConfiguration
    /// How long a graceful shutdown (SIGTERM, SIGINT) may take before what still runs is cancelled:
    /// in-flight reconciles finish within it, and the Lease is released. Default 30 s, as
    /// controller-runtime's.
    public var gracefulShutdownTimeout: Duration = .seconds(30)
    /// Catch SIGTERM and SIGINT and shut down gracefully. Default true; tests turn it off.
    public var handlesSignals = true
    /// The manager's logger.
    public var logger = Logger(label: "aifleet.manager")

    public init(
        leaderElection: LeaderElectionConfiguration? = nil,
        endpoints: OperatorEndpointsConfiguration = OperatorEndpointsConfiguration()
    ) {
        self.leaderElection = leaderElection
        self.endpoints = endpoints
    }
}
