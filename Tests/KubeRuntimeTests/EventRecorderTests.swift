import KubeClient
import KubeCore
import KubeSim
import Logging
import ServiceLifecycle
import Testing

@testable import KubeRuntime

@Suite("Event recorder")
struct EventRecorderTests {
    private static let model = ObjectReference(
        kind: "InferenceService", namespace: "default", name: "llama", uid: "uid-1", apiVersion: "aifleet.dev/v1alpha1")

    private static func recorder(
        _ client: KubernetesClient, clock: any RuntimeClock = SystemClock(), bufferSize: Int = 1000
    ) -> EventRecorder {
        EventRecorder(
            configuration: EventRecorderConfiguration(
                component: "aifleet", instance: "operator-0", bufferSize: bufferSize, clock: clock),
            client: client)
    }

    /// Runs the recorder while `body` runs.
    private static func running(_ recorder: EventRecorder, _ body: () async throws -> Void) async throws {
        let task = Task { try await recorder.run() }
        defer { task.cancel() }
        try await body()
    }

    private static func events(_ client: KubernetesClient) async throws -> [Event] {
        try await client.list(Event.self, namespace: "default").items
    }

    @Test("an event is created with the object, reason, message, source and timestamps")
    func createsAnEvent() async throws {
        try await withKubeSim { _, client in
            let recorder = Self.recorder(client)
            try await Self.running(recorder) { () async throws in
                #expect(
                    recorder.record(
                        .warning, reason: "PolicyViolation", message: "gpu class a100 is not allowed", regarding: Self.model))
                #expect(try await waitUntil { try await Self.events(client).count == 1 })
            }
            let event = try #require(try await Self.events(client).first)
            let name = try #require(event.metadata.name)
            #expect(name.hasPrefix("llama."))
            #expect(name.dropFirst("llama.".count).allSatisfy { $0.isHexDigit })
            #expect(event.involvedObject == Self.model)
            #expect(event.type == "Warning")
            #expect(event.reason == "PolicyViolation")
            #expect(event.message == "gpu class a100 is not allowed")
            #expect(event.source == EventSource(component: "aifleet", host: "operator-0"))
            #expect(event.reportingComponent == "aifleet")
            #expect(event.reportingInstance == "operator-0")
            #expect(event.count == 1)
            let first = try #require(event.firstTimestamp)
            #expect(first.count == "2026-01-02T03:04:05Z".count && first.hasSuffix("Z"))
            #expect(event.lastTimestamp == first)
        }
    }

    @Test("five repeats become one event with count 5; another message is another event")
    func aggregatesRepeats() async throws {
        try await withKubeSim { _, client in
            let recorder = Self.recorder(client)
            try await Self.running(recorder) { () async throws in
                for _ in 0..<5 {
                    recorder.record(.normal, reason: "Scaled", message: "replicas 1 -> 2", regarding: Self.model)
                }
                recorder.record(.normal, reason: "Scaled", message: "replicas 2 -> 3", regarding: Self.model)
                #expect(
                    try await waitUntil {
                        try await Self.events(client).map { $0.count ?? 0 }.sorted() == [1, 5]
                    })
            }
            let events = try await Self.events(client)
            let repeated = try #require(events.first { $0.count == 5 })
            #expect(repeated.message == "replicas 1 -> 2")
            #expect(repeated.firstTimestamp != nil && repeated.lastTimestamp != nil)
        }
    }

    @Test("a repeat after the aggregation window is reported as a new event")
    func repeatAfterTheWindowIsNew() async throws {
        try await withKubeSim { _, client in
            let clock = ManualClock()
            let recorder = Self.recorder(client, clock: clock)
            try await Self.running(recorder) { () async throws in
                recorder.record(.normal, reason: "Synced", message: "ok", regarding: Self.model)
                #expect(try await waitUntil { try await Self.events(client).count == 1 })
                clock.advance(by: .seconds(601))
                recorder.record(.normal, reason: "Synced", message: "ok", regarding: Self.model)
                #expect(try await waitUntil { try await Self.events(client).count == 2 })
            }
            #expect(try await Self.events(client).map(\.count) == [1, 1])
        }
    }

    @Test("the spam filter lets 25 events about one object through, then one per 5 minutes")
    func spamFilterDropsBeyondTheBurst() async throws {
        try await withKubeSim { _, client in
            let clock = ManualClock()
            let recorder = Self.recorder(client, clock: clock)
            for index in 0..<25 {
                #expect(recorder.record(.warning, reason: "Failed", message: "attempt \(index)", regarding: Self.model))
            }
            #expect(!recorder.record(.warning, reason: "Failed", message: "attempt 25", regarding: Self.model))
            #expect(!recorder.record(.normal, reason: "Other", message: "other", regarding: Self.model), "the bucket is per object")
            var other = Self.model
            other.name = "mistral"
            #expect(recorder.record(.warning, reason: "Failed", message: "attempt 0", regarding: other))
            clock.advance(by: .seconds(299))
            #expect(!recorder.record(.warning, reason: "Failed", message: "attempt 26", regarding: Self.model))
            clock.advance(by: .seconds(1))
            #expect(recorder.record(.warning, reason: "Failed", message: "attempt 27", regarding: Self.model))
            #expect(!recorder.record(.warning, reason: "Failed", message: "attempt 28", regarding: Self.model))
            try await Self.running(recorder) { () async throws in
                #expect(try await waitUntil(timeout: .seconds(40)) { try await Self.events(client).count == 27 })
            }
            let messages = Set(try await Self.events(client).compactMap(\.message))
            #expect(messages.contains("attempt 27") && !messages.contains("attempt 25"))
        }
    }

    @Test("record never blocks: past the buffer's size new events are dropped")
    func fullBufferDrops() async throws {
        try await withKubeSim { _, client in
            let recorder = Self.recorder(client, bufferSize: 2)
            #expect(recorder.record(.normal, reason: "A", message: "1", regarding: Self.model))
            #expect(recorder.record(.normal, reason: "A", message: "2", regarding: Self.model))
            #expect(!recorder.record(.normal, reason: "A", message: "3", regarding: Self.model))
            var unnamed = Self.model
            unnamed.name = nil
            #expect(!recorder.record(.normal, reason: "A", message: "4", regarding: unnamed))
        }
    }

    @Test("graceful shutdown writes the events recorded before it, then run returns")
    func gracefulShutdownDrains() async throws {
        try await withKubeSim { _, client in
            let recorder = Self.recorder(client)
            for index in 0..<3 {
                recorder.record(.normal, reason: "Created", message: "child \(index)", regarding: Self.model)
            }
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: [recorder], gracefulShutdownSignals: [], logger: Logger(label: "test")))
            async let run: Void = group.run()
            await group.triggerGracefulShutdown()
            try await run
            #expect(try await Self.events(client).count == 3)
            #expect(!recorder.record(.normal, reason: "Created", message: "late", regarding: Self.model))
            await #expect(throws: EventRecorderError.alreadyRunning) { try await recorder.run() }
        }
    }

    /// Counts the answers with status 500.
    private final class ServerErrors: RequestObserver {
        let count = Shared(0)
        func requestFinished(_ record: RequestRecord) {
            if record.statusCode == 500 { count.set(count.get() + 1) }
        }
    }

    @Test("a failed write is logged, not thrown, and the next event is still written")
    func failuresAreNotThrown() async throws {
        let errors = ServerErrors()
        try await withKubeSim(observer: errors) { server, client in
            let recorder = EventRecorder(
                configuration: EventRecorderConfiguration(
                    component: "aifleet", instance: "operator-0", maxTries: 1, clock: ManualClock()),
                client: client)
            var faults = FaultSpec()
            faults.errorRate = 1
            server.faults = faults
            let task = Task { try await recorder.run() }
            recorder.record(.warning, reason: "Lost", message: "never written", regarding: Self.model)
            #expect(await waitUntil { errors.count.get() == 1 })
            server.faults = FaultSpec()
            var other = Self.model
            other.name = "marker"
            recorder.record(.normal, reason: "Written", message: "after the failure", regarding: other)
            #expect(try await waitUntil { try await Self.events(client).contains { $0.reason == "Written" } })
            #expect(try await Self.events(client).map(\.reason) == ["Written"])
            task.cancel()
            try await task.value
        }
    }
}
