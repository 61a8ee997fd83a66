import KubeCore
import Testing
@testable import KubeSim

@Suite("Fault injection")
struct FaultTests {
    @Test("the --faults grammar parses every fault and names a bad item")
    func grammar() throws {
        let spec = try FaultSpec(parsing: "watch-drop=5s,gone=10s,conflict=0.05,throttle=0.5,error=1,latency=20ms,response-latency=1s")
        #expect(spec.watchDropInterval == .seconds(5))
        #expect(spec.goneInterval == .seconds(10))
        #expect(spec.conflictRate == 0.05)
        #expect(spec.throttleRate == 0.5)
        #expect(spec.errorRate == 1)
        #expect(spec.latency == .milliseconds(20))
        #expect(spec.responseLatency == .seconds(1))
        #expect(throws: FaultSpecError.self) { try FaultSpec(parsing: "conflict=2") }
        #expect(throws: FaultSpecError.self) { try FaultSpec(parsing: "latency=fast") }
        #expect(throws: FaultSpecError.self) { try FaultSpec(parsing: "explode=1") }
    }

    @Test("throttle answers 429 with Retry-After, error 500, conflict 409 on writes only")
    func rateFaults() async throws {
        try await TestServer.with { test in
            test.server.faults = try FaultSpec(parsing: "throttle=1")
            let throttled = try await test.client.get(Fixtures.configMaps)
            #expect(throttled.code == 429)
            #expect(throttled.headers["retry-after"] == "1")
            #expect(throttled.body[path: "details", "retryAfterSeconds"] == 1)
            test.server.faults = try FaultSpec(parsing: "error=1")
            #expect(try await test.client.get(Fixtures.configMaps).code == 500)
            test.server.faults = try FaultSpec(parsing: "conflict=1")
            #expect(try await test.client.get(Fixtures.configMaps).code == 200)
            #expect(try await test.client.post(Fixtures.configMaps, Fixtures.configMap("c")).code == 409)
            test.server.faults = FaultSpec()
            #expect(try await test.client.post(Fixtures.configMaps, Fixtures.configMap("c")).code == 201)
        }
    }

    @Test("response-latency holds a response back after the write is done, so watchers hear of it first")
    func responseLatency() async throws {
        try await TestServer.with { test in
            test.server.faults = try FaultSpec(parsing: "response-latency=3s")
            let before = test.server.resourceVersion
            let started = ContinuousClock.now
            let create = Task {
                let reply = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("late"))
                return (reply.code, ContinuousClock.now)
            }
            #expect(try await test.eventually { test.server.resourceVersion > before })
            let stored = ContinuousClock.now
            let (code, answered) = try await create.value
            #expect(code == 201)
            // Orders, not durations: a busy machine can take seconds to handle the request at all.
            #expect(stored < answered, "the write is stored before its response comes")
            #expect(answered - started >= .seconds(3))
        }
    }

    @Test("watch-drop closes open watches at its interval")
    func watchDrop() async throws {
        try await TestServer.with({ $0.faults.watchDropInterval = .milliseconds(50) }) { test in
            let reply = try await test.client.get("\(Fixtures.configMaps)?watch=1&resourceVersion=\(test.server.resourceVersion)")
            #expect(reply.code == 200, "the stream ended before its timeout")
        }
    }

    @Test("gone compacts the history at its interval, so old versions get 410")
    func goneCompacts() async throws {
        try await TestServer.with { test in
            _ = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("g"))
            let mark = test.server.resourceVersion - 1
            test.server.faults.goneInterval = .milliseconds(20)
            #expect(try await test.eventually {
                try await test.client.get("\(Fixtures.configMaps)?resourceVersion=\(mark)&resourceVersionMatch=Exact").code == 410
            })
        }
    }
}
