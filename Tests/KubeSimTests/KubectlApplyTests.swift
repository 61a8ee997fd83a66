import TestSupport
import Foundation
import KubeCore
import Testing
@testable import KubeSim

/// kubectl's writes that go through PATCH: client-side apply, server-side apply, scale.
@Suite("kubectl apply, apply --server-side and scale against KubeSim", .enabled(if: FileManager.default.isExecutableFile(atPath: Kubectl.path)))
struct KubectlApplyTests {
    private static func gadget(size: String, tags: [String] = []) -> String {
        let tagLines = tags.isEmpty ? "" : "\n  tags:\n" + tags.map { "  - \($0)" }.joined(separator: "\n")
        return """
            apiVersion: example.com/v1
            kind: Gadget
            metadata:
              name: applied
            spec:
              size: \(size)\(tagLines)

            """
    }

    @Test("client-side apply twice with a change updates the object and its last-applied annotation")
    func clientSideApplyTwice() async throws {
        try await TestServer.with { test in
            try test.installGadgets()
            let first = try await test.kubectl("apply", "-f", try test.file("g1.yaml", Self.gadget(size: "small", tags: ["a", "b"])))
            #expect(first.succeeded, "\(first)")
            let second = try await test.kubectl("apply", "-f", try test.file("g2.yaml", Self.gadget(size: "large")))
            #expect(second.succeeded, "\(second)")
            #expect(second.stdout.contains("configured"), "\(second)")
            let object = try await test.client.get("\(Fixtures.gadgets)/applied").body
            #expect(object[path: "spec", "size"] == "large")
            #expect(object[path: "spec", "tags"] == nil, "a field dropped from the manifest is removed")
            #expect(object[path: "metadata", "generation"] == 2)
            let again = try await test.kubectl("apply", "-f", try test.file("g3.yaml", Self.gadget(size: "large")))
            #expect(again.stdout.contains("unchanged"), "\(again)")
        }
    }

    @Test("client-side apply of a Deployment twice merges containers strategically")
    func clientSideApplyBuiltIn() async throws {
        try await TestServer.with { test in
            func manifest(_ image: String) -> String {
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  replicas: 1
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: main
                        image: \(image)

                """
            }
            #expect(try await test.kubectl("apply", "-f", try test.file("d1.yaml", manifest("nginx:1.26"))).succeeded)
            let second = try await test.kubectl("apply", "-f", try test.file("d2.yaml", manifest("nginx:1.27")))
            #expect(second.succeeded, "\(second)")
            let image = try await test.kubectl("get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}")
            #expect(image.stdout == "nginx:1.27", "\(image)")
        }
    }

    @Test("server-side apply conflicts with another manager's field, and --force-conflicts takes it")
    func serverSideApplyConflict() async throws {
        try await TestServer.with { test in
            try test.installGadgets()
            let first = try await test.kubectl("apply", "--server-side", "--field-manager=alice", "-f", try test.file("a.yaml", Self.gadget(size: "small")))
            #expect(first.succeeded, "\(first)")
            let conflict = try await test.kubectl("apply", "--server-side", "--field-manager=bob", "-f", try test.file("b.yaml", Self.gadget(size: "large")))
            #expect(!conflict.succeeded)
            #expect(conflict.stderr.contains("conflict"), "\(conflict)")
            #expect(conflict.stderr.contains(".spec.size"), "\(conflict)")
            let forced = try await test.kubectl("apply", "--server-side", "--field-manager=bob", "--force-conflicts", "-f", try test.file("b.yaml", Self.gadget(size: "large")))
            #expect(forced.succeeded, "\(forced)")
            let size = try await test.kubectl("get", "gadget", "applied", "-o", "jsonpath={.spec.size}")
            #expect(size.stdout == "large")
        }
    }

    @Test("kubectl scale writes the scale subresource")
    func scale() async throws {
        try await TestServer.with { test in
            try test.installGadgets()
            _ = try await test.client.post(Fixtures.gadgets, Fixtures.gadget("scaled"))
            let scaled = try await test.kubectl("scale", "gadget", "scaled", "--replicas=5")
            #expect(scaled.succeeded, "\(scaled)")
            let replicas = try await test.kubectl("get", "gadget", "scaled", "-o", "jsonpath={.spec.replicas}")
            #expect(replicas.stdout == "5")
            _ = try await test.client.post(Fixtures.deployments, Fixtures.deployment("dep"))
            let deployment = try await test.kubectl("scale", "deployment", "dep", "--replicas=3")
            #expect(deployment.succeeded, "\(deployment)")
            let status = try await test.eventually {
                try await test.kubectl("get", "deploy", "dep", "-o", "jsonpath={.status.readyReplicas}").stdout == "3"
            }
            #expect(status)
        }
    }
}
