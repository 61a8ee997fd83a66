/// When and how long a failed request is retried.
///
/// The rules follow client-go's `rest.Request` (`checkWait`, `IsRetryableResponse`, `isErrRetryableFunc`):
/// - **429** is retried for every method: the API server (max-in-flight or API Priority and Fairness)
///   rejects it before doing anything.
/// - **5xx with `Retry-After`** is retried for every method: the server says the request was not
///   processed and may be sent again (e.g. 500 "storage is (re)initializing", 503 during a restart).
/// - **5xx without `Retry-After`** and **transfer failures** (timeout, cut connection) are retried only
///   for GET (get, list, the opening of a watch): a write may have been applied before the failure.
/// - **Connection failures** (nothing reached the server) are retried for every method.
/// - Everything else (4xx, TLS failures, cancellation) is returned at once.
///
/// The wait is the server's `Retry-After` when it sent one (capped by `maxRetryAfter`), otherwise
/// exponential backoff from `initialBackoff`, doubled per attempt up to `maxBackoff`, plus up to
/// `jitter` of itself at random, so that many clients retrying together spread out.
public struct RetryPolicy: Sendable, Hashable {
    /// Retries after the first attempt; 0 turns retries off. Default 5.
    public var maxRetries: Int
    /// The wait before the first retry without `Retry-After`. Default 200 ms.
    public var initialBackoff: Duration
    /// The longest wait between attempts without `Retry-After`. Default 10 s.
    public var maxBackoff: Duration
    /// The longest `Retry-After` honoured. Default 60 s.
    public var maxRetryAfter: Duration
    /// Up to this fraction of the backoff is added at random. Default 0.5.
    public var jitter: Double

    public init(
        maxRetries: Int = 5, initialBackoff: Duration = .milliseconds(200), maxBackoff: Duration = .seconds(10),
        maxRetryAfter: Duration = .seconds(60), jitter: Double = 0.5
    ) {
        self.maxRetries = maxRetries
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.maxRetryAfter = maxRetryAfter
        self.jitter = jitter
    }

    /// No retries: every failure is returned at once.
    public static let none = RetryPolicy(maxRetries: 0)

    /// Whether a failed attempt may be sent again.
    func isRetryable(_ error: KubeAPIError, method: HTTPMethod, retryAfter: Duration?) -> Bool {
        let idempotent = method == .get || method == .head
        switch error {
        case .tooManyRequests:
            return true
        case .serverError:
            return retryAfter != nil || idempotent
        case .transport(.connectFailed):
            return true
        case .transport(.timedOut), .transport(.failed):
            return idempotent
        default:
            return false
        }
    }

    /// The wait before retry number `retry` (1 for the first retry).
    func delay(retry: Int, retryAfter: Duration?, random: Double) -> Duration {
        if let retryAfter { return min(retryAfter, maxRetryAfter) }
        var backoff = initialBackoff
        for _ in 1..<max(retry, 1) {
            backoff = backoff * 2
            if backoff >= maxBackoff { break }
        }
        backoff = min(backoff, maxBackoff)
        return backoff + backoff * (jitter * min(max(random, 0), 1))
    }
}
