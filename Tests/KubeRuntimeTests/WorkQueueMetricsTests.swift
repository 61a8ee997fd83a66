import Testing

@testable import KubeRuntime

@Suite("WorkQueue metrics")
struct WorkQueueMetricsTests {
    @Test("adds, depth, queue and work durations are recorded under the queue's name")
    func recordsTheWorkqueueMetrics() async {
        let metrics = TestMetricsFactory()
        let clock = ManualClock()
        let queue = WorkQueue<String>(
            configuration: WorkQueueConfiguration(name: "deployments", clock: clock, metrics: .swiftMetrics(metrics)))
        queue.add("a")
        queue.add("a")
        queue.add("b")
        #expect(metrics.total("workqueue_adds_total", name: "deployments") == 2, "a duplicate is not an add")
        #expect(metrics.total("workqueue_depth", name: "deployments") == 2)
        clock.advance(by: .milliseconds(5))
        #expect(await queue.get() == "a")
        #expect(metrics.total("workqueue_depth", name: "deployments") == 1)
        #expect(metrics.recorded("workqueue_queue_duration_seconds", name: "deployments") == [5_000_000])
        clock.advance(by: .milliseconds(7))
        queue.recordUnfinishedWork()
        let unfinished = metrics.recorded("workqueue_unfinished_work_seconds", name: "deployments")
        let longest = metrics.recorded("workqueue_longest_running_processor_seconds", name: "deployments")
        #expect(unfinished.count == 1 && abs(unfinished[0] - 0.007) < 1e-9)
        #expect(longest.count == 1 && abs(longest[0] - 0.007) < 1e-9)
        queue.done("a")
        #expect(metrics.recorded("workqueue_work_duration_seconds", name: "deployments") == [7_000_000])
    }

    @Test("a queue without a metrics provider records nothing and keeps no time stamps")
    func noMetricsByDefault() async {
        let queue = WorkQueue<String>()
        queue.add("a")
        #expect(queue.metrics == nil)
        #expect(queue.state.withLock { $0.stamps == nil })
    }

    @Test("a key's time stamps go with the key: kept while it is queued or processed, dropped when done")
    func stampsLeaveWithTheirKey() async {
        let queue = WorkQueue<String>(
            configuration: WorkQueueConfiguration(metrics: .swiftMetrics(TestMetricsFactory())))
        queue.add(contentsOf: ["a", "b", "c"])
        #expect(queue.state.withLock { $0.stamps?.count } == 3)
        let first = await queue.get()
        queue.add("a")  // re-added while processed: queued again after done
        if let first { queue.done(first) }
        #expect(queue.state.withLock { $0.stamps?.count } == 3)
        while queue.count > 0, let key = await queue.get() { queue.done(key) }
        #expect(queue.state.withLock { $0.stamps?.count } == 0)
    }
}
