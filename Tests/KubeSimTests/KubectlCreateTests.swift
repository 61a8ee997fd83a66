import TestSupport
import Foundation
import KubeClient
import KubeCore
import Testing
@testable import KubeSim

/// `kubectl create KIND`: kubectl's typed clients send these bodies as protobuf
/// (`application/vnd.kubernetes.protobuf`), which KubeSim decodes for the kinds kubectl creates.
@Suite("kubectl create against KubeSim", .enabled(if: FileManager.default.isExecutableFile(atPath: Kubectl.path)))
struct KubectlCreateTests {
    private func json(_ result: ChildProcessResult) throws -> JSONValue {
        try JSONValue(parsing: Array(result.stdout.utf8))
    }

    @Test("kubectl create namespace, configmap, secret and serviceaccount store what was asked")
    func createCoreKinds() async throws {
        try await TestServer.with { test in
            let namespace = try await test.kubectl("create", "namespace", "team-a")
            #expect(namespace.succeeded, "\(namespace)")
            let configMap = try await test.kubectl(
                "create", "configmap", "settings", "-n", "team-a", "--from-literal=mode=fast", "--from-literal=empty=")
            #expect(configMap.succeeded, "\(configMap)")
            let secret = try await test.kubectl("create", "secret", "generic", "creds", "-n", "team-a", "--from-literal=password=s3cret")
            #expect(secret.succeeded, "\(secret)")
            let account = try await test.kubectl("create", "serviceaccount", "robot", "-n", "team-a")
            #expect(account.succeeded, "\(account)")

            let storedNamespace = try json(try await test.kubectl("get", "namespace", "team-a", "-o", "json"))
            #expect(storedNamespace[path: "metadata", "uid"]?.stringValue?.isEmpty == false)
            let storedConfigMap = try json(try await test.kubectl("get", "configmap", "settings", "-n", "team-a", "-o", "json"))
            #expect(storedConfigMap["data"] == ["mode": "fast", "empty": ""])
            #expect(storedConfigMap[path: "metadata", "namespace"] == "team-a")
            let storedSecret = try json(try await test.kubectl("get", "secret", "creds", "-n", "team-a", "-o", "json"))
            #expect(storedSecret[path: "data", "password"] == .string(Data("s3cret".utf8).base64EncodedString()))
            #expect(storedSecret["type"] == "Opaque")
            let storedAccount = try await test.kubectl("get", "serviceaccount", "robot", "-n", "team-a", "-o", "name")
            #expect(storedAccount.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "serviceaccount/robot")
        }
    }

    @Test("kubectl create deployment stores replicas, selector, template, container and port")
    func createDeployment() async throws {
        try await TestServer.with { test in
            let created = try await test.kubectl(
                "create", "deployment", "web", "--image=nginx:1.27", "--port=8080", "--replicas=3")
            #expect(created.succeeded, "\(created)")
            let stored = try json(try await test.kubectl("get", "deployment", "web", "-o", "json"))
            #expect(stored[path: "spec", "replicas"] == 3)
            #expect(stored[path: "spec", "selector", "matchLabels"] == ["app": "web"])
            #expect(stored[path: "spec", "template", "metadata", "labels"] == ["app": "web"])
            let container = stored[path: "spec", "template", "spec", "containers"]?[0]
            #expect(container?["name"] == "nginx")
            #expect(container?["image"] == "nginx:1.27")
            #expect(container?["ports"] == [["containerPort": 8080]])
            #expect(stored[path: "metadata", "generation"] == 1)
        }
    }

    @Test("kubectl create deployment with zero replicas keeps the explicit zero")
    func createDeploymentWithZeroReplicas() async throws {
        try await TestServer.with { test in
            let created = try await test.kubectl("create", "deployment", "idle", "--image=nginx", "--replicas=0")
            #expect(created.succeeded, "\(created)")
            let replicas = try await test.kubectl("get", "deployment", "idle", "-o", "jsonpath={.spec.replicas}")
            #expect(replicas.stdout == "0", "\(replicas)")
        }
    }

    @Test("kubectl create job stores its pod template and command")
    func createJob() async throws {
        try await TestServer.with { test in
            let created = try await test.kubectl("create", "job", "once", "--image=busybox", "--", "echo", "hi")
            #expect(created.succeeded, "\(created)")
            let stored = try json(try await test.kubectl("get", "job", "once", "-o", "json"))
            #expect(stored[path: "spec", "template", "spec", "restartPolicy"] == "Never")
            #expect(stored[path: "spec", "template", "spec", "containers"]?[0]?["command"] == ["echo", "hi"])
        }
    }

    @Test("a protobuf body with a field KubeSim does not know is refused with 415, not dropped")
    func unknownFieldRefused() throws {
        // k8s magic, Unknown{typeMeta{v1, ConfigMap}, raw{metadata{name "x"}, field 9 = "?"}}.
        let raw: [UInt8] = [0x0A, 0x03, 0x0A, 0x01, 0x78, 0x4A, 0x01, 0x3F]
        let typeMeta: [UInt8] = [0x0A, 0x02] + Array("v1".utf8) + [0x12, 0x09] + Array("ConfigMap".utf8)
        let body = KubernetesProtobuf.magic + [0x0A, UInt8(typeMeta.count)] + typeMeta + [0x12, UInt8(raw.count)] + raw
        #expect(throws: APIError.self) { try KubernetesProtobuf.decode(body) }
        do {
            _ = try KubernetesProtobuf.decode(body)
        } catch {
            #expect(error.code == 415)
            #expect(error.status.message?.contains("field 9 of ConfigMap") == true, "\(error)")
        }
        // The same body without the unknown field decodes.
        let known = Array(raw.prefix(5))
        let decoded = try KubernetesProtobuf.decode(
            KubernetesProtobuf.magic + [0x0A, UInt8(typeMeta.count)] + typeMeta + [0x12, UInt8(known.count)] + known)
        #expect(decoded == ["metadata": ["name": "x"], "apiVersion": "v1", "kind": "ConfigMap"])
    }
}
