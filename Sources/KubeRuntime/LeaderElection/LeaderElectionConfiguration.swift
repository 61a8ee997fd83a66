public import CoreMetrics

/// How a ``LeaderElector`` campaigns for and holds its Lease; the defaults are client-go's and
/// controller-runtime's.
///
/// The three durations must satisfy `leaseDuration > renewDeadline > retryPeriod × 1.2`
/// (client-go's `NewLeaderElector` checks the same): the leader gives up before a standby may take
/// the lease, and a renewal round has room for more than one try.
public struct LeaderElectionConfiguration: Sendable {
    /// The name of the coordination.k8s.io/v1 Lease that is the lock.
    public var leaseName: String
    /// The namespace of the Lease.
    public var namespace: String
    /// Who this candidate is, written as the Lease's `holderIdentity`; unique per process.
    /// Default: the host name, `_` and a random suffix (controller-runtime uses host name + UUID).
    public var identity: String
    /// How long a standby waits, after it last saw the Lease change, before it takes the Lease.
    /// Default: 15 s.
    public var leaseDuration: Duration
    /// How long the leader keeps trying to renew before it steps down. Default: 10 s.
    public var renewDeadline: Duration
    /// How often the leader renews and a standby retries. Default: 2 s.
    public var retryPeriod: Duration
    /// Whether the leader clears the Lease when it stops leading of its own accord (its task was
    /// cancelled or its work ended), so a standby takes over at once instead of after
    /// `leaseDuration`. Default: true.
    public var releaseOnCancel: Bool
    /// The time source of every decision (expiry, renew deadline, retries). Default: ``SystemClock``.
    public var clock: any RuntimeClock
    /// Where the `leader_election_master_status{name}` gauge goes; nil records nothing. Default: nil.
    public var metricsFactory: (any MetricsFactory)?

    /// client-go's `JitterFactor`: a standby waits between 1 and 2.2 retry periods between tries, so
    /// that candidates started together do not keep colliding.
    static let jitterFactor = 1.2

    public init(
        leaseName: String, namespace: String, identity: String = LeaderElectionConfiguration.defaultIdentity(),
        leaseDuration: Duration = .seconds(15), renewDeadline: Duration = .seconds(10),
        retryPeriod: Duration = .seconds(2), releaseOnCancel: Bool = true, clock: any RuntimeClock = SystemClock(),
        metricsFactory: (any MetricsFactory)? = nil
    ) {
        self.leaseName = leaseName
        self.namespace = namespace
        self.identity = identity
        self.leaseDuration = leaseDuration
        self.renewDeadline = renewDeadline
        self.retryPeriod = retryPeriod
        self.releaseOnCancel = releaseOnCancel
        self.clock = clock
        self.metricsFactory = metricsFactory
    }

    /// `HOSTNAME_SUFFIX`, with a random hexadecimal suffix so that two processes on one host (or two
    /// pods that reuse a name) never share an identity.
    public static func defaultIdentity() -> String {
        HostName.current() + "_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
    }

    /// Checks the names and the order of the durations.
    /// - Throws: ``LeaderElectionError/invalidConfiguration(_:)`` naming the first broken rule.
    public func validate() throws(LeaderElectionError) {
        func fail(_ message: String) -> LeaderElectionError { .invalidConfiguration(message) }
        if leaseName.isEmpty { throw fail("leaseName is empty") }
        if namespace.isEmpty { throw fail("namespace is empty") }
        if identity.isEmpty { throw fail("identity is empty") }
        for (name, value) in [("leaseDuration", leaseDuration), ("renewDeadline", renewDeadline), ("retryPeriod", retryPeriod)]
        where value <= .zero {
            throw fail("\(name) must be greater than zero, got \(value)")
        }
        if leaseDuration <= renewDeadline {
            throw fail("leaseDuration (\(leaseDuration)) must be greater than renewDeadline (\(renewDeadline))")
        }
        if renewDeadline <= retryPeriod * Self.jitterFactor {
            throw fail(
                "renewDeadline (\(renewDeadline)) must be greater than retryPeriod × \(Self.jitterFactor) "
                    + "(\(retryPeriod * Self.jitterFactor))")
        }
    }

    /// `leaseDuration` in whole seconds for the Lease's `leaseDurationSeconds`, rounded up so that a
    /// standby never waits less than this candidate assumes.
    var leaseDurationSeconds: Int32 {
        let (seconds, attoseconds) = leaseDuration.components
        return Int32(clamping: seconds + (attoseconds > 0 ? 1 : 0))
    }
}

/// A failure of leader election.
public enum LeaderElectionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configuration breaks a rule of ``LeaderElectionConfiguration/validate()``.
    case invalidConfiguration(String)
    /// The leader could not renew its Lease within the renew deadline (or another holder took it);
    /// the leading work was cancelled.
    case leadershipLost(lease: String, identity: String)
    /// ``LeaderElector/run(leading:)`` was called while an earlier call was still running.
    case alreadyRunning

    public var description: String {
        switch self {
        case .invalidConfiguration(let message): return "invalid leader election configuration: \(message)"
        case .leadershipLost(let lease, let identity): return "\(identity) lost the leadership of lease \(lease)"
        case .alreadyRunning: return "the leader elector is already running"
        }
    }
}
