@testable import KubeClient
import KubeCore
import Testing

@Suite("Rate limit and retries")
struct FlowControlTests {
    @Test("the token bucket lets a burst through, then spaces requests at 1/qps")
    func tokenBucketSpacing() {
        let clock = VirtualClock()
        let bucket = TokenBucket(qps: 10, burst: 3, clock: clock.clock)
        let waits = (0..<6).map { _ in bucket.reserve() }
        #expect(waits[0...2].allSatisfy { $0 == .zero })
        #expect(waits[3] == .milliseconds(100))
        #expect(waits[4] == .milliseconds(200))
        #expect(waits[5] == .milliseconds(300))
        clock.advance(.seconds(10))
        // Refilled to the burst, never beyond it.
        #expect((0..<3).map { _ in bucket.reserve() }.allSatisfy { $0 == .zero })
        #expect(bucket.reserve() > .zero)
    }

    @Test("a qps of zero turns the limit off")
    func unlimited() {
        let bucket = TokenBucket(qps: 0, burst: 1, clock: VirtualClock().clock)
        #expect((0..<100).allSatisfy { _ in bucket.reserve() == .zero })
    }

    @Test("requests beyond the burst wait on the clock before they are sent")
    func clientWaitsForTokens() async throws {
        let clock = VirtualClock()
        let replies = (0..<4).map { _ in FakeTransport.Reply.json(["metadata": ["name": "web"]]) }
        let transport = FakeTransport(replies)
        let client = makeClient(transport, qps: 5, clock: clock)
        for _ in 0..<4 { _ = try await client.get(ConfigMap.self, name: "web") }
        #expect(clock.sleeps == [.milliseconds(200), .milliseconds(200)])
    }

    @Test("a 429 is retried after its Retry-After, for writes too")
    func retryAfterHonoured() async throws {
        let clock = VirtualClock()
        let observer = RecordingObserver()
        let transport = FakeTransport([
            .status(429, reason: "TooManyRequests", headers: [KubeClient.HTTPHeader("Retry-After", "3")]),
            .json(["metadata": ["name": "web"]]),
        ])
        let client = makeClient(transport, clock: clock, observer: observer)
        _ = try await client.create(ConfigMap(metadata: ObjectMeta(name: "web")))
        #expect(transport.requests.count == 2)
        #expect(clock.sleeps == [.seconds(3)])
        #expect(observer.records.map(\.codeLabel) == ["429", "200"])
        #expect(observer.records.allSatisfy { $0.method == .post })
    }

    @Test("5xx on a GET backs off exponentially and gives up after maxRetries")
    func boundedBackoff() async {
        let clock = VirtualClock()
        let transport = FakeTransport((0..<5).map { _ in .status(500, reason: "InternalError") })
        let client = makeClient(transport, retry: RetryPolicy(maxRetries: 3, initialBackoff: .milliseconds(100), maxBackoff: .milliseconds(300), jitter: 0), clock: clock)
        await #expect(throws: KubeAPIError.self) {
            _ = try await client.get(ConfigMap.self, name: "web")
        }
        #expect(transport.requests.count == 4)
        #expect(clock.sleeps == [.milliseconds(100), .milliseconds(200), .milliseconds(300)])
    }

    @Test("5xx without Retry-After on a write is not retried; with Retry-After it is")
    func writesRetryOnlyWhenTold() async throws {
        let transport = FakeTransport([.status(500, reason: "InternalError")])
        await #expect(throws: KubeAPIError.self) {
            _ = try await makeClient(transport).create(ConfigMap(metadata: ObjectMeta(name: "web")))
        }
        #expect(transport.requests.count == 1)
        let told = FakeTransport([
            .status(503, reason: "ServiceUnavailable", headers: [KubeClient.HTTPHeader("Retry-After", "1")]),
            .json(["metadata": ["name": "web"]]),
        ])
        _ = try await makeClient(told).create(ConfigMap(metadata: ObjectMeta(name: "web")))
        #expect(told.requests.count == 2)
    }

    @Test("connection failures are retried, 4xx answers are not")
    func transportRetries() async throws {
        let transport = FakeTransport([
            .failure(.connectFailed(url: "https://api.example:6443", message: "refused")),
            .json(["metadata": ["name": "web"]]),
        ])
        _ = try await makeClient(transport).update(ConfigMap(metadata: ObjectMeta(name: "web")))
        #expect(transport.requests.count == 2)
        let conflict = FakeTransport([.status(409, reason: "Conflict")])
        await #expect(throws: KubeAPIError.self) {
            _ = try await makeClient(conflict).get(ConfigMap.self, name: "web")
        }
        #expect(conflict.requests.count == 1)
    }

    @Test("backoff jitter stays within its fraction and Retry-After is capped")
    func delays() {
        let policy = RetryPolicy(initialBackoff: .seconds(1), maxBackoff: .seconds(4), maxRetryAfter: .seconds(30), jitter: 0.5)
        #expect(policy.delay(retry: 1, retryAfter: nil, random: 0) == .seconds(1))
        #expect(policy.delay(retry: 1, retryAfter: nil, random: 1) == .milliseconds(1500))
        #expect(policy.delay(retry: 9, retryAfter: nil, random: 0) == .seconds(4))
        #expect(policy.delay(retry: 1, retryAfter: .seconds(120), random: 0) == .seconds(30))
    }
}
