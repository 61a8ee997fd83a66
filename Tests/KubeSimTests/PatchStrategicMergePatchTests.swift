import KubeCore
import Testing

@testable import KubeSim

@Suite("Strategic merge patch")
struct PatchStrategicMergePatchTests {
    static let deployment = MergeSchema.builtIn(GroupVersionKind(group: "apps", version: "v1", kind: "Deployment"))
    static let podSpec = ["spec", "template", "spec"]

    /// A Deployment with two containers, env, ports, mounts and volumes, as `kubectl get -o json` shows one.
    static func live() throws -> JSONValue {
        try json(#"""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web","tier":"front"},
              "finalizers":["a.example.com/x"]},
             "spec":{"replicas":2,"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}},
              "template":{"spec":{
                "containers":[
                  {"name":"app","image":"app:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],
                   "ports":[{"containerPort":80,"name":"http"},{"containerPort":9090,"name":"metrics"}],
                   "volumeMounts":[{"mountPath":"/data","name":"data"}]},
                  {"name":"sidecar","image":"proxy:1"}],
                "volumes":[{"name":"data","emptyDir":{}}],
                "tolerations":[{"key":"gpu","operator":"Exists"}]}}}}
            """#)
    }

    func patch(_ text: String) throws -> JSONValue {
        try StrategicMergePatch.apply(try json(text), to: try Self.live(), schema: Self.deployment)
    }

    /// The error a patch fails with.
    func failure(_ text: String) throws -> PatchError? {
        let patch = try json(text)
        let live = try Self.live()
        do {
            _ = try StrategicMergePatch.apply(patch, to: live, schema: Self.deployment)
            return nil
        } catch {
            return error
        }
    }

    func containers(_ object: JSONValue) -> [JSONValue] {
        object[path: Self.podSpec + ["containers"]]?.arrayValue ?? []
    }

    @Test("containers merge by name: a named container is patched in place, a new one is appended")
    func containersByName() throws {
        let result = try patch(#"{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"app:2"},{"name":"new","image":"n:1"}]}}}}"#)
        let list = containers(result)
        #expect(list.map { $0["name"] } == ["app", "sidecar", "new"])
        #expect(list[0]["image"] == "app:2")
        #expect(list[0]["env"]?.arrayValue?.count == 2, "the rest of the patched container stays")
        #expect(list[1]["image"] == "proxy:1")
    }

    @Test("env merges by name, ports by containerPort and volumeMounts by mountPath inside a container")
    func nestedListsByKey() throws {
        let result = try patch(#"""
            {"spec":{"template":{"spec":{"containers":[{"name":"app",
              "env":[{"name":"B","value":"20"},{"name":"C","value":"3"}],
              "ports":[{"containerPort":9090,"name":"prom"}],
              "volumeMounts":[{"mountPath":"/cache","name":"cache"}]}]}}}}
            """#)
        let app = containers(result)[0]
        #expect(app["env"] == (try json(#"[{"name":"A","value":"1"},{"name":"B","value":"20"},{"name":"C","value":"3"}]"#)))
        #expect(app["ports"] == (try json(#"[{"containerPort":80,"name":"http"},{"containerPort":9090,"name":"prom"}]"#)))
        #expect(app["volumeMounts"]?.arrayValue?.compactMap { $0["mountPath"]?.stringValue } == ["/data", "/cache"])
    }

    @Test("volumes merge by name and tolerations, an atomic list, are replaced")
    func volumesAndTolerations() throws {
        let result = try patch(#"""
            {"spec":{"template":{"spec":{"volumes":[{"name":"cache","emptyDir":{}}],
              "tolerations":[{"key":"spot","operator":"Exists"}]}}}}
            """#)
        #expect(result[path: Self.podSpec + ["volumes"]]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["data", "cache"])
        #expect(result[path: Self.podSpec + ["tolerations"]] == (try json(#"[{"key":"spot","operator":"Exists"}]"#)))
    }

    @Test("$patch: delete on a list item removes the item with that merge key")
    func deleteItem() throws {
        let result = try patch(#"{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}"#)
        #expect(containers(result).map { $0["name"] } == ["app"])
    }

    @Test("$patch: replace replaces a whole list, a list item, or a map")
    func replaceDirective() throws {
        let list = try patch(#"{"spec":{"template":{"spec":{"containers":[{"$patch":"replace"},{"name":"only","image":"o:1"}]}}}}"#)
        #expect(containers(list) == [try json(#"{"name":"only","image":"o:1"}"#)])
        let item = try patch(#"{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"app:3","$patch":"replace"}]}}}}"#)
        #expect(containers(item)[0] == (try json(#"{"name":"app","image":"app:3"}"#)))
        let map = try patch(#"{"metadata":{"labels":{"$patch":"replace","only":"this"}}}"#)
        #expect(map[path: "metadata", "labels"] == ["only": "this"])
    }

    @Test("$patch: delete on a map empties it")
    func deleteMap() throws {
        let result = try patch(#"{"metadata":{"labels":{"$patch":"delete"}}}"#)
        #expect(result[path: "metadata", "labels"] == .object([:]))
    }

    @Test("null deletes a key, in a map and inside a list item")
    func nullDeletes() throws {
        let result = try patch(#"""
            {"spec":{"replicas":null,"template":{"spec":{"containers":[{"name":"app","env":[{"name":"A","value":null}]}]}}}}
            """#)
        #expect(result[path: "spec", "replicas"] == nil)
        #expect(containers(result)[0]["env"]?[0] == ["name": "A"])
    }

    @Test("finalizers merge as a set; $deleteFromPrimitiveList removes values")
    func primitiveLists() throws {
        let added = try patch(#"{"metadata":{"finalizers":["a.example.com/x","b.example.com/y"]}}"#)
        #expect(added[path: "metadata", "finalizers"] == ["a.example.com/x", "b.example.com/y"])
        let removed = try patch(#"{"metadata":{"$deleteFromPrimitiveList/finalizers":["a.example.com/x"]}}"#)
        #expect(removed[path: "metadata", "finalizers"] == .array([]))
    }

    @Test("$setElementOrder orders the merged list by merge key")
    func setElementOrder() throws {
        let result = try patch(#"""
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"sidecar"},{"name":"app"}],
              "containers":[{"name":"app","image":"app:2"}]}}}}
            """#)
        #expect(containers(result).map { $0["name"] } == ["sidecar", "app"])
        #expect(containers(result)[1]["image"] == "app:2")
    }

    @Test("$retainKeys drops the keys it does not list, as kubectl sends for a strategy type change")
    func retainKeys() throws {
        let result = try patch(#"{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}"#)
        #expect(result[path: "spec", "strategy"] == ["type": "Recreate"])
        #expect(throws: PatchError.self) {
            try patch(#"{"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":{"maxSurge":2}}}}"#)
        }
    }

    @Test("a Service's ports merge by port")
    func servicePorts() throws {
        let service = MergeSchema.builtIn(GroupVersionKind(group: "", version: "v1", kind: "Service"))
        let live = try json(#"{"spec":{"ports":[{"port":80,"targetPort":8080},{"port":443,"targetPort":8443}]}}"#)
        let result = try StrategicMergePatch.apply(try json(#"{"spec":{"ports":[{"port":443,"targetPort":9443}]}}"#), to: live, schema: service)
        #expect(result[path: "spec", "ports"] == (try json(#"[{"port":80,"targetPort":8080},{"port":443,"targetPort":9443}]"#)))
    }

    @Test("an item without its merge key is a 422, an unknown directive a 400")
    func errors() throws {
        let missingKey = try #require(try failure(#"{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}"#))
        #expect(missingKey.statusCode == 422)
        #expect(missingKey.message.contains("merge key: name"))
        let unknown = try #require(try failure(#"{"metadata":{"labels":{"$patch":"explode"}}}"#))
        #expect(unknown.statusCode == 400)
        #expect(throws: PatchError.self) { try StrategicMergePatch.apply(["a"], to: [:], schema: .atomic) }
    }

    @Test("a custom resource's lists are atomic without a schema: a patch replaces them")
    func atomicWithoutSchema() throws {
        let result = try StrategicMergePatch.apply(
            try json(#"{"spec":{"items":[{"name":"b"}]}}"#), to: try json(#"{"spec":{"items":[{"name":"a"}],"size":1}}"#),
            schema: .atomic)
        #expect(result == (try json(#"{"spec":{"items":[{"name":"b"}],"size":1}}"#)))
    }
}
