import KubeCore
import Testing
@testable import KubeSim

@Suite("Finalizers, garbage collection, CRD and namespace deletion")
struct LifecycleTests {
    private func exists(_ test: TestServer, _ path: String) async throws -> Bool {
        try await test.client.get(path).code == 200
    }

    @Test("a delete with a finalizer pending only sets deletionTimestamp; removing it deletes the object")
    func finalizerHoldsDeletion() async throws {
        try await TestServer.with { test in
            var body = Fixtures.configMap("fin")
            body[path: "metadata", "finalizers"] = ["example.com/hold"]
            _ = try await test.client.post(Fixtures.configMaps, body)
            let deleted = try await test.client.delete("\(Fixtures.configMaps)/fin")
            #expect(deleted.code == 200)
            var object = try await test.client.get("\(Fixtures.configMaps)/fin").body
            #expect(object[path: "metadata", "deletionTimestamp"]?.stringValue != nil)
            var adding = object
            adding[path: "metadata", "finalizers"] = ["example.com/hold", "example.com/more"]
            let refused = try await test.client.put("\(Fixtures.configMaps)/fin", adding)
            #expect(refused.code == 422)
            #expect(refused.body[path: "details", "causes"]?[0]?["reason"] == "FieldValueForbidden")
            object[path: "metadata", "finalizers"] = []
            let released = try await test.client.put("\(Fixtures.configMaps)/fin", object)
            #expect(released.code == 200)
            #expect(released.body[path: "metadata", "finalizers"] == [], "the answer is the object as written")
            #expect(try await exists(test, "\(Fixtures.configMaps)/fin") == false)
        }
    }

    private func owned(_ name: String, by owner: JSONValue, block: Bool = false) -> JSONValue {
        var body = Fixtures.configMap(name)
        body[path: "metadata", "ownerReferences"] = [[
            "apiVersion": "v1", "kind": "ConfigMap", "name": owner[path: "metadata", "name"] ?? "",
            "uid": owner[path: "metadata", "uid"] ?? "", "blockOwnerDeletion": .bool(block),
        ]]
        return body
    }

    @Test("an object may have one controller: a second controller reference is refused on create, update and apply")
    func oneControllerOnly() async throws {
        try await TestServer.with { test in
            let first = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("first")).body
            let second = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("second")).body
            func reference(_ owner: JSONValue, controller: Bool) -> JSONValue {
                ["apiVersion": "v1", "kind": "ConfigMap", "name": owner[path: "metadata", "name"] ?? "",
                 "uid": owner[path: "metadata", "uid"] ?? "", "controller": .bool(controller)]
            }
            var child = Fixtures.configMap("child")
            child[path: "metadata", "ownerReferences"] = [reference(first, controller: true), reference(second, controller: true)]
            let created = try await test.client.post(Fixtures.configMaps, child)
            #expect(created.code == 422)
            let cause = created.body[path: "details", "causes"]?[0]
            #expect(cause?["field"] == "metadata.ownerReferences")
            #expect(cause?["message"]?.stringValue?.contains(
                #"Only one reference can have Controller set to true. Found "true" in references for ConfigMap/first and ConfigMap/second"#) == true)

            // Each further controller is a cause of its own, against the first.
            let third = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("third")).body
            child[path: "metadata", "ownerReferences"] = [
                reference(first, controller: true), reference(second, controller: true), reference(third, controller: true),
            ]
            let causes = try await test.client.post(Fixtures.configMaps, child).body[path: "details", "causes"]?.arrayValue ?? []
            #expect(causes.count == 2)
            #expect(causes.last?["message"]?.stringValue?.hasSuffix("in references for ConfigMap/first and ConfigMap/third") == true)

            // One controller and a plain owner is fine.
            child[path: "metadata", "ownerReferences"] = [reference(first, controller: true), reference(second, controller: false)]
            var stored = try await test.client.post(Fixtures.configMaps, child).body
            stored[path: "metadata", "ownerReferences"] = [reference(first, controller: true), reference(second, controller: true)]
            #expect(try await test.client.put("\(Fixtures.configMaps)/child", stored).code == 422)

            // Server-side apply merges owner references by uid: another manager's controller
            // reference next to the first one is refused, as it is by kube-apiserver.
            let applied: JSONValue = [
                "apiVersion": "v1", "kind": "ConfigMap",
                "metadata": ["name": "child", "ownerReferences": [reference(second, controller: true)]],
            ]
            let apply = try await test.client.patch(
                "\(Fixtures.configMaps)/child?fieldManager=other&force=true", applied, type: "application/apply-patch+yaml")
            #expect(apply.code == 422)
        }
    }

    @Test("background deletion garbage-collects dependents after the owner goes")
    func backgroundCascade() async throws {
        try await TestServer.with { test in
            let owner = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("owner")).body
            _ = try await test.client.post(Fixtures.configMaps, owned("child", by: owner))
            _ = try await test.client.delete("\(Fixtures.configMaps)/owner")
            #expect(try await exists(test, "\(Fixtures.configMaps)/owner") == false)
            #expect(try await test.eventually { try await !exists(test, "\(Fixtures.configMaps)/child") })
        }
    }

    @Test("foreground deletion removes blocking dependents before the owner")
    func foregroundCascade() async throws {
        try await TestServer.with { test in
            let owner = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("fg")).body
            var child = owned("fg-child", by: owner, block: true)
            child[path: "metadata", "finalizers"] = ["example.com/slow"]
            _ = try await test.client.post(Fixtures.configMaps, child)
            let reply = try await test.client.delete("\(Fixtures.configMaps)/fg", ["propagationPolicy": "Foreground"])
            #expect(reply.body[path: "metadata", "finalizers"] == ["foregroundDeletion"])
            #expect(reply.body[path: "metadata", "managedFields"] != .null, "no field is written as null")
            #expect(try await test.eventually {
                try await test.client.get("\(Fixtures.configMaps)/fg-child").body[path: "metadata", "deletionTimestamp"] != nil
            })
            #expect(try await exists(test, "\(Fixtures.configMaps)/fg"), "the owner waits for its blocking dependent")
            var pending = try await test.client.get("\(Fixtures.configMaps)/fg-child").body
            pending[path: "metadata", "finalizers"] = nil
            _ = try await test.client.put("\(Fixtures.configMaps)/fg-child", pending)
            #expect(try await test.eventually { try await !exists(test, "\(Fixtures.configMaps)/fg") })
        }
    }

    @Test("orphan deletion removes the owner reference and keeps the dependent")
    func orphanKeepsDependents() async throws {
        try await TestServer.with { test in
            let owner = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("orph")).body
            _ = try await test.client.post(Fixtures.configMaps, owned("orph-child", by: owner))
            _ = try await test.client.delete("\(Fixtures.configMaps)/orph", ["propagationPolicy": "Orphan"])
            #expect(try await test.eventually { try await !exists(test, "\(Fixtures.configMaps)/orph") })
            let child = try await test.client.get("\(Fixtures.configMaps)/orph-child")
            #expect(child.code == 200)
            #expect(child.body[path: "metadata", "ownerReferences"] == nil)
        }
    }

    @Test("a dependent whose owner uid does not exist is collected")
    func danglingOwnerIsCollected() async throws {
        try await TestServer.with { test in
            let ghost: JSONValue = ["metadata": ["name": "ghost", "uid": "00000000-0000-0000-0000-000000000000"]]
            _ = try await test.client.post(Fixtures.configMaps, owned("stray", by: ghost))
            #expect(try await test.eventually { try await !exists(test, "\(Fixtures.configMaps)/stray") })
        }
    }

    @Test("a dependent of an owner recreated under the same name (another uid) is collected; one of the living owner is kept")
    func ownerIdentityIsTheUID() async throws {
        try await TestServer.with { test in
            let first = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("reborn")).body
            _ = try await test.client.delete("\(Fixtures.configMaps)/reborn")
            let second = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("reborn")).body
            #expect(first[path: "metadata", "uid"] != second[path: "metadata", "uid"])
            _ = try await test.client.post(Fixtures.configMaps, owned("of-first", by: first))
            _ = try await test.client.post(Fixtures.configMaps, owned("of-second", by: second))
            #expect(try await test.eventually { try await !exists(test, "\(Fixtures.configMaps)/of-first") })
            #expect(try await exists(test, "\(Fixtures.configMaps)/of-second"))
        }
    }

    @Test("a dependent added to an owner waiting for its dependents (foreground deletion) is collected too")
    func dependentOfTerminatingOwner() async throws {
        try await TestServer.with { test in
            let owner = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("closing")).body
            var blocker = owned("blocker", by: owner, block: true)
            blocker[path: "metadata", "finalizers"] = ["example.com/slow"]
            _ = try await test.client.post(Fixtures.configMaps, blocker)
            _ = try await test.client.delete("\(Fixtures.configMaps)/closing", ["propagationPolicy": "Foreground"])
            #expect(try await test.eventually {
                try await test.client.get("\(Fixtures.configMaps)/blocker").body[path: "metadata", "deletionTimestamp"] != nil
            })
            _ = try await test.client.post(Fixtures.configMaps, owned("late", by: owner))
            #expect(try await test.eventually { try await !exists(test, "\(Fixtures.configMaps)/late") })
            #expect(try await exists(test, "\(Fixtures.configMaps)/closing"), "the owner still waits for its blocker")
        }
    }

    @Test("a CRD is established when created and takes its custom resources with it when deleted")
    func crdLifecycle() async throws {
        try await TestServer.with { test in
            let crd = try await test.client.post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Fixtures.gadgetCRD)
            #expect(crd.code == 201)
            let conditions = crd.body[path: "status", "conditions"]?.arrayValue ?? []
            #expect(conditions.contains { $0["type"] == "Established" && $0["status"] == "True" })
            #expect(crd.body[path: "status", "acceptedNames", "kind"] == "Gadget")
            #expect(try await test.client.post(Fixtures.gadgets, Fixtures.gadget("g1")).code == 201)
            _ = try await test.client.delete("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.com")
            #expect(try await test.client.get(Fixtures.gadgets).code == 404)
            try test.installGadgets()
            #expect(try await test.client.get("\(Fixtures.gadgets)/g1").code == 404)
        }
    }

    @Test("deleting a namespace deletes its objects, then the namespace")
    func namespaceDeletion() async throws {
        try await TestServer.with { test in
            _ = try await test.client.post("/api/v1/namespaces", ["metadata": ["name": "doomed"]])
            _ = try await test.client.post("/api/v1/namespaces/doomed/configmaps", Fixtures.configMap("inside"))
            let reply = try await test.client.delete("/api/v1/namespaces/doomed")
            #expect(reply.body[path: "status", "phase"] == "Terminating")
            #expect(try await test.eventually { try await !exists(test, "/api/v1/namespaces/doomed") })
            #expect(try await !exists(test, "/api/v1/namespaces/doomed/configmaps/inside"))
        }
    }
}
