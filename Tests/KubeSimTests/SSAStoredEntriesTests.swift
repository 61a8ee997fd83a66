import KubeCore
import Testing

@testable import KubeSim

/// The managed fields of ordinary writes recorded on the stored JSON: the same result as the
/// general path in every case, and the shortcut (only the writer's time changes) taken exactly
/// where it may be.
@Suite("Server-side apply: updates recorded on stored managed fields")
struct SSAStoredEntriesTests {
    static let schema = SSAServerSideApplyTests.schema

    /// An object and the `metadata.managedFields` JSON the server stored with it.
    final class Stored {
        var object: JSONValue?
        var managedFields: JSONValue?

        init(object: JSONValue? = nil, managedFields: JSONValue? = nil) {
            self.object = object
            self.managedFields = managedFields
        }

        /// Records `new` written by `manager` both ways, requires equal results, stores them, and
        /// returns whether the shortcut was taken.
        func write(
            _ new: JSONValue, as manager: String, at now: String, apiVersion: String = "apps/v1", subresource: String? = nil
        ) -> Bool {
            let general = ServerSideApply.record(
                change(to: new, subresource: subresource), manager: manager,
                managedFields: ServerSideApply.entries(of: managedFields), apiVersion: apiVersion,
                subresource: subresource, now: now)
            let expected = general.isEmpty ? JSONValue?.none : ServerSideApply.encode(general)
            let recorded = ServerSideApply.recordUpdate(
                old: object, new: new, manager: manager, managedFields: managedFields, storedByServer: true,
                schema: schema, apiVersion: apiVersion, subresource: subresource, now: now)
            // Compared as text too: `==` on JSON objects ignores the order of members.
            #expect(recorded?.jsonString() == expected?.jsonString(), "write by \(manager) at \(now)")
            let shortcut = managedFields.flatMap {
                ServerSideApply.retimed(
                    $0, by: change(to: new, subresource: subresource), manager: manager, apiVersion: apiVersion,
                    subresource: subresource, now: now)
            }
            // Stored with the object, as the server does: the next write's `old` carries them and
            // its `new` (a PUT body) does not, which must not count as removing them.
            var stored = new
            stored[path: "metadata", "managedFields"] = recorded
            stored[path: "metadata", "resourceVersion"] = .string(now)
            object = stored
            managedFields = recorded
            return shortcut != nil
        }

        /// Records `new` written by a client that sends `managedFields` of its own, and stores the result.
        func write(_ new: JSONValue, sending managedFields: JSONValue, as manager: String, at now: String) {
            let recorded = ServerSideApply.recordUpdate(
                old: object, new: new, manager: manager, managedFields: managedFields, storedByServer: false,
                schema: schema, apiVersion: "apps/v1", subresource: nil, now: now)
            var stored = new
            stored[path: "metadata", "managedFields"] = recorded
            object = stored
            self.managedFields = recorded
        }

        /// A store holding the test Deployment (3 replicas) created by `manager`, and that Deployment.
        static func deployment(createdBy manager: String) throws -> (Stored, JSONValue) {
            let stored = Stored()
            let created = try SSAServerSideApplyTests.deployment(replicas: 3)
            _ = stored.write(created, as: manager, at: "2026-11-23T00:00:01Z")
            return (stored, created)
        }

        func change(to new: JSONValue, subresource: String?) -> ServerSideApply.UpdateChange {
            ServerSideApply.UpdateChange(
                old: object, new: new, schema: schema, scope: Scope(subresource: subresource, statusIsSubresource: true))
        }

        var managers: [String] {
            guard case .array(let items)? = managedFields else { return [] }
            return items.compactMap { $0["manager"]?.stringValue }
        }
    }

    @Test("a manager rewriting only its own fields changes only its time, re-sorted; anything else takes the general path")
    func shortcutWhereItApplies() throws {
        let stored = Stored()
        let created = try SSAServerSideApplyTests.deployment(replicas: 3)
        #expect(!stored.write(created, as: "kubectl", at: "2026-11-23T00:00:01Z"), "a create has no entries to keep")

        var scaled = created
        scaled[path: "spec", "replicas"] = 5
        #expect(stored.write(scaled, as: "kubectl", at: "2026-11-23T00:00:02Z"), "kubectl owns spec.replicas alone")

        scaled[path: "spec", "replicas"] = 7
        #expect(!stored.write(scaled, as: "hpa", at: "2026-11-23T00:00:03Z"), "hpa takes a field kubectl owns")
        #expect(stored.managers == ["kubectl", "hpa"])

        var relabelled = scaled
        relabelled[path: "metadata", "labels", "app"] = "web"
        #expect(stored.write(relabelled, as: "kubectl", at: "2026-11-23T00:00:04Z"))
        #expect(stored.managers == ["hpa", "kubectl"], "kubectl's newer time sorts it after hpa")

        #expect(stored.write(relabelled, as: "kubectl", at: "2026-11-23T00:00:05Z"), "an unchanged object")
        relabelled[path: "metadata", "labels", "app"] = "web2"
        #expect(stored.write(relabelled, as: "kubectl", at: "2026-11-23T00:00:05Z"), "the same second keeps the time")

        #expect(!stored.write(relabelled, as: "kubectl", at: "2026-11-23T00:00:06Z", apiVersion: "apps/v1beta2"))

        var newField = relabelled
        newField[path: "metadata", "labels", "tier"] = "frontend"
        #expect(!stored.write(newField, as: "kubectl", at: "2026-11-23T00:00:07Z"), "a field kubectl did not own yet")

        var image = newField
        image[path: "spec", "template", "spec", "containers"] = try json(#"[{"name":"nginx","image":"nginx:1.28","ports":[{"containerPort":80}]}]"#)
        #expect(!stored.write(image, as: "kubectl", at: "2026-11-23T00:00:08Z"), "a list item's key is not looked up")

        var removed = image
        removed[path: "metadata", "labels", "tier"] = nil
        #expect(!stored.write(removed, as: "kubectl", at: "2026-11-23T00:00:09Z"), "a removal")

        var status = removed
        status[path: "status"] = try json(#"{"replicas":7}"#)
        #expect(!stored.write(status, as: "controller", at: "2026-11-23T00:00:10Z", subresource: "status"))
        status[path: "status", "replicas"] = 8
        #expect(stored.write(status, as: "controller", at: "2026-11-23T00:00:11Z", subresource: "status"))
        #expect(stored.write(status, as: "controller", at: "2026-11-23T00:00:12Z"), "status is not the main resource's")
        status[path: "spec", "replicas"] = 9
        #expect(!stored.write(status, as: "controller", at: "2026-11-23T00:00:13Z"), "the main resource is another entry")
        #expect(stored.managers == ["kubectl", "controller", "controller"], "hpa lost its only field")
    }

    @Test("a field the writer shares with an applier is taken from the applier: the general path")
    func sharedField() throws {
        let (stored, _) = try Stored.deployment(createdBy: "kubectl")
        // Applying the value a field already has shares its ownership.
        let applied = try ServerSideApply.apply(
            config: try json(#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},"spec":{"replicas":3}}"#),
            to: stored.object, manager: "helm", force: false, managedFields: ServerSideApply.entries(of: stored.managedFields),
            schema: Self.schema, apiVersion: "apps/v1", subresource: nil, now: "2026-11-23T00:00:02Z")
        stored.object = applied.object
        stored.managedFields = ServerSideApply.encode(applied.managedFields)
        var scaled = try #require(stored.object)
        scaled[path: "spec", "replicas"] = 4
        #expect(!stored.write(scaled, as: "kubectl", at: "2026-11-23T00:00:03Z"))
        #expect(stored.managers == ["kubectl"], "helm lost its only field")
    }

    @Test("entries a client sent are stored in the server's spelling, so the shortcut keeps what the general path writes")
    func clientWrittenEntries() throws {
        let (stored, created) = try Stored.deployment(createdBy: "n")
        var relabelled = created
        relabelled[path: "metadata", "labels", "app"] = "web"
        // An entry for "m" in another spelling: a "." marker on a leaf, an empty subresource, no time.
        let sent = try json(#"[{"manager":"m","operation":"Update","apiVersion":"apps/v1","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:replicas":{".":{}}}},"subresource":""}]"#)
        stored.write(relabelled, sending: sent, as: "n", at: "2026-11-23T00:00:02Z")
        var scaled = relabelled
        scaled[path: "spec", "replicas"] = 4
        _ = stored.write(scaled, as: "m", at: "2026-11-23T00:00:03Z")
        #expect(stored.managers == ["n", "m"])
    }

    @Test("entries not as the server encodes them take the general path")
    func unusualEntries() throws {
        let (stored, created) = try Stored.deployment(createdBy: "kubectl")
        var scaled = created
        scaled[path: "spec", "replicas"] = 4
        for mangle in [
            { (entry: inout JSONValue) in entry[path: "extra"] = "member" },
            { (entry: inout JSONValue) in entry[path: "time"] = .int(1) },
            { (entry: inout JSONValue) in
                let manager = entry[path: "manager"]
                entry[path: "manager"] = nil
                entry[path: "manager"] = manager
            },
        ] {
            guard case .array(var items)? = stored.managedFields else { Issue.record("no entries"); return }
            mangle(&items[0])
            let mangled = Stored(object: stored.object, managedFields: .array(items))
            #expect(!mangled.write(scaled, as: "kubectl", at: "2026-11-23T00:00:02Z"))
        }
    }
}
