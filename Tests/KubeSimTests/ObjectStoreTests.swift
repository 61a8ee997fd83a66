import KubeCore
import Testing
@testable import KubeSim

@Suite("ObjectStore: versions, history and watcher buffers")
struct ObjectStoreTests {
    private let resource = ResourceID(group: "", resource: "configmaps")

    private func put(_ store: ObjectStore, _ name: String) throws {
        _ = try store.write(resource, key: "ns/\(name)") { _, _ in .put(["metadata": ["name": .string(name), "namespace": "ns"]]) }
    }

    @Test("every write takes the next version of one counter across resources")
    func oneCounter() throws {
        let store = ObjectStore(historyCapacity: 10, watchBufferCapacity: 10)
        let start = store.currentResourceVersion
        try put(store, "a")
        _ = try store.write(ResourceID(group: "apps", resource: "deployments"), key: "ns/d") { _, _ in .put([:]) }
        try put(store, "b")
        #expect(store.currentResourceVersion == start + 3)
        #expect(store.get(resource, key: "ns/b")?[path: "metadata", "resourceVersion"] == .string(String(start + 3)))
    }

    @Test("a watcher that falls behind its buffer is closed instead of growing")
    func slowWatcherIsClosed() throws {
        let store = ObjectStore(historyCapacity: 100, watchBufferCapacity: 2)
        let watch = try store.watch(resource, from: store.currentResourceVersion, bookmarks: false, matches: nil)
        for index in 0..<5 { try put(store, "o\(index)") }
        #expect(watch.watcher.isClosed)
        #expect(store.openWatchCount == 0)
    }

    @Test("a watcher hands out everything queued since the last batch, in order, then what is left after it is closed")
    func watcherBatches() async throws {
        let store = ObjectStore(historyCapacity: 100, watchBufferCapacity: 10)
        let watch = try store.watch(resource, from: store.currentResourceVersion, bookmarks: false, matches: nil)
        for index in 0..<3 { try put(store, "o\(index)") }
        let first = await watch.watcher.nextBatch()
        #expect(first.map(Self.names) == ["o0", "o1", "o2"])
        try put(store, "o3")
        watch.watcher.close()
        #expect(await watch.watcher.nextBatch().map(Self.names) == ["o3"])
        #expect(await watch.watcher.nextBatch() == nil)
        #expect(!watch.watcher.send(.bookmark(1)))
    }

    @Test("a consumer waiting for a batch gets the next event, and nil when its task is cancelled")
    func watcherWakesAndCancels() async throws {
        let store = ObjectStore(historyCapacity: 100, watchBufferCapacity: 10)
        let watch = try store.watch(resource, from: store.currentResourceVersion, bookmarks: false, matches: nil)
        let waiting = Task { await watch.watcher.nextBatch().map(Self.names) }
        while !watch.watcher.hasWaitingConsumer { await Task.yield() }
        try put(store, "late")
        #expect(await waiting.value == ["late"])

        let cancelled = Task { await watch.watcher.nextBatch() }
        cancelled.cancel()
        #expect(await cancelled.value == nil)
        #expect(watch.watcher.isClosed)
    }

    @Test("uids are random version-4 UUIDs in lower case")
    func uids() {
        let uids = (0..<100).map { _ in ObjectNames.uid() }
        #expect(Set(uids).count == uids.count)
        for uid in uids {
            let groups = uid.split(separator: "-").map(String.init)
            #expect(groups.map(\.count) == [8, 4, 4, 4, 12])
            #expect(uid.allSatisfy { "0123456789abcdef-".contains($0) })
            #expect(groups[2].first == "4")
            #expect(groups[3].first.map { "89ab".contains($0) } == true)
        }
    }

    private static func names(_ items: [WatchItem]) -> [String] {
        items.compactMap { item in
            guard case .event(_, let object, _) = item else { return nil }
            return object[path: "metadata", "name"]?.stringValue
        }
    }

    @Test("an exact snapshot undoes later creates, updates and deletes")
    func snapshotUndoesLaterChanges() throws {
        let store = ObjectStore(historyCapacity: 100, watchBufferCapacity: 10)
        try put(store, "a")
        let mark = store.currentResourceVersion
        try put(store, "b")
        _ = try store.write(resource, key: "ns/a") { _, _ in .delete }
        let past = try store.list(resource, keyPrefix: "ns/", at: mark, startAfter: nil, limit: nil, matches: nil)
        #expect(past.items.compactMap { $0[path: "metadata", "name"]?.stringValue } == ["a"])
        #expect(past.resourceVersion == mark)
    }
}
