/// One finished API request, as a metrics hook sees it.
public struct RequestRecord: Sendable, Hashable {
    public var method: HTTPMethod
    /// The HTTP status code; nil when no response arrived.
    public var statusCode: Int?
    /// From the attempt's start to its response head (the whole body for buffered calls).
    public var duration: Duration

    public init(method: HTTPMethod, statusCode: Int?, duration: Duration) {
        self.method = method
        self.statusCode = statusCode
        self.duration = duration
    }

    /// The `code` label of client-go's `rest_client_requests_total`: the number, or `<error>`.
    public var codeLabel: String { statusCode.map(String.init) ?? "<error>" }
}

/// Sees every attempt the client sends (retries included), e.g. to count
/// `rest_client_requests_total{code,method}` without KubeClient depending on a metrics library.
///
/// Called on the requesting task; keep it quick and non-blocking.
public protocol RequestObserver: Sendable {
    func requestFinished(_ record: RequestRecord)
}
