@testable import FleetOperator
import KubeCore
import Testing

@Suite("Live comparison and drift classification")
struct LiveComparisonTests {
    static let desired: JSONValue = [
        "spec": ["template": ["spec": ["containers": [["name": "server", "image": "model:1", "resources": ["limits": ["cpu": "1"]]]]]]],
    ]

    /// The live Deployment with `containers` as its containers, and fields the server defaults.
    static func live(_ containers: [JSONValue]) -> JSONValue {
        ["spec": ["replicas": 1, "template": ["spec": ["containers": .array(containers), "restartPolicy": "Always"]]]]
    }

    static let server: JSONValue = [
        "name": "server", "image": "model:1", "resources": ["limits": ["cpu": "1000m"]], "terminationMessagePath": "/dev/termination-log",
    ]

    @Test("a live object with server defaults and equal quantities holds what is desired")
    func upToDate() {
        #expect(LiveComparison.differences(desired: Self.desired, live: Self.live([Self.server])).isEmpty)
    }

    @Test("an added container is a difference of its own and does not hide a changed image")
    func addedContainerDoesNotHideAChangedImage() {
        var hijacked = Self.server
        hijacked["image"] = "miner:latest"
        let sidecar: JSONValue = ["name": "sidecar", "image": "miner:latest"]
        let live = Self.live([sidecar, hijacked])
        let differences = LiveComparison.differences(desired: Self.desired, live: live)
        #expect(differences.sorted() == ["spec.template.spec.containers[+sidecar]", "spec.template.spec.containers[0].image"])
        #expect(LiveComparison.addedItems(desired: Self.desired, live: live)
            == [LiveComparison.AddedItem(pointer: "/spec/template/spec/containers/0", name: "sidecar")])
        #expect(differences.allSatisfy { DriftClassification.isSecurityRelevant($0, kind: "Deployment") })
    }

    @Test("a missing container is a difference; lists without names still compare by position")
    func missingItemsAndUnnamedLists() {
        #expect(LiveComparison.differences(desired: Self.desired, live: Self.live([])) == ["spec.template.spec.containers[0]"])
        let desired: JSONValue = ["spec": ["tolerations": [["key": "spot"]]]]
        #expect(LiveComparison.differences(desired: desired, live: ["spec": ["tolerations": [["key": "spot"], ["key": "gpu"]]]])
            == ["spec.tolerations"])
        #expect(LiveComparison.differences(desired: desired, live: ["spec": ["tolerations": [["key": "spot", "effect": "NoSchedule"]]]]).isEmpty)
    }

    @Test("added items are security drift in a pod template only; a changed resource limit is not")
    func classification() {
        #expect(DriftClassification.isSecurityRelevant("spec.template.spec.containers[0].env[+LD_PRELOAD]", kind: "Deployment"))
        #expect(DriftClassification.isSecurityRelevant("spec.template.spec.volumes[+host]", kind: "StatefulSet"))
        #expect(!DriftClassification.isSecurityRelevant("spec.ports[+debug]", kind: "Service"))
        #expect(!DriftClassification.isSecurityRelevant("spec.template.spec.containers[0].resources.limits.cpu", kind: "Deployment"))
    }

    @Test("what is missing from a live copy: others' additions (defaults, more tolerations) are not, a changed image is")
    func missingReadsListsAsSets() {
        var desired = Self.desired
        desired[path: "spec", "template", "spec", "tolerations"] = [["key": "spot", "operator": "Exists"]]
        var live = Self.live([Self.server])
        live[path: "spec", "template", "spec", "tolerations"] = [
            ["key": "kueue.x-k8s.io/flavor", "operator": "Exists"], ["key": "spot", "operator": "Exists", "effect": "NoSchedule"],
        ]
        #expect(LiveComparison.missing(desired: desired, live: live).isEmpty, "added tolerations and fields are others' additions")
        #expect(LiveComparison.differences(desired: desired, live: live) == ["spec.template.spec.tolerations"], "which drift detection still sees")

        var hijacked = Self.server
        hijacked["image"] = "model:2"
        live[path: "spec", "template", "spec", "containers"] = [hijacked]
        #expect(LiveComparison.missing(desired: desired, live: live) == ["spec.template.spec.containers[server].image"])
        live[path: "spec", "template", "spec", "tolerations"] = []
        #expect(LiveComparison.missing(desired: desired, live: live).contains("spec.template.spec.tolerations"))
    }

    @Test("a pointer escapes '~' and '/' in keys (RFC 6901)")
    func pointerEscapes() {
        let desired: JSONValue = ["metadata": ["a/b~c": ["items": [["name": "mine"]]]]]
        let live: JSONValue = ["metadata": ["a/b~c": ["items": [["name": "mine"], ["name": "theirs"]]]]]
        #expect(LiveComparison.addedItems(desired: desired, live: live)
            == [LiveComparison.AddedItem(pointer: "/metadata/a~1b~0c/items/1", name: "theirs")])
    }
}
