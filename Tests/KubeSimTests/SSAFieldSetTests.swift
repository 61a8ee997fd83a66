import KubeCore
import Testing

@testable import KubeSim

@Suite("Field sets and fieldsV1")
struct SSAFieldSetTests {
    static let deployment = MergeSchema.builtIn(GroupVersionKind(group: "apps", version: "v1", kind: "Deployment"))

    /// `kubectl apply --server-side` of a one-container Deployment, as kube-apiserver records it.
    static let kubectlApply = #"""
        {"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:replicas":{},"f:selector":{},"f:template":{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{},"f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}}}
        """#

    /// The Deployment controller's status entry (subresource `status`), as kube-apiserver records it.
    static let controllerStatus = #"""
        {"f:metadata":{"f:annotations":{".":{},"f:deployment.kubernetes.io/revision":{}}},"f:status":{"f:availableReplicas":{},"f:conditions":{".":{},"k:{\"type\":\"Available\"}":{".":{},"f:lastTransitionTime":{},"f:lastUpdateTime":{},"f:message":{},"f:reason":{},"f:status":{},"f:type":{}}},"f:observedGeneration":{}}}
        """#

    @Test("a real Deployment entry's fieldsV1 reads into paths and writes back identically, order included",
          arguments: [kubectlApply, controllerStatus])
    func roundTrip(text: String) throws {
        let trie = try json(text)
        let set = try FieldSet(fieldsV1: trie)
        #expect(set.fieldsV1.jsonString() == trie.jsonString())
    }

    @Test("the paths print as the API server prints them in a conflict")
    func pathsPrint() throws {
        let set = try FieldSet(fieldsV1: try json(Self.kubectlApply))
        #expect(set.paths.contains(".spec.replicas"))
        #expect(set.paths.contains(#".spec.template.spec.containers[name="nginx"]"#))
        #expect(set.paths.contains(#".spec.template.spec.containers[name="nginx"].ports[containerPort=80,protocol="TCP"].containerPort"#))
        #expect(!set.paths.contains(".spec"), "a struct with owned fields is not itself a member")
        let status = try FieldSet(fieldsV1: try json(Self.controllerStatus))
        #expect(status.paths.contains(".metadata.annotations"), "the \".\" marker makes the map a member")
    }

    @Test("the field set of a Deployment manifest is what kubectl apply --server-side records")
    func ofManifest() throws {
        let manifest = try json(#"""
            {"metadata":{"labels":{"app":"nginx"}},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"nginx"}},
              "template":{"metadata":{"labels":{"app":"nginx"}},"spec":{"containers":[
                {"name":"nginx","image":"nginx:1.27","ports":[{"containerPort":80}]}]}}}}
            """#)
        #expect(FieldSet.of(manifest, schema: Self.deployment) == (try FieldSet(fieldsV1: try json(Self.kubectlApply))))
    }

    @Test("finalizers are owned value by value and atomic lists whole")
    func setsAndAtomics() throws {
        let object = try json(#"{"metadata":{"finalizers":["a/x"]},"spec":{"template":{"spec":{"tolerations":[{"key":"k"}]}}}}"#)
        let set = FieldSet.of(object, schema: Self.deployment)
        #expect(set.paths == [#".metadata.finalizers[="a/x"]"#, ".spec.template.spec.tolerations"])
        #expect(set.fieldsV1 == (try json(#"{"f:metadata":{"f:finalizers":{"v:\"a/x\"":{}}},"f:spec":{"f:template":{"f:spec":{"f:tolerations":{}}}}}"#)))
    }

    @Test("union, intersection and subtraction work on member paths")
    func algebra() throws {
        let a = FieldSet([FieldPath(fields: "spec", "replicas"), FieldPath(fields: "spec", "paused")])
        let b = FieldSet([FieldPath(fields: "spec", "replicas")])
        #expect(a.intersection(b) == b)
        #expect(a.subtracting(b).paths == [".spec.paused"])
        #expect(a.union(b) == a)
        #expect(a.subtracting(a).isEmpty)
    }

    @Test("a trie member that is not f:, k:, v:, i: or '.' is refused with its place")
    func invalidTrie() throws {
        #expect(throws: PatchError.invalid(#"invalid fieldsV1 at .spec: unknown member "x:y""#)) {
            try FieldSet(fieldsV1: try json(#"{"f:spec":{"x:y":{}}}"#))
        }
        #expect(throws: PatchError.self) { try FieldSet(fieldsV1: try json(#"{"f:spec":1}"#)) }
    }
}
