public import KubeCore

/// How a KubeSim server runs. Every property has a default suited to tests.
public struct KubeSimConfiguration: Sendable {
    /// TCP port on 127.0.0.1; 0 (the default) picks a free one, reported by `KubeSimServer.port`.
    public var port: Int = 0
    /// When set, every request must carry `Authorization: Bearer <token>` or gets 401. Default nil.
    /// kubectl sends a token over HTTPS only, so a server meant for kubectl with a token also sets `tls`.
    public var bearerToken: String?
    /// Serve HTTPS (HTTP/2 or HTTP/1.1, chosen by ALPN) with a certificate authority and a serving
    /// certificate for `127.0.0.1` and `localhost` generated at start; `KubeSimServer.kubeconfig()` then
    /// carries the authority. Default false: plain HTTP/1.1.
    public var tls = false
    /// Changes remembered per resource for watch resumption and exact-version lists. Default 10,000.
    public var historyCapacity: Int = 10_000
    /// How often history is compacted, to the version reached one interval earlier, as kube-apiserver
    /// asks etcd every 5 minutes. Nil never compacts on a timer. Default 5 minutes.
    public var compactionInterval: Duration? = .seconds(300)
    /// Items a watcher may fall behind before it is closed. Default 10,000.
    public var watchBufferCapacity: Int = 10_000
    /// How often watches that asked for bookmarks get one. Default 10 seconds.
    public var bookmarkInterval: Duration = .seconds(10)
    /// Delay before Deployments, StatefulSets and Jobs get the status their pods would produce;
    /// nil turns the simulation off. Default 200 ms.
    public var simulatedStatusDelay: Duration? = .milliseconds(200)
    /// Faults to inject from the start. Default none.
    public var faults: FaultSpec = FaultSpec()
    /// CustomResourceDefinitions (as JSON objects) installed before the server accepts requests.
    public var customResourceDefinitions: [JSONValue] = []

    public init() {}

    /// A fresh random bearer token (32 hex digits from the system's secure generator), for `bearerToken`.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let word = String(generator.next() as UInt32, radix: 16)
            return String(repeating: "0", count: 8 - word.count) + word
        }.joined()
    }
}
