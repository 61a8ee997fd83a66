import KubeCore
import Testing

@testable import KubeSim

@Suite("Merge schemas")
struct PatchMergeSchemaTests {
    static let deployment = MergeSchema.builtIn(GroupVersionKind(group: "apps", version: "v1", kind: "Deployment"))

    @Test("a Deployment's pod template merges containers by name and their env, ports and mounts by key")
    func deploymentPodTemplate() {
        let containers = ["spec", "template", "spec", "containers"]
        #expect(Self.deployment.listStrategy(at: containers) == .map(keys: ["name"]))
        #expect(Self.deployment.listStrategy(at: containers + ["env"]) == .map(keys: ["name"]))
        #expect(Self.deployment.listStrategy(at: containers + ["ports"]) == .map(keys: ["containerPort", "protocol"]))
        #expect(Self.deployment.keyDefaults(at: containers + ["ports"]) == ["protocol": "TCP"])
        #expect(Self.deployment.listStrategy(at: containers + ["volumeMounts"]) == .map(keys: ["mountPath"]))
        #expect(Self.deployment.listStrategy(at: containers + ["args"]) == .atomic)
        #expect(Self.deployment.listStrategy(at: ["spec", "template", "spec", "volumes"]) == .map(keys: ["name"]))
        #expect(Self.deployment.listStrategy(at: ["spec", "template", "spec", "tolerations"]) == .atomic)
        #expect(Self.deployment.isAtomicMap(at: ["spec", "selector"]))
        #expect(!Self.deployment.isAtomicMap(at: ["spec", "template", "metadata", "labels"]))
    }

    @Test("a Pod has the pod spec rules directly under spec; a Service merges ports by port and protocol")
    func podAndService() {
        let pod = MergeSchema.builtIn(GroupVersionKind(group: "", version: "v1", kind: "Pod"))
        #expect(pod.listStrategy(at: ["spec", "initContainers", "env"]) == .map(keys: ["name"]))
        #expect(pod.listStrategy(at: ["status", "conditions"]) == .map(keys: ["type"]))
        let service = MergeSchema.builtIn(GroupVersionKind(group: "", version: "v1", kind: "Service"))
        #expect(service.listStrategy(at: ["spec", "ports"]) == .map(keys: ["port", "protocol"]))
        #expect(service.isAtomicMap(at: ["spec", "selector"]))
    }

    @Test("every schema, custom resources' too, merges owner references by uid and finalizers as a set")
    func metadataRules() {
        #expect(MergeSchema.atomic.listStrategy(at: ["metadata", "ownerReferences"]) == .map(keys: ["uid"]))
        #expect(MergeSchema.atomic.listStrategy(at: ["metadata", "finalizers"]) == .set)
        #expect(MergeSchema.atomic.listStrategy(at: ["spec", "items"]) == .atomic)
    }

    @Test("a CRD schema's list types, map keys with defaults, atomic maps and additionalProperties are read")
    func fromOpenAPI() throws {
        let schema = MergeSchema.fromOpenAPI(try json(#"""
            {"type":"object","properties":{
              "spec":{"type":"object","properties":{
                "tags":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string"}},
                "args":{"type":"array","items":{"type":"string"}},
                "selector":{"type":"object","x-kubernetes-map-type":"atomic"},
                "endpoints":{"type":"array","x-kubernetes-list-type":"map",
                  "x-kubernetes-list-map-keys":["port","protocol"],
                  "items":{"type":"object","properties":{"port":{"type":"integer"},
                    "protocol":{"type":"string","default":"TCP"}}}},
                "models":{"type":"object","additionalProperties":{"type":"object","properties":{
                  "gpus":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["id"],
                    "items":{"type":"object"}}}}}}},
              "status":{"type":"object","properties":{"conditions":{"type":"array",
                "x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["type"],"items":{"type":"object"}}}}}}
            """#))
        #expect(schema.listStrategy(at: ["spec", "tags"]) == .set)
        #expect(schema.listStrategy(at: ["spec", "args"]) == .atomic)
        #expect(schema.isAtomicMap(at: ["spec", "selector"]))
        #expect(schema.listStrategy(at: ["spec", "endpoints"]) == .map(keys: ["port", "protocol"]))
        #expect(schema.keyDefaults(at: ["spec", "endpoints"]) == ["protocol": "TCP"])
        #expect(schema.listStrategy(at: ["spec", "models", "llama", "gpus"]) == .map(keys: ["id"]))
        #expect(schema.listStrategy(at: ["status", "conditions"]) == .map(keys: ["type"]))
        #expect(schema.listStrategy(at: ["metadata", "finalizers"]) == .set)
    }
}
