import KubeClient
import KubeCore
import KubeRuntime
import Testing

@Suite("CompactJSON: objects cached as their JSON text, compressed or not")
struct CompactJSONTests {
    static let deployment: JSONValue = [
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": [
            "name": "web", "namespace": "shop", "resourceVersion": "42", "generation": 3,
            "labels": ["app": "web"],
            "annotations": ["kubectl.kubernetes.io/last-applied-configuration": "{}", "team": "search"],
            "ownerReferences": [[
                "apiVersion": "aifleet.dev/v1alpha1", "kind": "InferenceService", "name": "ranker",
                "uid": "00000000-0000-0000-0000-000000000007", "controller": true,
            ]],
            "managedFields": [["manager": "aifleet", "operation": "Apply", "fieldsV1": ["f:spec": [:]]]],
        ],
        "spec": ["replicas": 2, "template": ["spec": ["containers": [["name": "web", "image": "nginx"]]]]],
    ]

    @Test("keeps the object but its managed fields and last-applied annotation, and its metadata beside the text")
    func keepsTheObject() {
        let compact = CompactJSON(Self.deployment)
        var expected = Self.deployment
        expected[path: "metadata", "managedFields"] = nil
        expected[path: "metadata", "annotations"] = ["team": "search"]
        #expect(compact.value == expected)
        #expect(compact.text.count == expected.serialized().count)
        #expect(compact.objectName == "web")
        #expect(compact.objectNamespace == "shop")
        #expect(compact.objectResourceVersion == "42")
        #expect(compact.objectGeneration == 3)
        #expect(compact.objectLabels == ["app": "web"])
        #expect(compact.controllerOwner?.name == "ranker")
        #expect(compact.controllerUID == "00000000-0000-0000-0000-000000000007")
    }

    @Test("decoded from JSON it is the same as made from the value, and encodes back to that value")
    func decodesAndEncodes() throws {
        let decoded = try Self.deployment.decode(CompactJSON.self)
        #expect(decoded.text == CompactJSON(Self.deployment).text)
        #expect(try JSONValue(encoding: decoded) == decoded.value)
    }

    /// `deployment` under another name and version, as a controller makes many of.
    static func sibling(_ name: String) -> JSONValue {
        var sibling = deployment
        sibling[path: "metadata", "name"] = .string(name)
        sibling[path: "metadata", "resourceVersion"] = "43"
        return sibling
    }

    @Test("compressed, an object reads as before, and a sibling of the first object takes a fraction of its text")
    func compressed() throws {
        let compression = CompactCompression()
        let first = compression.compress(CompactJSON(Self.deployment))
        let sibling = compression.compress(CompactJSON(Self.sibling("api")))
        #expect(first.isCompressed && sibling.isCompressed)
        #expect(first.value == CompactJSON(Self.deployment).value)
        #expect(sibling.value == CompactJSON(Self.sibling("api")).value)
        #expect(sibling.text == CompactJSON(Self.sibling("api")).text)
        #expect(sibling.objectName == "api" && sibling.objectResourceVersion == "43" && sibling.objectGeneration == 3)
        #expect(sibling.controllerUID == "00000000-0000-0000-0000-000000000007")
        #expect(sibling.objectLabels == ["app": "web"])
        let plainCount = CompactJSON(Self.sibling("api")).storedByteCount
        #expect(sibling.storedByteCount * 4 < plainCount, "\(sibling.storedByteCount) bytes compressed, \(plainCount) plain")
        #expect(try JSONValue(encoding: sibling) == sibling.value)
        #expect(compression.compress(sibling).storedByteCount == sibling.storedByteCount, "compressed once only")
    }

    @Test("an object unlike the first one compressed still reads back whole")
    func unlikeTheDictionary() {
        let compression = CompactCompression(level: 1)
        _ = compression.compress(CompactJSON(Self.deployment))
        var other: JSONValue = ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "s", "namespace": "x"]]
        other[path: "data", "payload"] = .string(String(repeating: "é🙂\u{0}\"", count: 500))
        let compressed = compression.compress(CompactJSON(other))
        #expect(compressed.isCompressed)
        #expect(compressed.value == other)
    }

    @Test("an unusually large first object is not made the dictionary: it stays plain, and the next typical one is")
    func largeFirstObject() {
        let compression = CompactCompression()
        var large = Self.deployment
        large[path: "data", "blob"] = .string(String(repeating: "x", count: 200_000))
        #expect(!compression.compress(CompactJSON(large)).isCompressed)
        #expect(compression.compress(CompactJSON(Self.deployment)).isCompressed)
        let laterLarge = compression.compress(CompactJSON(large))
        #expect(laterLarge.isCompressed, "once there is a dictionary, every object is compressed against it")
        #expect(laterLarge.value == CompactJSON(large).value)
    }

    @Test("objects compressed and read from many tasks at once read back whole")
    func concurrentUse() async {
        let compression = CompactCompression()
        let failures = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var failures = 0
                    for index in 0..<200 {
                        let original = CompactJSON(Self.sibling("web-\(task)-\(index)"))
                        if compression.compress(original).value != original.value { failures += 1 }
                    }
                    return failures
                }
            }
            return await group.reduce(0, +)
        }
        #expect(failures == 0)
    }

    @Test("a plain object keeps no spare capacity beside its text")
    func exactText() {
        let compact = CompactJSON(Self.deployment)
        #expect(!compact.isCompressed)
        #expect(compact.text.capacity - compact.text.count < 16, "capacity \(compact.text.capacity) for \(compact.text.count) bytes")
    }

    @Test("the shared compact informer keeps its objects compressed, unless configured otherwise")
    func sharedInformerCompresses() async throws {
        try await withKubeSim { _, client in
            for name in ["a", "b"] {
                _ = try await client.create(ConfigMap(metadata: ObjectMeta(name: name, namespace: "default"), data: ["k": name]))
            }
            let informers = SharedInformers(client: client)
            let compressed = informers.compactInformer(ConfigMap.descriptor, namespace: "default")
            let plain = informers.compactInformer(ConfigMap.descriptor, namespace: "default", labelSelector: "k!=v") {
                $0.transform = StoreWriter.removeManagedFieldsAndLastApplied
            }
            let running = Task { try await informers.run() }
            defer { running.cancel() }
            #expect(await waitUntil { informers.haveSynced && compressed.store.count == 2 && plain.store.count == 2 })
            for name in ["a", "b"] {
                let object = try #require(compressed.store.get(namespace: "default", name: name))
                #expect(object.isCompressed)
                #expect(object.value[path: "data", "k"] == .string(name))
                #expect(plain.store.get(namespace: "default", name: name)?.isCompressed == false)
            }
        }
    }

    @Test("an informer of compact objects lists, watches and indexes them by owner")
    func informer() async throws {
        try await withKubeSim { _, client in
            let owner = try await client.create(ConfigMap(metadata: ObjectMeta(name: "owner", namespace: "default")))
            let ownerUID = try #require(owner.metadata.uid)
            func child(_ name: String) -> JSONValue {
                [
                    "apiVersion": "v1", "kind": "ConfigMap", "data": ["v": "1"],
                    "metadata": [
                        "name": .string(name), "namespace": "default",
                        "ownerReferences": [["apiVersion": "v1", "kind": "ConfigMap", "name": "owner", "uid": .string(ownerUID), "controller": true]],
                    ],
                ]
            }
            _ = try await client.create(child("listed"), resource: ConfigMap.descriptor)
            let informer = Informer(ListWatch<CompactJSON>.compact(client, resource: ConfigMap.descriptor, namespace: "default"))
            let running = Task { try await informer.run() }
            defer { running.cancel() }
            #expect(await informer.waitUntilSynced())
            _ = try await client.create(child("watched"), resource: ConfigMap.descriptor)
            #expect(await waitUntil { informer.store.count == 3 })
            let owned = try informer.store.byIndex(Indexer<CompactJSON>.ownerUIDIndexName, ownerUID)
            #expect(Set(owned.compactMap(\.objectName)) == ["listed", "watched"])
            let watched = informer.store.get(namespace: "default", name: "watched")?.value
            #expect(watched?[path: "data", "v"] == "1")
            #expect(watched?[path: "metadata", "managedFields"] == nil, "dropped before the text was written")
        }
    }
}
