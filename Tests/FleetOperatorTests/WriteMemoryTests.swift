import KubeCore
import Testing

@testable import FleetOperator

/// The write memory's "is this difference only our own write in flight?": a write counts as seen
/// by the cache once its version is delivered, whichever comes first, the delivery or the response.
@Suite("Write memory: a write in flight, and when the cache has seen it")
struct WriteMemoryTests {
    static let key = WriteMemory.Key(resource: GroupVersionResource(group: "apps", version: "v1", resource: "deployments"), namespace: "ns", name: "web", status: false)
    static let desired = WriteMemory.Digest(["spec": ["replicas": 2]])

    /// The server's answer to a write: the object at `version`.
    static func stored(_ version: String) -> JSONValue {
        ["metadata": ["name": "web", "namespace": "ns", "resourceVersion": .string(version)]]
    }

    /// A write over version 10, answered with `version`; the informer delivers `delivered` before
    /// the answer comes back.
    static func write(
        _ memory: WriteMemory, _ desired: WriteMemory.Digest = desired, answering version: String, delivering delivered: [String] = []
    ) async {
        _ = await memory.write(desired, to: key, over: "10") { () async in
            for version in delivered { memory.observe(key, resourceVersion: version) }
            return stored(version)
        }
    }

    @Test("a write is in flight until the informer delivers its version, then no longer")
    func inFlightUntilDelivered() async {
        let memory = WriteMemory()
        await Self.write(memory, answering: "11")
        #expect(memory.isInFlight(Self.desired, to: Self.key, liveResourceVersion: "10"))
        memory.observe(Self.key, resourceVersion: "11")
        memory.observe(Self.key, resourceVersion: "12")
        #expect(!memory.isInFlight(Self.desired, to: Self.key, liveResourceVersion: "12"))
    }

    @Test("a version delivered before the write's response counts, though a later one came before the next look")
    func deliveredBeforeTheResponse() async {
        let memory = WriteMemory()
        // The watch is faster than the response: the write's own version, then a status update.
        await Self.write(memory, answering: "11", delivering: ["11", "12"])
        // Someone then edits the object: a difference the reconcile must act on, not a write in flight.
        memory.observe(Self.key, resourceVersion: "13")
        #expect(!memory.isInFlight(Self.desired, to: Self.key, liveResourceVersion: "13"))
        #expect(memory.lastWrote(Self.desired, to: Self.key))
    }

    @Test("a write that changed nothing is not in flight, though a later version came before the next look")
    func writeThatChangedNothing() async {
        let memory = WriteMemory()
        await Self.write(memory, answering: "10")
        memory.observe(Self.key, resourceVersion: "14")
        #expect(!memory.isInFlight(Self.desired, to: Self.key, liveResourceVersion: "14"))
    }

    @Test("overlapping writes to one object keep the versions delivered until the last is back")
    func overlappingWrites() async {
        let memory = WriteMemory()
        _ = await memory.write(Self.desired, to: Self.key, over: "10") { () async in
            // Another workload's child of the same name, written meanwhile.
            await Self.write(memory, WriteMemory.Digest(["spec": ["replicas": 3]]), answering: "11", delivering: ["11", "12"])
            return Self.stored("12")
        }
        memory.observe(Self.key, resourceVersion: "13")
        #expect(!memory.isInFlight(Self.desired, to: Self.key, liveResourceVersion: "13"))
    }

    @Test("a write whose version never shows up stops counting as in flight after the limit")
    func inFlightLimit() async throws {
        let memory = WriteMemory(inFlightLimit: .milliseconds(50))
        await Self.write(memory, answering: "11")
        // A relist after a 410 delivered only a later version.
        memory.observe(Self.key, resourceVersion: "15")
        #expect(memory.isInFlight(Self.desired, to: Self.key, liveResourceVersion: "15"))
        try await Task.sleep(for: .milliseconds(80))
        #expect(!memory.isInFlight(Self.desired, to: Self.key, liveResourceVersion: "15"))
    }

    @Test("a failed write records nothing, and the versions seen during it are not kept")
    func failedWrite() async {
        struct Refused: Error {}
        let memory = WriteMemory()
        await #expect(throws: Refused.self) {
            _ = try await memory.write(Self.desired, to: Self.key, over: "10") { () async throws(Refused) -> JSONValue in
                memory.observe(Self.key, resourceVersion: "11")
                throw Refused()
            }
        }
        #expect(!memory.lastWrote(Self.desired, to: Self.key))
        // A later write answered with that version has not been delivered: it is in flight.
        await Self.write(memory, answering: "11")
        #expect(memory.isInFlight(Self.desired, to: Self.key, liveResourceVersion: "12"))
    }
}
