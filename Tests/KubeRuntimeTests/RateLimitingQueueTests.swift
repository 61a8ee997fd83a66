import Testing

@testable import KubeRuntime

@Suite("RateLimitingQueue")
struct RateLimitingQueueTests {
    @Test("a failing key comes back after 5 ms, then 10 ms, and after forget after 5 ms again")
    func backoffTimingBounds() async {
        let clock = ManualClock()
        let queue = RateLimitingQueue<String>(configuration: WorkQueueConfiguration(clock: clock))
        for expected in [5, 10, 20] {
            queue.addRateLimited("a")
            #expect(queue.delaying.waitingCount == 1)
            clock.advance(by: .milliseconds(expected - 1))
            #expect(await eventually { clock.sleeperCount == 1 })
            #expect(queue.count == 0, "not before \(expected) ms")
            clock.advance(by: .milliseconds(1))
            #expect(await queue.get() == "a")
            queue.done("a")
        }
        #expect(queue.numRequeues("a") == 3)
        queue.forget("a")
        #expect(queue.numRequeues("a") == 0)
        queue.addRateLimited("a")
        clock.advance(by: .milliseconds(5))
        #expect(await queue.get() == "a")
    }

    @Test("rate-limited adds count as retries in the metrics")
    func countsRetries() async {
        let metrics = TestMetricsFactory()
        let clock = ManualClock()
        let queue = RateLimitingQueue<String>(
            configuration: WorkQueueConfiguration(name: "q", clock: clock, metrics: .swiftMetrics(metrics)))
        queue.addRateLimited("a")
        queue.addRateLimited("b")
        #expect(metrics.total("workqueue_retries_total", name: "q") == 2)
        queue.shutDown()
    }
}
