/// Everything a `KubernetesClient` needs to reach one API server as one identity: the result of
/// reading a kubeconfig context or the in-cluster environment, or built by hand.
public struct ClientConfiguration: Sendable {
    /// The API server's base URL, e.g. `https://10.0.0.1:6443`; a path after the host (a proxy
    /// prefix) is kept in front of every API path.
    public var server: String
    /// Certificate authority, client certificate and the other TLS settings of the connection.
    public var tls: TLSOptions
    /// The `Authorization` the requests carry.
    public var credentials: Credentials
    /// The namespace of the context (or of the pod, in-cluster); `default` when none is given.
    public var namespace: String
    /// Requests per second allowed by the client-side rate limit; 0 turns it off. Default 20.
    public var qps: Double
    /// Requests allowed at once above `qps` after a quiet period. Default 30.
    public var burst: Int
    /// Limit on each non-watch request, body included; nil for none. Default 60 s.
    public var requestTimeout: Duration?
    /// Sent as `User-Agent`, so that audit logs and API Priority and Fairness can tell this client apart.
    public var userAgent: String
    /// How failed requests are retried; see `RetryPolicy` for which are.
    public var retry: RetryPolicy

    public init(
        server: String, tls: TLSOptions = TLSOptions(), credentials: Credentials = .none,
        namespace: String = "default", qps: Double = 20, burst: Int = 30,
        requestTimeout: Duration? = .seconds(60), userAgent: String = ClientConfiguration.userAgent(),
        retry: RetryPolicy = RetryPolicy()
    ) {
        self.server = server
        self.tls = tls
        self.credentials = credentials
        self.namespace = namespace
        self.qps = qps
        self.burst = burst
        self.requestTimeout = requestTimeout
        self.userAgent = userAgent
        self.retry = retry
    }

    /// `PRODUCT/VERSION (linux/ARCH) kubeclient`, the shape of client-go's default user agent.
    public static func userAgent(product: String = "aifleet", version: String = "dev") -> String {
        #if arch(x86_64)
        let architecture = "amd64"
        #elseif arch(arm64)
        let architecture = "arm64"
        #else
        let architecture = "unknown"
        #endif
        return "\(product)/\(version) (linux/\(architecture)) kubeclient"
    }
}
