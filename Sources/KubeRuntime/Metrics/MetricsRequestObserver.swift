public import CoreMetrics
public import KubeClient
import Synchronization

/// Counts the API client's requests under client-go's names, so that existing dashboards work:
/// `rest_client_requests_total{code,method}` and `rest_client_request_duration_seconds{verb}`.
///
/// Pass it as the `observer` of a `KubernetesClient`. Every attempt counts, retries included, and a
/// request that got no answer counts with code `<error>`, as in client-go.
///
/// The metrics go to the injected factory, never to the process-wide `MetricsSystem`, so that a
/// library (or a test) never depends on what was bootstrapped there.
public final class MetricsRequestObserver: RequestObserver {
    private struct CounterKey: Hashable {
        var code: String
        var method: HTTPMethod
    }

    private let factory: any MetricsFactory
    /// One handle per label set, made once: looking a metric up in the backend costs more than
    /// counting it.
    private let counters = Mutex<[CounterKey: Counter]>([:])
    private let timers = Mutex<[HTTPMethod: Timer]>([:])

    public init(factory: any MetricsFactory) {
        self.factory = factory
    }

    public func requestFinished(_ record: RequestRecord) {
        let key = CounterKey(code: record.codeLabel, method: record.method)
        let counter = counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = Counter(
                label: "rest_client_requests_total", dimensions: [("code", key.code), ("method", key.method.rawValue)],
                factory: factory)
            counters[key] = counter
            return counter
        }
        counter.increment()
        let timer = timers.withLock { timers in
            if let timer = timers[record.method] { return timer }
            let timer = Timer(
                label: "rest_client_request_duration_seconds", dimensions: [("verb", record.method.rawValue)],
                factory: factory)
            timers[record.method] = timer
            return timer
        }
        timer.recordNanoseconds(record.duration.clampedNanoseconds)
    }
}
