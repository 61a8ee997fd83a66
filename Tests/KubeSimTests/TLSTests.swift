import TestSupport
import Foundation
import KubeClient
import KubeCore
import Testing
@testable import KubeSim

/// KubeSim over HTTPS with a generated authority and a bearer token, as `aifleet dev` serves by
/// default: kubectl sends a token only over TLS, so this is how auth is used from kubectl.
@Suite("KubeSim over TLS with a token")
struct TLSTests {
    private static func withTLS(_ body: (TestServer, String) async throws -> Void) async throws {
        let token = KubeSimConfiguration.randomToken()
        try await TestServer.with({ configuration in
            configuration.tls = true
            configuration.bearerToken = token
        }) { test in try await body(test, token) }
    }

    @Test("the server listens on https and its kubeconfig carries the authority and the token")
    func kubeconfigCarriesAuthority() async throws {
        try await Self.withTLS { test, token in
            #expect(test.server.url.hasPrefix("https://127.0.0.1:"))
            let pem = try #require(test.server.certificateAuthorityPEM)
            #expect(pem.hasPrefix("-----BEGIN CERTIFICATE-----"))
            let config = try KubeConfig(yaml: test.server.kubeconfig(), path: "kubesim")
            let client = try ClientConfiguration(kubeConfig: config)
            #expect(client.server == test.server.url)
            #expect(client.tls.certificateAuthorityPEM == Array(pem.utf8))
            #expect(client.credentials == .bearerToken(token))
        }
    }

    @Test("kubectl with the written kubeconfig works over TLS")
    func kubectlOverTLS() async throws {
        try await Self.withTLS { test, _ in
            let created = try await test.kubectl("create", "namespace", "secure")
            #expect(created.succeeded, "\(created)")
            let listed = try await test.kubectl("get", "namespaces", "-o", "name")
            #expect(listed.succeeded, "\(listed)")
            #expect(listed.stdout.split(separator: "\n").contains("namespace/secure"))
        }
    }

    @Test("kubectl without the token is refused with 401 Unauthorized")
    func kubectlWithoutToken() async throws {
        try await Self.withTLS { test, token in
            let withoutToken = test.server.kubeconfig().replacingOccurrences(of: "token: \"\(token)\"", with: "username: \"nobody\"")
            #expect(withoutToken != test.server.kubeconfig())
            let path = try test.file("no-token.yaml", withoutToken)
            let result = try await Kubectl.run(
                ["get", "--raw", "/api/v1/namespaces"], kubeconfig: path,
                cacheDirectory: test.directory.appendingPathComponent("cache2").path, stdin: nil, timeout: .seconds(30))
            #expect(!result.succeeded)
            #expect(result.stderr.contains("Unauthorized"), "\(result)")
        }
    }

    @Test("KubeClient with the kubeconfig works over TLS, on HTTP/2; without the token it gets a 401 Status")
    func kubeClientOverTLS() async throws {
        try await Self.withTLS { test, token in
            let config = try ClientConfiguration(kubeConfig: try KubeConfig(yaml: test.server.kubeconfig(), path: "kubesim"))
            let client = try KubernetesClient(configuration: config)
            let created = try await client.create(ConfigMap(metadata: ObjectMeta(name: "over-tls", namespace: "default"), data: ["k": "v"]))
            #expect(created.metadata.uid != nil)
            let fetched = try await client.get(ConfigMap.self, name: "over-tls", namespace: "default")
            #expect(fetched.data == ["k": "v"])

            let transport = try CurlTransport(configuration: .init(tls: config.tls, reportsTransferInfo: true))
            let response = try await transport.execute(HTTPRequest(
                method: .get, url: test.server.url + "/api/v1/namespaces",
                headers: [HTTPHeader("Authorization", "Bearer \(token)")]))
            #expect(response.status == 200)
            #expect(response.header(CurlTransport.httpVersionHeader) == "2")

            var anonymous = config
            anonymous.credentials = .none
            anonymous.retry.maxRetries = 0
            await #expect {
                try await KubernetesClient(configuration: anonymous).get(ConfigMap.self, name: "over-tls", namespace: "default")
            } throws: { error in
                guard case .unauthorized(let status) = error as? KubeAPIError else { return false }
                return status.code == 401 && status.reason == "Unauthorized"
            }
        }
    }

    @Test("a random token is 32 hex digits and differs each time")
    func randomToken() {
        let first = KubeSimConfiguration.randomToken()
        #expect(first.count == 32 && first.allSatisfy(\.isHexDigit))
        #expect(first != KubeSimConfiguration.randomToken())
    }
}
