import KubeClient
import KubeCore
import KubeRuntime
import Testing

@Suite("CompactJSON: objects cached as their JSON text")
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
