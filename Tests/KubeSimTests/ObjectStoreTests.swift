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
