import KubeCore
import Testing

@testable import KubeSim

@Suite("Server-side apply")
struct SSAServerSideApplyTests {
    static let schema = MergeSchema.builtIn(GroupVersionKind(group: "apps", version: "v1", kind: "Deployment"))

    static func deployment(replicas: Int64? = 3, containers: String = #"[{"name":"nginx","image":"nginx:1.27","ports":[{"containerPort":80}]}]"#) throws -> JSONValue {
        var object = try json(#"""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default","labels":{"app":"nginx"}},
             "spec":{"selector":{"matchLabels":{"app":"nginx"}},
              "template":{"metadata":{"labels":{"app":"nginx"}},"spec":{"containers":\#(containers)}}}}
            """#)
        if let replicas { object[path: "spec", "replicas"] = .int(replicas) }
        return object
    }

    /// Applies as the API server would, threading the object and its managed fields.
    struct Server {
        var object: JSONValue?
        var managedFields: [ManagedFieldsEntry] = []
        var clock = 0

        mutating func apply(_ config: JSONValue, as manager: String, force: Bool = false, subresource: String? = nil) throws(ApplyError) {
            clock += 1
            let result = try ServerSideApply.apply(
                config: config, to: object, manager: manager, force: force, managedFields: managedFields,
                schema: SSAServerSideApplyTests.schema, apiVersion: "apps/v1", subresource: subresource,
                now: "2026-11-23T00:00:0\(clock)Z")
            object = result.object
            managedFields = result.managedFields
        }

        mutating func update(to new: JSONValue, as manager: String, subresource: String? = nil) {
            clock += 1
            managedFields = ServerSideApply.recordUpdate(
                old: object, new: new, manager: manager, managedFields: managedFields, schema: SSAServerSideApplyTests.schema,
                apiVersion: "apps/v1", subresource: subresource, now: "2026-11-23T00:00:0\(clock)Z")
            object = new
        }

        func fields(of manager: String, operation: String = "Apply") -> [String] {
            guard let entry = managedFields.first(where: { $0.manager == manager && $0.operation == operation }),
                let trie = entry.fieldsV1, let set = try? FieldSet(fieldsV1: trie)
            else { return [] }
            return set.paths
        }

        subscript(path: String...) -> JSONValue? { object?[path: path] }
    }

    @Test("create by apply keeps the configuration and records one Apply entry as kubectl's is recorded")
    func createByApply() throws {
        var server = Server()
        try server.apply(try Self.deployment(), as: "kubectl")
        #expect(server["spec", "replicas"] == 3)
        #expect(server.managedFields.count == 1)
        let entry = try #require(server.managedFields.first)
        #expect(entry.operation == "Apply" && entry.apiVersion == "apps/v1" && entry.fieldsType == "FieldsV1")
        #expect(entry.fieldsV1 == (try json(SSAFieldSetTests.kubectlApply)))
        #expect(server["metadata", "managedFields"] == ServerSideApply.encode(server.managedFields))
        #expect(server["metadata", "name"] == "web")
    }

    @Test("re-applying the same configuration changes nothing, not even the entry's time")
    func reapplyIsNoOp() throws {
        var server = Server()
        try server.apply(try Self.deployment(), as: "kubectl")
        let first = server
        try server.apply(try Self.deployment(), as: "kubectl")
        #expect(server.object == first.object)
        #expect(server.managedFields == first.managedFields)
    }

    @Test("a field the applier stops applying is removed when nobody else owns it")
    func droppedFieldIsRemoved() throws {
        var server = Server()
        try server.apply(try Self.deployment(), as: "kubectl")
        try server.apply(try Self.deployment(replicas: nil), as: "kubectl")
        #expect(server["spec", "replicas"] == nil)
        #expect(!server.fields(of: "kubectl").contains(".spec.replicas"))
        #expect(server["spec", "selector"] != nil)
    }

    @Test("a field the applier stops applying stays when another manager also owns it")
    func coOwnedFieldStays() throws {
        var server = Server()
        try server.apply(try Self.deployment(), as: "kubectl")
        try server.apply(try json(#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":3}}"#), as: "autoscaler")
        try server.apply(try Self.deployment(replicas: nil), as: "kubectl")
        #expect(server["spec", "replicas"] == 3)
        #expect(server.fields(of: "autoscaler") == [".spec.replicas"])
    }

    @Test("applying the value another applier set shares ownership instead of conflicting")
    func sharedOwnership() throws {
        var server = Server()
        try server.apply(try Self.deployment(), as: "kubectl")
        try server.apply(try json(#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":3}}"#), as: "other")
        #expect(server.fields(of: "kubectl").contains(".spec.replicas"))
        #expect(server.fields(of: "other") == [".spec.replicas"])
    }

    @Test("a different value for another applier's field is a conflict naming the manager and field")
    func conflictWithApplier() throws {
        var server = Server()
        try server.apply(try Self.deployment(), as: "kubectl")
        let before = server
        let config = try json(#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":5}}"#)
        #expect(throws: ApplyError.conflicts([ApplyConflict(manager: "kubectl", field: ".spec.replicas", apiVersion: "apps/v1")])) {
            try server.apply(config, as: "hpa")
        }
        #expect(server.object == before.object)
        do {
            try server.apply(config, as: "hpa")
        } catch {
            #expect(error.message == #"Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas"#)
        }
    }

    @Test("force takes the field from the other manager, whose empty entry is dropped")
    func forceTakesOwnership() throws {
        var server = Server()
        try server.apply(try json(#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":3}}"#), as: "first")
        try server.apply(try json(#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":5}}"#), as: "second", force: true)
        #expect(server["spec", "replicas"] == 5)
        #expect(server.fields(of: "second") == [".spec.replicas"])
        #expect(server.managedFields.map(\.manager) == ["second"])
    }

    @Test("a field set by a plain update conflicts too, and the message names its API version")
    func conflictWithUpdater() throws {
        var server = Server()
        server.update(to: try Self.deployment(), as: "kubectl-client-side-apply")
        #expect(server.fields(of: "kubectl-client-side-apply", operation: "Update").contains(".spec.replicas"))
        let config = try json(#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":1}}"#)
        do {
            try server.apply(config, as: "kubectl")
            Issue.record("expected a conflict")
        } catch {
            #expect(error == .conflicts([ApplyConflict(manager: "kubectl-client-side-apply", field: ".spec.replicas", operation: "Update", apiVersion: "apps/v1")]))
            #expect(error.message == #"Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas"#)
        }
    }

    @Test("an update takes the fields it changes from an applier, and an apply then conflicts with it")
    func updateTakesOwnership() throws {
        var server = Server()
        try server.apply(try Self.deployment(), as: "kubectl")
        var scaled = try #require(server.object)
        scaled[path: "spec", "replicas"] = 7
        server.update(to: scaled, as: "kubectl-scale")
        #expect(!server.fields(of: "kubectl").contains(".spec.replicas"))
        #expect(server.fields(of: "kubectl-scale", operation: "Update") == [".spec.replicas"])
        #expect(throws: ApplyError.self) { try server.apply(try Self.deployment(), as: "kubectl") }
    }

    @Test("two appliers each own their own container of the same list, and dropping one keeps the other")
    func associativeItemsPerKey() throws {
        var server = Server()
        try server.apply(try Self.deployment(containers: #"[{"name":"app","image":"app:1"}]"#), as: "team-a")
        try server.apply(
            try json(#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"proxy:1"}]}}}}"#),
            as: "team-b")
        let names = { (server: Server) in server["spec", "template", "spec", "containers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } }
        #expect(names(server) == ["app", "sidecar"])
        #expect(server.fields(of: "team-b").contains(#".spec.template.spec.containers[name="sidecar"].image"#))
        #expect(!server.fields(of: "team-a").contains(#".spec.template.spec.containers[name="sidecar"]"#))
        try server.apply(try Self.deployment(containers: #"[{"name":"app","image":"app:2"}]"#), as: "team-a")
        #expect(names(server) == ["app", "sidecar"])
        try server.apply(try json(#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"}}"#), as: "team-b")
        #expect(names(server) == ["app"])
    }

    @Test("the status subresource's applier is a separate entry; a main-resource apply ignores status")
    func statusIsSeparate() throws {
        var server = Server()
        try server.apply(try Self.deployment(), as: "kubectl")
        try server.apply(
            try json(#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"status":{"replicas":3,"conditions":[{"type":"Available","status":"True"}]}}"#),
            as: "controller", subresource: "status")
        #expect(server["status", "replicas"] == 3)
        #expect(server["spec", "replicas"] == 3, "a status apply leaves spec alone")
        let status = try #require(server.managedFields.first { $0.manager == "controller" })
        #expect(status.subresource == "status")
        #expect(server.fields(of: "controller").contains(#".status.conditions[type="Available"].status"#))
        var withStatus = try Self.deployment()
        withStatus[path: "status"] = ["replicas": 99]
        try server.apply(withStatus, as: "kubectl")
        #expect(server["status", "replicas"] == 3)
        #expect(!server.fields(of: "kubectl").contains(".status.replicas"))
    }

    @Test("an associative list item without its key is invalid")
    func missingKey() throws {
        var server = Server()
        #expect(throws: ApplyError.invalid(#".spec.template.spec.containers: associative list with keys has an element that omits key field "name""#)) {
            try server.apply(try Self.deployment(containers: #"[{"image":"x"}]"#), as: "kubectl")
        }
    }

    @Test("an update records the fields it sets on create and keeps one entry per manager and operation")
    func updateEntries() throws {
        var server = Server()
        server.update(to: try Self.deployment(), as: "kubectl-create")
        var changed = try #require(server.object)
        changed[path: "metadata", "labels", "extra"] = "yes"
        server.update(to: changed, as: "kubectl-create")
        #expect(server.managedFields.count == 1)
        #expect(server.fields(of: "kubectl-create", operation: "Update").contains(".metadata.labels.extra"))
        #expect(!server.fields(of: "kubectl-create", operation: "Update").contains(".metadata.name"))
        changed[path: "spec", "template", "spec", "containers"] = .array([])
        server.update(to: changed, as: "editor")
        #expect(!server.fields(of: "kubectl-create", operation: "Update").contains(where: { $0.contains("containers[") }))
    }
}
