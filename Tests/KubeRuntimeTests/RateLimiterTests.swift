import Testing

@testable import KubeRuntime

@Suite("Rate limiters")
struct RateLimiterTests {
    @Test("per-key backoff doubles from 5 ms and is capped at 1000 s")
    func exponentialBackoffBounds() {
        let limiter = ItemExponentialFailureRateLimiter<String>()
        let delays = (0..<5).map { _ in limiter.delay(for: "a") }
        #expect(delays == [5, 10, 20, 40, 80].map { Duration.milliseconds($0) })
        #expect(limiter.requeues(of: "a") == 5)
        #expect(limiter.delay(for: "b") == .milliseconds(5), "keys back off independently")
        for _ in 0..<100 { _ = limiter.delay(for: "a") }
        #expect(limiter.delay(for: "a") == .seconds(1000))
    }

    @Test("forget resets a key's backoff and requeue count")
    func forgetResetsBackoff() {
        let limiter = ItemExponentialFailureRateLimiter<String>(baseDelay: .milliseconds(1), maxDelay: .seconds(1))
        _ = limiter.delay(for: "a")
        _ = limiter.delay(for: "a")
        limiter.forget("a")
        #expect(limiter.requeues(of: "a") == 0)
        #expect(limiter.delay(for: "a") == .milliseconds(1))
    }

    @Test("the token bucket lets a burst through, then one retry per 1/rate seconds, and refills with time")
    func tokenBucket() {
        let clock = ManualClock()
        let limiter = BucketRateLimiter<String>(ratePerSecond: 10, burst: 100, clock: clock)
        for index in 0..<100 {
            #expect(limiter.delay(for: "k\(index)") == .zero)
        }
        #expect(limiter.delay(for: "x") == .milliseconds(100))
        #expect(limiter.delay(for: "y") == .milliseconds(200))
        clock.advance(by: .seconds(1))
        // Two tokens were borrowed; one second refills ten.
        for _ in 0..<8 { #expect(limiter.delay(for: "z") == .zero) }
        #expect(limiter.delay(for: "z") == .milliseconds(100))
        #expect(limiter.requeues(of: "z") == 0)
    }

    @Test("the bucket never holds more than its burst")
    func tokenBucketCapsAtBurst() {
        let clock = ManualClock()
        let limiter = BucketRateLimiter<Int>(ratePerSecond: 1, burst: 2, clock: clock)
        clock.advance(by: .seconds(3600))
        #expect(limiter.delay(for: 1) == .zero)
        #expect(limiter.delay(for: 2) == .zero)
        #expect(limiter.delay(for: 3) == .seconds(1))
    }

    @Test("max-of waits for the slowest limiter, counts in each, and forgets in each")
    func maxOfCombinesLimiters() {
        let clock = ManualClock()
        let limiter = MaxOfRateLimiter<String>([
            ItemExponentialFailureRateLimiter(baseDelay: .milliseconds(5), maxDelay: .seconds(1000)),
            BucketRateLimiter(ratePerSecond: 1, burst: 1, clock: clock),
        ])
        #expect(limiter.delay(for: "a") == .milliseconds(5), "bucket has a token; backoff wins")
        #expect(limiter.delay(for: "a") == .seconds(1), "bucket is empty; it wins over 10 ms")
        #expect(limiter.requeues(of: "a") == 2)
        limiter.forget("a")
        #expect(limiter.requeues(of: "a") == 0)
    }

    @Test("the default controller limiter starts at 5 ms")
    func defaultControllerLimiter() {
        let limiter = MaxOfRateLimiter<String>.defaultController(clock: ManualClock())
        #expect(limiter.delay(for: "a") == .milliseconds(5))
        #expect(limiter.delay(for: "a") == .milliseconds(10))
    }
}
