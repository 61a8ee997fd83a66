import TestSupport
import Foundation
import KubeCore
import Testing
@testable import KubeSim

/// The real kubectl (v1.32) against KubeSim, through the kubeconfig the server writes.
@Suite("kubectl against KubeSim", .enabled(if: FileManager.default.isExecutableFile(atPath: Kubectl.path)))
struct KubectlTests {
    private static let gadget = """
        apiVersion: example.com/v1
        kind: Gadget
        metadata:
          name: first
          labels:
            team: search
        spec:
          size: large

        """

    @Test("api-resources lists built-ins and custom resources with short names")
    func apiResources() async throws {
        try await TestServer.with { test in
            try test.installGadgets()
            let result = try await test.kubectl("api-resources")
            #expect(result.succeeded, "\(result)")
            let lines = result.stdout.split(separator: "\n")
            #expect(lines.contains { $0.hasPrefix("gadgets") && $0.contains("gd") && $0.contains("example.com/v1") && $0.contains("Gadget") })
            #expect(lines.contains { $0.hasPrefix("deployments") && $0.contains("deploy") && $0.contains("apps/v1") })
            #expect(lines.contains { $0.hasPrefix("namespaces") && $0.contains("false") })
        }
    }

    @Test("apply a CRD, then its custom resource; get it as YAML, by jsonpath and by label")
    func applyAndGet() async throws {
        try await TestServer.with { test in
            let crd = try await test.kubectl("apply", "-f", try test.file("crd.yaml", Fixtures.gadgetCRDYAML))
            #expect(crd.succeeded, "\(crd)")
            let created = try await test.kubectl("apply", "-f", try test.file("gadget.yaml", Self.gadget))
            #expect(created.succeeded, "\(created)")
            #expect(created.stdout.contains("gadget.example.com/first created"))
            let yaml = try await test.kubectl("get", "gadget", "first", "-o", "yaml")
            #expect(yaml.succeeded, "\(yaml)")
            #expect(yaml.stdout.contains("size: large"))
            #expect(yaml.stdout.contains("color: blue"), "defaulted from the schema")
            let path = try await test.kubectl("get", "gd", "first", "-o", "jsonpath={.spec.size}/{.metadata.generation}")
            #expect(path.stdout == "large/1", "\(path)")
            let table = try await test.kubectl("get", "gadgets")
            #expect(table.stdout.contains("NAME") && table.stdout.contains("SIZE") && table.stdout.contains("first"), "\(table)")
            let selected = try await test.kubectl("get", "gadgets", "-l", "team=search", "-o", "name")
            #expect(selected.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "gadget.example.com/first")
            let none = try await test.kubectl("get", "gadgets", "-l", "team in (other)", "-o", "name")
            #expect(none.succeeded && none.stdout.isEmpty, "\(none)")
        }
    }

    @Test("kubectl explain describes a custom resource's fields from its schema")
    func explain() async throws {
        try await TestServer.with { test in
            try test.installGadgets()
            let result = try await test.kubectl("explain", "gadgets.spec")
            #expect(result.succeeded, "\(result)")
            #expect(result.stdout.contains("size"))
            #expect(result.stdout.contains("replicas"))
        }
    }

    @Test("kubectl get --watch streams changes until the server closes the watch")
    func watch() async throws {
        try await TestServer.with { test in
            try test.installGadgets()
            _ = try await test.client.post(Fixtures.gadgets, Fixtures.gadget("w1"))
            let before = test.server.openWatches
            let watch = Task { try await test.kubectl("get", "gadgets", "--watch", "-o", "name", timeout: .seconds(20)) }
            #expect(try await test.eventually { test.server.openWatches > before })
            _ = try await test.client.post(Fixtures.gadgets, Fixtures.gadget("w2"))
            test.server.dropWatches()
            let result = try await watch.value
            #expect(result.stdout.contains("gadget.example.com/w1"), "\(result)")
            #expect(result.stdout.contains("gadget.example.com/w2"), "\(result)")
        }
    }

    @Test("kubectl delete with a finalizer pending leaves the object marked for deletion")
    func deleteWithFinalizer() async throws {
        try await TestServer.with { test in
            try test.installGadgets()
            var body = Fixtures.gadget("held")
            body[path: "metadata", "finalizers"] = ["example.com/hold"]
            _ = try await test.client.post(Fixtures.gadgets, body)
            let deleted = try await test.kubectl("delete", "gadget", "held", "--wait=false")
            #expect(deleted.succeeded, "\(deleted)")
            let stamp = try await test.kubectl("get", "gadget", "held", "-o", "jsonpath={.metadata.deletionTimestamp}")
            #expect(stamp.succeeded && !stamp.stdout.isEmpty, "\(stamp)")
        }
    }

    @Test("kubectl delete of an owner garbage-collects its dependents")
    func deleteOwner() async throws {
        try await TestServer.with { test in
            let owner = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("parent")).body
            var child = Fixtures.configMap("kid")
            child[path: "metadata", "ownerReferences"] = [[
                "apiVersion": "v1", "kind": "ConfigMap", "name": "parent", "uid": owner[path: "metadata", "uid"] ?? "",
            ]]
            _ = try await test.client.post(Fixtures.configMaps, child)
            let deleted = try await test.kubectl("delete", "configmap", "parent")
            #expect(deleted.succeeded, "\(deleted)")
            #expect(try await test.eventually { try await test.client.get("\(Fixtures.configMaps)/kid").code == 404 })
        }
    }

    /// client-go sends a kubeconfig's credentials only to TLS servers (clientcmd reads the user's auth
    /// info only when the transport is TLS), so against KubeSim's plain HTTP the token is checked with
    /// other clients; kubectl is checked to read the kubeconfig the server writes.
    @Test("the written kubeconfig carries the server, the token and the current context kubesim")
    func tokenKubeconfig() async throws {
        try await TestServer.with({ $0.bearerToken = "t0ken" }) { test in
            let view = try await test.kubectl(
                "config", "view", "--raw", "-o",
                "jsonpath={.current-context} {.clusters[0].cluster.server} {.users[0].user.token}")
            #expect(view.succeeded, "\(view)")
            #expect(view.stdout == "kubesim \(test.server.url) t0ken", "\(view)")
            let unauthenticated = try await test.kubectl("get", "namespaces")
            #expect(!unauthenticated.succeeded)
            #expect(unauthenticated.stderr.contains("provide credentials"), "\(unauthenticated)")
        }
    }
}
