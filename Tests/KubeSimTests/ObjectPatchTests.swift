import KubeCore
import Testing
@testable import KubeSim

@Suite("PATCH over HTTP: merge, JSON, strategic merge and server-side apply")
struct ObjectPatchTests {
    private let merge = "application/merge-patch+json"
    private let apply = "application/apply-patch+yaml"

    @Test("a JSON merge patch changes one field and bumps generation on spec changes")
    func mergePatch() async throws {
        try await TestServer.with { test in
            try test.installGadgets()
            _ = try await test.client.post(Fixtures.gadgets, Fixtures.gadget("m"))
            let reply = try await test.client.patch("\(Fixtures.gadgets)/m", ["spec": ["size": "huge"]], type: merge)
            #expect(reply.code == 200)
            #expect(reply.body[path: "spec", "size"] == "huge")
            #expect(reply.body[path: "metadata", "generation"] == 2)
            let status = try await test.client.patch("\(Fixtures.gadgets)/m/status", ["status": ["replicas": 2]], type: merge)
            #expect(status.body[path: "status", "replicas"] == 2)
            #expect(status.body[path: "metadata", "generation"] == 2)
        }
    }

    @Test("a JSON patch applies its operations; a failed test operation is 422")
    func jsonPatch() async throws {
        try await TestServer.with { test in
            _ = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("j"))
            let ops: JSONValue = [["op": "add", "path": "/data/b", "value": "2"], ["op": "remove", "path": "/data/a"]]
            let reply = try await test.client.patch("\(Fixtures.configMaps)/j", ops, type: "application/json-patch+json")
            #expect(reply.body["data"] == ["b": "2"])
            let failing: JSONValue = [["op": "test", "path": "/data/b", "value": "9"]]
            #expect(try await test.client.patch("\(Fixtures.configMaps)/j", failing, type: "application/json-patch+json").code == 422)
        }
    }

    @Test("a strategic merge patch merges containers by name; on a custom resource it is 415")
    func strategicMergePatch() async throws {
        try await TestServer.with { test in
            _ = try await test.client.post(Fixtures.deployments, Fixtures.deployment("smp"))
            let patch: JSONValue = ["spec": ["template": ["spec": ["containers": [["name": "sidecar", "image": "envoy"]]]]]]
            let reply = try await test.client.patch("\(Fixtures.deployments)/smp", patch, type: "application/strategic-merge-patch+json")
            #expect(reply.code == 200)
            let names = reply.body[path: "spec", "template", "spec", "containers"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
            #expect(names == ["main", "sidecar"])
            try test.installGadgets()
            _ = try await test.client.post(Fixtures.gadgets, Fixtures.gadget("s"))
            let refused = try await test.client.patch("\(Fixtures.gadgets)/s", ["spec": ["size": "x"]], type: "application/strategic-merge-patch+json")
            #expect(refused.code == 415)
            #expect(refused.body["reason"] == "UnsupportedMediaType")
        }
    }

    @Test("an apply without fieldManager is 422 naming PatchOptions")
    func applyNeedsFieldManager() async throws {
        try await TestServer.with { test in
            try test.installGadgets()
            let reply = try await test.client.patch("\(Fixtures.gadgets)/a", Fixtures.gadget("a"), type: apply)
            #expect(reply.code == 422)
            #expect(reply.body[path: "details", "kind"] == "PatchOptions")
            #expect(reply.body[path: "details", "causes"]?[0]?["reason"] == "FieldValueRequired")
        }
    }

    @Test("apply creates, records managedFields, and a conflicting apply is 409 unless forced")
    func applyConflicts() async throws {
        try await TestServer.with { test in
            try test.installGadgets()
            let created = try await test.client.patch("\(Fixtures.gadgets)/a?fieldManager=alice", Fixtures.gadget("a", size: "s"), type: apply)
            #expect(created.code == 201 || created.code == 200)
            let managers = created.body[path: "metadata", "managedFields"]?.arrayValue?.compactMap { $0["manager"]?.stringValue }
            #expect(managers?.contains("alice") == true)
            let conflict = try await test.client.patch("\(Fixtures.gadgets)/a?fieldManager=bob", Fixtures.gadget("a", size: "l"), type: apply)
            #expect(conflict.code == 409)
            #expect(conflict.body["reason"] == "Conflict")
            let cause = conflict.body[path: "details", "causes"]?[0]
            #expect(cause?["reason"] == "FieldManagerConflict")
            #expect(cause?["field"] == ".spec.size")
            let forced = try await test.client.patch("\(Fixtures.gadgets)/a?fieldManager=bob&force=true", Fixtures.gadget("a", size: "l"), type: apply)
            #expect(forced.code == 200)
            #expect(forced.body[path: "spec", "size"] == "l")
        }
    }

    /// What controllers rely on to create an object only if it does not exist (java-operator-sdk's
    /// precondition, aifleet's children): kube-apiserver checks an applied resourceVersion against
    /// an existing object and ignores it when the apply creates the object.
    @Test("an applied resourceVersion is a precondition on an existing object and ignored on create")
    func applyResourceVersionPrecondition() async throws {
        try await TestServer.with { test in
            try test.installGadgets()
            var createOnly = Fixtures.gadget("p", size: "s")
            createOnly[path: "metadata", "resourceVersion"] = "1"
            let created = try await test.client.patch("\(Fixtures.gadgets)/p?fieldManager=alice", createOnly, type: apply)
            #expect(created.code == 201)
            #expect(created.body[path: "metadata", "resourceVersion"] != "1")
            let again = try await test.client.patch("\(Fixtures.gadgets)/p?fieldManager=alice&force=true", createOnly, type: apply)
            #expect(again.code == 409)
            #expect(again.body["reason"] == "Conflict")
            var current = Fixtures.gadget("p", size: "m")
            current[path: "metadata", "resourceVersion"] = created.body[path: "metadata", "resourceVersion"]
            let updated = try await test.client.patch("\(Fixtures.gadgets)/p?fieldManager=alice", current, type: apply)
            #expect(updated.code == 200)
            #expect(updated.body[path: "spec", "size"] == "m")
        }
    }

    @Test("an apply that drops a field removes it only if no other manager owns it")
    func applyRemovesOnlyUnsharedFields() async throws {
        try await TestServer.with { test in
            try test.installGadgets()
            var first = Fixtures.gadget("r")
            first[path: "spec", "tags"] = ["x"]
            first[path: "metadata", "labels"] = ["shared": "yes", "mine": "yes"]
            _ = try await test.client.patch("\(Fixtures.gadgets)/r?fieldManager=alice", first, type: apply)
            // bob applies the same value of one label: both own it.
            let bobs: JSONValue = ["apiVersion": "example.com/v1", "kind": "Gadget", "metadata": ["name": "r", "labels": ["shared": "yes"]]]
            #expect(try await test.client.patch("\(Fixtures.gadgets)/r?fieldManager=bob", bobs, type: apply).code == 200)
            // alice stops applying both labels and the tags.
            let reply = try await test.client.patch("\(Fixtures.gadgets)/r?fieldManager=alice", Fixtures.gadget("r"), type: apply)
            #expect(reply.body[path: "metadata", "labels"] == ["shared": "yes"], "bob still owns `shared`; `mine` goes")
            #expect(reply.body[path: "spec", "tags"] == nil)
        }
    }

    @Test("an update records an Update entry; a later apply of that field conflicts with it")
    func updateManagerConflicts() async throws {
        try await TestServer.with { test in
            try test.installGadgets()
            _ = try await test.client.post("\(Fixtures.gadgets)?fieldManager=creator", Fixtures.gadget("u"))
            let entries = try await test.client.get("\(Fixtures.gadgets)/u").body[path: "metadata", "managedFields"]?.arrayValue ?? []
            #expect(entries.contains { $0["manager"] == "creator" && $0["operation"] == "Update" && $0["fieldsType"] == "FieldsV1" })
            let conflict = try await test.client.patch("\(Fixtures.gadgets)/u?fieldManager=applier", Fixtures.gadget("u", size: "big"), type: apply)
            #expect(conflict.code == 409)
        }
    }
}
