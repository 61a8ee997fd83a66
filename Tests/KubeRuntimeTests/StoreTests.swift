import KubeCore
import Testing

@testable import KubeRuntime

@Suite("Store")
struct StoreTests {
    /// A pod-like dynamic object.
    private func object(
        _ namespace: String?, _ name: String, rv: String = "1", labels: [String: String] = [:],
        owner: String? = nil
    ) -> JSONValue {
        var metadata: JSONObject = ["name": .string(name), "resourceVersion": .string(rv)]
        if let namespace { metadata["namespace"] = .string(namespace) }
        if !labels.isEmpty { metadata["labels"] = .object(JSONObject(uniqueKeysWithValues: labels.map { ($0, .string($1)) })) }
        if let owner {
            metadata["ownerReferences"] = [
                ["apiVersion": "aifleet.dev/v1alpha1", "kind": "Fleet", "name": "f", "uid": .string(owner),
                 "controller": true]
            ]
        }
        return .object(["kind": "Pod", "metadata": .object(metadata)])
    }

    private func names(_ objects: [JSONValue]) -> [String] {
        objects.compactMap(\.objectName).sorted()
    }

    @Test("objects are keyed namespace/name, or name when cluster-scoped")
    func keysObjects() throws {
        let writer = StoreWriter<JSONValue>()
        try writer.apply(object("ns", "a"))
        try writer.apply(object(nil, "node-1"))
        #expect(Set(writer.store.keys.map(\.description)) == ["ns/a", "node-1"])
        #expect(writer.store.get(namespace: "ns", name: "a")?.objectName == "a")
        #expect(ObjectKey(parsing: "ns/a") == ObjectKey(namespace: "ns", name: "a"))
        #expect(ObjectKey(parsing: "a/b/c") == nil)
        #expect(throws: CacheError.objectWithoutName(namespace: "ns")) {
            try writer.apply(.object(["metadata": ["namespace": "ns"]]))
        }
    }

    @Test("the namespace and owner indices follow objects through add, update and delete")
    func indicesStayConsistent() throws {
        let writer = StoreWriter<JSONValue>()
        let store = writer.store
        try writer.apply(object("ns1", "a", owner: "uid-1"))
        try writer.apply(object("ns1", "b", owner: "uid-1"))
        try writer.apply(object("ns2", "c", owner: "uid-2"))
        #expect(names(try store.byIndex(Indexer<JSONValue>.namespaceIndexName, "ns1")) == ["a", "b"])
        #expect(names(try store.byIndex(Indexer<JSONValue>.ownerUIDIndexName, "uid-1")) == ["a", "b"])

        // "b" changes owner: it moves from one index value to the other.
        try writer.apply(object("ns1", "b", rv: "2", owner: "uid-2"))
        #expect(names(try store.byIndex(Indexer<JSONValue>.ownerUIDIndexName, "uid-1")) == ["a"])
        #expect(names(try store.byIndex(Indexer<JSONValue>.ownerUIDIndexName, "uid-2")) == ["b", "c"])

        // "a" loses its owner, "c" is deleted: emptied values leave the index.
        try writer.apply(object("ns1", "a", rv: "2"))
        try writer.delete(object("ns2", "c"))
        #expect(try store.byIndex(Indexer<JSONValue>.ownerUIDIndexName, "uid-1").isEmpty)
        #expect(try store.indexValues(Indexer<JSONValue>.ownerUIDIndexName) == ["uid-2"])
        #expect(try store.indexValues(Indexer<JSONValue>.namespaceIndexName) == ["ns1"])
        #expect(store.count == 2)
    }

    @Test("a custom indexer is maintained, and an unknown index is an error")
    func customIndexer() throws {
        let byApp = Indexer<JSONValue>(name: "app") { object in object.objectLabels["app"].map { [$0] } ?? [] }
        let writer = StoreWriter<JSONValue>(indexers: [byApp])
        try writer.apply(object("ns", "a", labels: ["app": "web"]))
        try writer.apply(object("ns", "b", labels: ["app": "db"]))
        try writer.apply(object("ns", "a", rv: "2", labels: ["app": "db"]))
        #expect(names(try writer.store.byIndex("app", "db")) == ["a", "b"])
        #expect(try writer.store.byIndex("app", "web").isEmpty)
        #expect(throws: CacheError.unknownIndex("namespace")) {
            try writer.store.byIndex("namespace", "ns")
        }
    }

    @Test("list by label selector returns only the matching objects")
    func listsByLabels() throws {
        let writer = StoreWriter<JSONValue>()
        try writer.apply(object("ns", "a", labels: ["app.kubernetes.io/managed-by": "aifleet"]))
        try writer.apply(object("ns", "b", labels: ["app.kubernetes.io/managed-by": "helm"]))
        try writer.apply(object("ns", "c"))
        let managed = writer.store.list { $0["app.kubernetes.io/managed-by"] == "aifleet" }
        #expect(names(managed) == ["a"])
        #expect(writer.store.list().count == 3)
    }

    @Test("replace returns exactly the added, changed and vanished objects")
    func replaceReturnsDifferences() throws {
        let writer = StoreWriter<JSONValue>()
        try writer.replace(all: [object("ns", "same"), object("ns", "changed"), object("ns", "gone")], resourceVersion: "10")
        let changes = try writer.replace(
            all: [object("ns", "same"), object("ns", "changed", rv: "2"), object("ns", "new")], resourceVersion: "20")
        #expect(names(changes.added) == ["new"])
        #expect(changes.updated.map { $0.new.objectResourceVersion } == ["2"])
        #expect(changes.updated.map { $0.old.objectResourceVersion } == ["1"])
        #expect(names(changes.deleted) == ["gone"])
        #expect(names(writer.store.list()) == ["changed", "new", "same"])
        #expect(writer.store.resourceVersion == "20")
        let again = try writer.replace(all: writer.store.list(), resourceVersion: "20")
        #expect(again.isEmpty)
    }

    @Test("replace updates the indices of objects that vanished")
    func replaceKeepsIndicesConsistent() throws {
        let writer = StoreWriter<JSONValue>()
        try writer.apply(object("ns1", "a", owner: "u"))
        try writer.replace(all: [object("ns2", "b")], resourceVersion: "5")
        #expect(try writer.store.byIndex(Indexer<JSONValue>.ownerUIDIndexName, "u").isEmpty)
        #expect(try writer.store.indexValues(Indexer<JSONValue>.namespaceIndexName) == ["ns2"])
    }

    @Test("the default transform drops managedFields and the last-applied annotation, nothing else")
    func defaultTransform() throws {
        let writer = StoreWriter<JSONValue>()
        var metadata: JSONObject = ["name": "a", "namespace": "ns"]
        metadata["managedFields"] = [["manager": "kubectl", "operation": "Apply"]]
        metadata["annotations"] = [
            "kubectl.kubernetes.io/last-applied-configuration": "{\"big\":true}", "team": "ml",
        ]
        try writer.apply(.object(["metadata": .object(metadata), "spec": ["replicas": 3]]))
        let stored = try #require(writer.store.get(namespace: "ns", name: "a"))
        #expect(stored["metadata"]?["managedFields"] == nil)
        #expect(stored["metadata"]?["annotations"] == ["team": "ml"])
        #expect(stored["spec"]?["replicas"] == 3)
    }

    @Test("a custom transform is applied before storing")
    func customTransform() throws {
        let writer = StoreWriter<JSONValue> { object in
            var object = object
            object["status"] = nil
            return object
        }
        try writer.apply(.object(["metadata": ["name": "a"], "status": ["phase": "Running"]]))
        #expect(writer.store.get(namespace: nil, name: "a")?["status"] == nil)
    }

    @Test("the typed default transform drops managedFields and the last-applied annotation")
    func typedTransform() throws {
        var lease = TestLease()
        lease.metadata = ObjectMeta(
            name: "l", namespace: "ns", annotations: ["kubectl.kubernetes.io/last-applied-configuration": "{}"],
            managedFields: [ManagedFieldsEntry(manager: "m")])
        let writer = StoreWriter<TestLease>()
        try writer.apply(lease)
        let stored = try #require(writer.store.get(namespace: "ns", name: "l"))
        #expect(stored.metadata.managedFields == nil)
        #expect(stored.metadata.annotations == nil)
    }

    @Test("hasSynced turns true on the first replace and wakes every waiter")
    func hasSyncedSignal() async throws {
        let writer = StoreWriter<JSONValue>()
        let store = writer.store
        #expect(!store.hasSynced)
        let waiter = Task { await store.waitUntilSynced() }
        try writer.apply(object("ns", "a"))
        #expect(!store.hasSynced, "a single event is not a complete list")
        try writer.replace(all: [], resourceVersion: "1")
        #expect(store.hasSynced)
        #expect(await waiter.value)
        #expect(await store.waitUntilSynced())
    }

    @Test("a sync waiter whose task is cancelled returns false")
    func cancelledSyncWaiter() async {
        let store = StoreWriter<JSONValue>().store
        let waiter = Task { await store.waitUntilSynced() }
        waiter.cancel()
        #expect(await waiter.value == false)
    }
}

/// A minimal typed model for the typed-store test.
private struct TestLease: KubernetesResource, CacheableObject {
    static var descriptor: ResourceDescriptor {
        ResourceDescriptor(
            kind: GroupVersionKind(group: "coordination.k8s.io", version: "v1", kind: "TestLease"),
            plural: "leases", namespaced: true)
    }
    var metadata = ObjectMeta()
}
