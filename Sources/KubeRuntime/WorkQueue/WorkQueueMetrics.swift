import CoreMetrics

/// The `workqueue_*` metrics of one queue, under controller-runtime's names so that existing
/// dashboards work (DESIGN.md, "Observability"); every metric carries the queue's `name` label.
///
/// Durations are timers (histograms in seconds in a Prometheus backend), the depth a meter moved by
/// increments so that updates made outside the queue's lock cannot leave a stale value.
@usableFromInline
final class WorkQueueMetrics: Sendable {
    /// Keys waiting in the queue (`workqueue_depth`).
    let depth: Meter
    /// Adds that were not duplicates of a waiting key (`workqueue_adds_total`).
    let adds: Counter
    /// Delayed and rate-limited re-adds (`workqueue_retries_total`).
    let retries: Counter
    /// Time from add to get (`workqueue_queue_duration_seconds`).
    let queueDuration: Timer
    /// Time from get to done (`workqueue_work_duration_seconds`).
    let workDuration: Timer
    /// Seconds of work in progress not yet done, summed over keys (`workqueue_unfinished_work_seconds`).
    let unfinishedWork: Gauge
    /// Seconds the longest running key has been processed (`workqueue_longest_running_processor_seconds`).
    let longestRunningProcessor: Gauge

    init?(name: String, provider: WorkQueueMetricsProvider) {
        guard let factory = provider.factory else { return nil }
        let dimensions = [("name", name)]
        depth = Meter(label: "workqueue_depth", dimensions: dimensions, factory: factory)
        adds = Counter(label: "workqueue_adds_total", dimensions: dimensions, factory: factory)
        retries = Counter(label: "workqueue_retries_total", dimensions: dimensions, factory: factory)
        queueDuration = Timer(label: "workqueue_queue_duration_seconds", dimensions: dimensions, factory: factory)
        workDuration = Timer(label: "workqueue_work_duration_seconds", dimensions: dimensions, factory: factory)
        unfinishedWork = Gauge(label: "workqueue_unfinished_work_seconds", dimensions: dimensions, factory: factory)
        longestRunningProcessor = Gauge(
            label: "workqueue_longest_running_processor_seconds", dimensions: dimensions, factory: factory)
    }
}

// MARK: - Recording

// Out of line, and called only when the queue has metrics: a queue without them pays one `nil`
// check per operation.
extension WorkQueue {
    @usableFromInline
    func recordAdds(_ count: Int) {
        guard let metrics else { return }
        metrics.adds.increment(by: count)
        metrics.depth.increment(by: Double(count))
    }

    /// Records a key handed out after waiting `waited` nanoseconds in the queue.
    @usableFromInline
    func recordGet(waited: Int64) {
        guard let metrics else { return }
        metrics.depth.decrement()
        metrics.queueDuration.recordNanoseconds(waited)
    }

    /// Records a delayed or rate-limited add (client-go's `retry`).
    @usableFromInline
    func recordRetry() {
        metrics?.retries.increment()
    }

    /// Records a key done after `worked` nanoseconds of processing.
    @usableFromInline
    func recordDone(worked: Int64) {
        guard let metrics else { return }
        metrics.workDuration.recordNanoseconds(worked)
    }

    /// Records `workqueue_unfinished_work_seconds` and `workqueue_longest_running_processor_seconds`
    /// from the keys being processed now. Call it periodically (client-go does every 500 ms); it
    /// visits every key the queue holds, so it stays off the hot paths.
    public func recordUnfinishedWork() {
        guard let metrics else { return }
        let now = clock.now().clampedNanoseconds
        let (total, longest) = state.withLock { state -> (Duration, Duration) in
            var total = Duration.zero
            var longest = Duration.zero
            for (key, entry) in state.entries where entry.processing {
                guard let startedAt = state.stamps?[key]?.startedAt else { continue }
                let running = Duration.nanoseconds(now - startedAt)
                total += running
                longest = Swift.max(longest, running)
            }
            return (total, longest)
        }
        metrics.unfinishedWork.record(total.inSeconds)
        metrics.longestRunningProcessor.record(longest.inSeconds)
    }
}

extension Duration {
    /// The duration in whole nanoseconds, clamped to `Int64`'s range (about 292 years).
    @inlinable
    var clampedNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, overflowSum) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflowSum { return seconds < 0 ? .min : .max }
        return sum
    }

    /// The duration in seconds, as a floating-point number.
    var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
