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

    @Test("with the default limiter, retries beyond the burst of 100 wait for the token bucket's 10 per second")
    func tokenBucketBoundsRetriesAcrossKeys() async {
        let clock = ManualClock()
        let queue = RateLimitingQueue<Int>(configuration: WorkQueueConfiguration(clock: clock))
        for key in 0..<102 { queue.addRateLimited(key) }
        clock.advance(by: .milliseconds(5))
        #expect(await eventually { queue.count == 100 }, "the burst goes after the per-key 5 ms")
        #expect(queue.delaying.waitingCount == 2)
        clock.advance(by: .milliseconds(94))
        #expect(await eventually { clock.sleeperCount == 1 })
        #expect(queue.count == 100, "the 101st retry waits 1/10 s for its token")
        clock.advance(by: .milliseconds(1))
        #expect(await eventually { queue.count == 101 })
        clock.advance(by: .milliseconds(99))
        #expect(await eventually { clock.sleeperCount == 1 })
        #expect(queue.count == 101, "the 102nd waits one more token")
        clock.advance(by: .milliseconds(1))
        #expect(await eventually { queue.count == 102 })
        queue.shutDown()
    }

    @Test("a limiter given to the queue sets the delays, counts the requeues and forgets")
    func usesTheGivenLimiter() async {
        let clock = ManualClock()
        let queue = RateLimitingQueue<String>(
            configuration: WorkQueueConfiguration(clock: clock),
            rateLimiter: ItemExponentialFailureRateLimiter(baseDelay: .seconds(1), maxDelay: .seconds(2)))
        queue.addRateLimited("a")
        queue.addRateLimited("a")
        #expect(queue.numRequeues("a") == 2)
        #expect(queue.rateLimiter.requeues(of: "a") == 2)
        clock.advance(by: .milliseconds(999))
        #expect(await eventually { clock.sleeperCount == 1 })
        #expect(queue.count == 0, "the given limiter's 1 s, not the default 5 ms")
        clock.advance(by: .milliseconds(1))
        #expect(await queue.get() == "a")
        queue.forget("a")
        #expect(queue.numRequeues("a") == 0)
        queue.shutDown()
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
