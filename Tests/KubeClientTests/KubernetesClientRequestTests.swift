import KubeClient
import KubeCore
import Testing

@Suite("Requests the client sends")
struct KubernetesClientRequestTests {
    static let configMap: JSONValue = [
        "apiVersion": "v1", "kind": "ConfigMap",
        "metadata": ["name": "web", "namespace": "team-a", "resourceVersion": "7"], "data": ["k": "v"],
    ]

    @Test("a typed get addresses the default namespace and decodes the object")
    func typedGet() async throws {
        let transport = FakeTransport([.json(Self.configMap)])
        let client = makeClient(transport)
        let object = try await client.get(ConfigMap.self, name: "web")
        #expect(object.metadata.resourceVersion == "7")
        #expect(object.data == ["k": "v"])
        let request = try #require(transport.requests.first)
        #expect(request.method == .get)
        #expect(request.url == "https://api.example:6443/api/v1/namespaces/team-a/configmaps/web")
        #expect(request.header("Accept") == "application/json")
        #expect(request.header("User-Agent") == "aifleet/test (linux/amd64) kubeclient")
    }

    @Test("list options are percent-encoded in the query")
    func listQueryEncoding() async throws {
        let transport = FakeTransport([.json(["kind": "ConfigMapList", "metadata": ["resourceVersion": "9"], "items": nil])])
        let client = makeClient(transport)
        let list = try await client.list(
            ConfigMap.descriptor, namespace: nil,
            options: ListOptions(labelSelector: "tier in (gpu,cpu),app!=web", fieldSelector: "metadata.name=a b", limit: 10, continue: "eyJ2Ijo+/=", resourceVersion: "0", resourceVersionMatch: "NotOlderThan"))
        #expect(list.items.isEmpty)
        #expect(list.metadata.resourceVersion == "9")
        #expect(
            transport.requests.first?.url
                == "https://api.example:6443/api/v1/configmaps?labelSelector=tier%20in%20%28gpu%2Ccpu%29%2Capp%21%3Dweb&fieldSelector=metadata.name%3Da%20b&limit=10&continue=eyJ2Ijo%2B%2F%3D&resourceVersion=0&resourceVersionMatch=NotOlderThan")
    }

    @Test("create, update and updateStatus send the object as JSON to the right paths")
    func writes() async throws {
        let transport = FakeTransport([.json(Self.configMap), .json(Self.configMap), .json(Self.configMap)])
        let client = makeClient(transport)
        let object = ConfigMap(metadata: ObjectMeta(name: "web", namespace: "team-b"), data: ["k": "v"])
        _ = try await client.create(object, options: WriteOptions(fieldManager: "aifleet", dryRun: true))
        _ = try await client.update(object)
        _ = try await client.updateStatus(object)
        let requests = transport.requests
        #expect(requests.map(\.method) == [.post, .put, .put])
        #expect(requests[0].url == "https://api.example:6443/api/v1/namespaces/team-b/configmaps?dryRun=All&fieldManager=aifleet")
        #expect(requests[1].url == "https://api.example:6443/api/v1/namespaces/team-b/configmaps/web")
        #expect(requests[2].url == "https://api.example:6443/api/v1/namespaces/team-b/configmaps/web/status")
        #expect(requests[0].header("Content-Type") == "application/json")
        #expect(requests[0].bodyJSON?[path: "data", "k"] == "v")
        #expect(requests[0].bodyJSON?[path: "metadata", "name"] == "web")
    }

    @Test("patches and server-side apply use their content types and options")
    func patches() async throws {
        let transport = FakeTransport([.json(Self.configMap), .json(Self.configMap), .json(Self.configMap), .json(Self.configMap)])
        let client = makeClient(transport)
        _ = try await client.mergePatch(ConfigMap.self, name: "web", patch: ["data": ["k": nil]])
        _ = try await client.jsonPatch(ConfigMap.descriptor, name: "web", patch: [["op": "remove", "path": "/data/k"]])
        _ = try await client.apply(ConfigMap(metadata: ObjectMeta(name: "web"), data: ["k": "v"]), options: ApplyOptions(fieldManager: "aifleet", force: true))
        _ = try await client.applyStatus(Self.configMap, resource: ConfigMap.descriptor, options: ApplyOptions(fieldManager: "aifleet-status"))
        let requests = transport.requests
        #expect(requests.allSatisfy { $0.method == .patch })
        #expect(requests.map { $0.header("Content-Type") } == [
            "application/merge-patch+json", "application/json-patch+json", "application/apply-patch+yaml", "application/apply-patch+yaml",
        ])
        #expect(requests[0].bodyJSON == ["data": ["k": nil]])
        #expect(requests[2].url == "https://api.example:6443/api/v1/namespaces/team-a/configmaps/web?fieldManager=aifleet&force=true")
        #expect(requests[3].url == "https://api.example:6443/api/v1/namespaces/team-a/configmaps/web/status?fieldManager=aifleet-status")
        #expect(requests[2].bodyJSON?["data"] == ["k": "v"])
    }

    @Test("delete sends DeleteOptions with propagation, grace period and preconditions")
    func deleteOptions() async throws {
        let transport = FakeTransport([
            .json(["kind": "Status", "apiVersion": "v1", "status": "Success"]),
            .json(Self.configMap),
            .json(["kind": "Status", "apiVersion": "v1", "status": "Success"]),
        ])
        let client = makeClient(transport)
        let gone = try await client.delete(
            ConfigMap.self, name: "web",
            options: DeleteOptions(propagationPolicy: .foreground, gracePeriodSeconds: 0, preconditionUID: "u-1", preconditionResourceVersion: "7"))
        #expect(gone == nil)
        let terminating = try await client.delete(ConfigMap.descriptor, name: "web")
        #expect(terminating?[path: "metadata", "name"] == "web")
        try await client.deleteCollection(ConfigMap.self, namespace: "team-a", listOptions: ListOptions(labelSelector: "app=web"))
        let requests = transport.requests
        #expect(requests.map(\.method) == [.delete, .delete, .delete])
        let body = try #require(requests[0].bodyJSON)
        #expect(body["kind"] == "DeleteOptions")
        #expect(body["propagationPolicy"] == "Foreground")
        #expect(body["gracePeriodSeconds"] == 0)
        #expect(body["preconditions"] == ["uid": "u-1", "resourceVersion": "7"])
        #expect(requests[2].url == "https://api.example:6443/api/v1/namespaces/team-a/configmaps?labelSelector=app%3Dweb")
    }

    @Test("an object without a name is refused before anything is sent")
    func missingName() async {
        let transport = FakeTransport()
        let client = makeClient(transport)
        await #expect(throws: KubeAPIError.self) {
            _ = try await client.update(ConfigMap(metadata: ObjectMeta()))
        }
        #expect(transport.requests.isEmpty)
    }

    @Test("cluster-scoped resources ignore the namespace")
    func clusterScoped() async throws {
        let namespaces = ResourceDescriptor(kind: GroupVersionKind(group: "", version: "v1", kind: "Namespace"), plural: "namespaces", namespaced: false)
        let transport = FakeTransport([.json(["kind": "Namespace", "metadata": ["name": "x"]])])
        _ = try await makeClient(transport).get(namespaces, name: "x", namespace: "ignored")
        #expect(transport.requests.first?.url == "https://api.example:6443/api/v1/namespaces/x")
    }

    @Test("listAll follows continue tokens and returns every item with the first page's version")
    func listAllPages() async throws {
        func page(_ names: [String], continue token: String?, version: String) -> FakeTransport.Reply {
            var metadata: JSONObject = ["resourceVersion": .string(version)]
            if let token { metadata["continue"] = .string(token) }
            return .json(["kind": "ConfigMapList", "metadata": .object(metadata), "items": .array(names.map { ["metadata": ["name": .string($0)]] })])
        }
        let transport = FakeTransport([page(["a", "b"], continue: "t1", version: "10"), page(["c", "d"], continue: "t2", version: "10"), page(["e"], continue: nil, version: "10")])
        let list = try await makeClient(transport).listAll(ConfigMap.self, options: ListOptions(labelSelector: "app=web", resourceVersion: "0"), pageSize: 2)
        #expect(list.items.map(\.metadata.name) == ["a", "b", "c", "d", "e"])
        #expect(list.metadata.resourceVersion == "10")
        #expect(list.metadata.continue == nil)
        let urls = transport.requests.map(\.url)
        #expect(urls[0].hasSuffix("/configmaps?labelSelector=app%3Dweb&limit=2&resourceVersion=0"))
        #expect(urls[1].hasSuffix("/configmaps?labelSelector=app%3Dweb&limit=2&continue=t1"))
        #expect(urls[2].hasSuffix("/configmaps?labelSelector=app%3Dweb&limit=2&continue=t2"))
    }

    @Test("listAll lists again in one request when the continue token expires")
    func listAllRestartsOnExpiry() async throws {
        let transport = FakeTransport([
            .json(["kind": "ConfigMapList", "metadata": ["continue": "t1", "resourceVersion": "5"], "items": [["metadata": ["name": "a"]]]]),
            .status(410, reason: "Expired", message: "continue token too old"),
            .json(["kind": "ConfigMapList", "metadata": ["resourceVersion": "8"], "items": [["metadata": ["name": "a"]], ["metadata": ["name": "b"]]]]),
        ])
        let list = try await makeClient(transport).listAll(ConfigMap.descriptor, pageSize: 1)
        #expect(list.items.count == 2)
        #expect(list.metadata.resourceVersion == "8")
        #expect(transport.requests.last?.url == "https://api.example:6443/api/v1/configmaps")
    }

    @Test("discovery tells whether a group serves a resource")
    func discovery() async throws {
        let groups: JSONValue = [
            "kind": "APIGroupList",
            "groups": [["name": "keda.sh", "versions": [["groupVersion": "keda.sh/v1alpha1", "version": "v1alpha1"]], "preferredVersion": ["groupVersion": "keda.sh/v1alpha1", "version": "v1alpha1"]]],
        ]
        let resources: JSONValue = [
            "kind": "APIResourceList", "groupVersion": "keda.sh/v1alpha1",
            "resources": [["name": "scaledobjects", "singularName": "scaledobject", "namespaced": true, "kind": "ScaledObject", "verbs": ["get", "list"]]],
        ]
        let transport = FakeTransport([.json(groups), .json(resources), .json(groups)])
        let client = makeClient(transport)
        #expect(try await client.serves(resource: "scaledobjects", group: "keda.sh"))
        #expect(try await client.serves(resource: "scaledjobs", group: "example.com") == false)
        #expect(transport.requests.map(\.url) == [
            "https://api.example:6443/apis", "https://api.example:6443/apis/keda.sh/v1alpha1", "https://api.example:6443/apis",
        ])
    }

    @Test("serverVersion reads /version")
    func serverVersion() async throws {
        let transport = FakeTransport([.json(["major": "1", "minor": "36", "gitVersion": "v1.36.0", "platform": "linux/amd64"])])
        let version = try await makeClient(transport).serverVersion()
        #expect(version.gitVersion == "v1.36.0")
        #expect(transport.requests.first?.url == "https://api.example:6443/version")
    }
}
