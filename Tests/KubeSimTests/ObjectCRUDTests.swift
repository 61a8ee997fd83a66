import KubeCore
import Testing
@testable import KubeSim

@Suite("Create, get, update and delete as kube-apiserver answers them")
struct ObjectCRUDTests {
    @Test("a created object gets uid, creationTimestamp, generation 1 and a resourceVersion")
    func createFillsSystemMetadata() async throws {
        try await TestServer.with { test in
            let reply = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("one"))
            #expect(reply.code == 201)
            let metadata = reply.body["metadata"]
            #expect(metadata?["uid"]?.stringValue?.count == 36)
            #expect(metadata?["creationTimestamp"]?.stringValue?.hasSuffix("Z") == true)
            #expect(metadata?["generation"] == 1)
            #expect(metadata?["namespace"] == "default")
            let version = try #require(metadata?["resourceVersion"]?.stringValue.flatMap { UInt64($0) })
            #expect(version == test.server.resourceVersion)
            let fetched = try await test.client.get("\(Fixtures.configMaps)/one")
            #expect(fetched.body == reply.body)
        }
    }

    @Test("an object with nothing to own gets no managedFields rather than a null")
    func noNullManagedFields() async throws {
        try await TestServer.with { test in
            let reply = try await test.client.post(Fixtures.configMaps, ["metadata": ["name": "bare"]])
            #expect(reply.code == 201)
            #expect(reply.body[path: "metadata", "managedFields"] != .null)
        }
    }

    @Test("a taken name is AlreadyExists naming the plural resource")
    func duplicateNameIsAlreadyExists() async throws {
        try await TestServer.with { test in
            _ = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("dup"))
            let reply = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("dup"))
            #expect(reply.code == 409)
            #expect(reply.body["reason"] == "AlreadyExists")
            #expect(reply.body[path: "details", "kind"] == "configmaps")
            #expect(reply.body[path: "details", "name"] == "dup")
        }
    }

    @Test("a create carrying a resourceVersion is refused as etcd3's store refuses it; 0 and non-numbers pass")
    func createWithResourceVersionIsRefused() async throws {
        try await TestServer.with { test in
            var copied = Fixtures.configMap("copied")
            copied[path: "metadata", "resourceVersion"] = "42"
            let reply = try await test.client.post(Fixtures.configMaps, copied)
            #expect(reply.code == 500)
            #expect(reply.body["message"] == "resourceVersion should not be set on objects to be created")
            #expect(reply.body["reason"] == nil, "kube-apiserver gives a storage error no reason")
            #expect(try await test.client.get("\(Fixtures.configMaps)/copied").code == 404)
            for (name, version) in [("zero", "0"), ("word", "abc")] {
                var object = Fixtures.configMap(name)
                object[path: "metadata", "resourceVersion"] = .string(version)
                #expect(try await test.client.post(Fixtures.configMaps, object).code == 201, "resourceVersion \(version)")
            }
        }
    }

    @Test("a Job's template, completions and completion mode are immutable; scheduling directives move only while it is suspended and never started")
    func jobTemplateIsImmutable() async throws {
        try await TestServer.with { test in
            let jobs = "/apis/batch/v1/namespaces/default/jobs"
            let job: JSONValue = [
                "apiVersion": "batch/v1", "kind": "Job", "metadata": ["name": "train"],
                "spec": [
                    "suspend": true, "completions": 2, "parallelism": 2,
                    "template": ["spec": [
                        "restartPolicy": "Never", "containers": [["name": "worker", "image": "trainer:1"]],
                    ]],
                ],
            ]
            var stored = try await test.client.post(jobs, job).body
            var changed = stored
            changed[path: "spec", "template", "spec", "tolerations"] = [["key": "kueue", "operator": "Exists"]]
            let placed = try await test.client.put("\(jobs)/train", changed)
            #expect(placed.code == 200, "a suspended Job that never started takes scheduling directives (Kueue)")
            stored = placed.body

            changed = stored
            changed[path: "spec", "template", "spec", "containers"] = [["name": "worker", "image": "trainer:2"]]
            let image = try await test.client.put("\(jobs)/train", changed)
            #expect(image.code == 422)
            #expect(image.body[path: "details", "causes"]?[0]?["field"] == "spec.template")
            #expect(image.body[path: "details", "causes"]?[0]?["message"]?.stringValue?.hasSuffix("field is immutable") == true)
            changed = stored
            changed[path: "spec", "completions"] = 3
            #expect(try await test.client.put("\(jobs)/train", changed).code == 422)

            // Started: no template change at all.
            changed = stored
            changed["status"] = ["startTime": "2026-11-24T05:00:00Z", "active": 1]
            stored = try await test.client.put("\(jobs)/train/status", changed).body
            changed = stored
            changed[path: "spec", "template", "spec", "nodeSelector"] = ["pool": "spot"]
            #expect(try await test.client.put("\(jobs)/train", changed).code == 422, "a Job that started keeps its scheduling directives too")
            changed = stored
            changed[path: "spec", "parallelism"] = 1
            #expect(try await test.client.put("\(jobs)/train", changed).code == 200, "parallelism may change")
        }
    }

    @Test("a missing object is NotFound naming the plural resource and group")
    func missingObjectIsNotFound() async throws {
        try await TestServer.with { test in
            let reply = try await test.client.get("\(Fixtures.deployments)/nothing")
            #expect(reply.code == 404)
            #expect(reply.body["kind"] == "Status")
            #expect(reply.body["reason"] == "NotFound")
            #expect(reply.body[path: "details", "kind"] == "deployments")
            #expect(reply.body[path: "details", "group"] == "apps")
        }
    }

    @Test("names must be DNS-1123 subdomains; an invalid one is a 422 naming the Kind")
    func invalidNameIsRejected() async throws {
        try await TestServer.with { test in
            let reply = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("Not_Valid"))
            #expect(reply.code == 422)
            #expect(reply.body["reason"] == "Invalid")
            #expect(reply.body[path: "details", "kind"] == "ConfigMap")
            #expect(reply.body[path: "details", "causes"]?[0]?["field"] == "metadata.name")
            let namespace = try await test.client.post("/api/v1/namespaces", ["metadata": ["name": "has.dot"]])
            #expect(namespace.code == 422, "namespaces are DNS-1123 labels: no dots")
        }
    }

    @Test("generateName adds a random suffix")
    func generateNameMakesAName() async throws {
        try await TestServer.with { test in
            let body: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["generateName": "gen-"]]
            let first = try await test.client.post(Fixtures.configMaps, body)
            let second = try await test.client.post(Fixtures.configMaps, body)
            let name = try #require(first.body[path: "metadata", "name"]?.stringValue)
            #expect(name.hasPrefix("gen-") && name.count == 9)
            #expect(second.body[path: "metadata", "name"] != first.body[path: "metadata", "name"])
        }
    }

    @Test("objects need an existing namespace")
    func namespaceMustExist() async throws {
        try await TestServer.with { test in
            let reply = try await test.client.post("/api/v1/namespaces/nowhere/configmaps", Fixtures.configMap("x"))
            #expect(reply.code == 404)
            #expect(reply.body[path: "details", "kind"] == "namespaces")
            let defaults = try await test.client.get("/api/v1/namespaces")
            let names = defaults.body["items"]?.arrayValue?.compactMap { $0[path: "metadata", "name"]?.stringValue } ?? []
            #expect(Set(["default", "kube-system", "kube-public"]).isSubset(of: Set(names)))
        }
    }

    @Test("an update with a stale resourceVersion is refused with 409 Conflict")
    func staleUpdateIsRefused() async throws {
        try await TestServer.with { test in
            let created = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("cc"))
            var first = created.body
            first["data"] = ["a": "2"]
            let updated = try await test.client.put("\(Fixtures.configMaps)/cc", first)
            #expect(updated.code == 200)
            var stale = created.body
            stale["data"] = ["a": "3"]
            let refused = try await test.client.put("\(Fixtures.configMaps)/cc", stale)
            #expect(refused.code == 409)
            #expect(refused.body["reason"] == "Conflict")
            let stored = try await test.client.get("\(Fixtures.configMaps)/cc")
            #expect(stored.body[path: "data", "a"] == "2")
        }
    }

    @Test("generation moves on spec changes only; status writes and metadata changes keep it")
    func generationFollowsSpec() async throws {
        try await TestServer.with { test in
            try test.installGadgets()
            let path = "\(Fixtures.gadgets)/g"
            var object = try await test.client.post(Fixtures.gadgets, Fixtures.gadget("g")).body
            #expect(object[path: "metadata", "generation"] == 1)
            object[path: "metadata", "labels"] = ["team": "a"]
            object = try await test.client.put(path, object).body
            #expect(object[path: "metadata", "generation"] == 1, "a metadata change keeps generation")
            object["status"] = ["replicas": 3]
            object = try await test.client.put("\(path)/status", object).body
            #expect(object[path: "status", "replicas"] == 3)
            #expect(object[path: "metadata", "generation"] == 1, "a status write keeps generation")
            object[path: "spec", "size"] = "large"
            object["status"] = ["replicas": 9]
            object = try await test.client.put(path, object).body
            #expect(object[path: "metadata", "generation"] == 2, "a spec change bumps generation")
            #expect(object[path: "status", "replicas"] == 3, "the main resource ignores status")
        }
    }

    @Test("an update that changes nothing keeps the resourceVersion")
    func noOpUpdateIsNotStored() async throws {
        try await TestServer.with { test in
            let created = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("same")).body
            let again = try await test.client.put("\(Fixtures.configMaps)/same", created).body
            #expect(again[path: "metadata", "resourceVersion"] == created[path: "metadata", "resourceVersion"])
        }
    }

    @Test("custom resources are defaulted from their structural schema and pruned of unknown fields")
    func customResourcesAreDefaultedAndPruned() async throws {
        try await TestServer.with { test in
            try test.installGadgets()
            var body = Fixtures.gadget("d")
            body[path: "spec", "unknown"] = "dropped"
            let created = try await test.client.post(Fixtures.gadgets, body).body
            #expect(created[path: "spec", "color"] == "blue")
            #expect(created[path: "spec", "replicas"] == 1)
            #expect(created[path: "spec", "unknown"] == nil)
        }
    }

    @Test("requests without the bearer token get 401 when the server has one")
    func bearerTokenIsRequired() async throws {
        try await TestServer.with({ $0.bearerToken = "s3cret" }) { test in
            let denied = try await test.client.request("GET", "/api/v1/namespaces", token: .some(nil))
            #expect(denied.code == 401)
            #expect(denied.body["reason"] == "Unauthorized")
            let wrong = try await test.client.request("GET", "/api/v1/namespaces", token: "other")
            #expect(wrong.code == 401)
            let allowed = try await test.client.get("/api/v1/namespaces")
            #expect(allowed.code == 200)
        }
    }
}
