import Foundation
import KubeClient
import KubeCore
import Testing

@Suite("Authentication")
struct AuthenticationTests {
    static let ok = FakeTransport.Reply.json(["metadata": ["name": "web"]])

    @Test("a bearer token is sent as Authorization: Bearer")
    func bearer() async throws {
        let transport = FakeTransport([Self.ok])
        _ = try await makeClient(transport, credentials: .bearerToken("abc")).get(ConfigMap.self, name: "web")
        #expect(transport.requests.first?.header("Authorization") == "Bearer abc")
    }

    @Test("basic auth sends base64 of username:password")
    func basic() async throws {
        let transport = FakeTransport([Self.ok])
        _ = try await makeClient(transport, credentials: .basic(username: "admin", password: "s3cret:x")).get(ConfigMap.self, name: "web")
        #expect(transport.requests.first?.header("Authorization") == "Basic " + Data("admin:s3cret:x".utf8).base64EncodedString())
    }

    @Test("no credentials means no Authorization header")
    func anonymous() async throws {
        let transport = FakeTransport([Self.ok])
        _ = try await makeClient(transport).get(ConfigMap.self, name: "web")
        #expect(transport.requests.first?.header("Authorization") == nil)
    }

    @Test("a static token refused with 401 is not retried")
    func staticTokenNotRetried() async {
        let transport = FakeTransport([.status(401, reason: "Unauthorized"), Self.ok])
        await #expect(throws: KubeAPIError.self) {
            _ = try await makeClient(transport, credentials: .bearerToken("old")).get(ConfigMap.self, name: "web")
        }
        #expect(transport.requests.count == 1)
    }

    @Test("a token file is re-read when its mtime changes, after a minute, and at once after a 401")
    func tokenFileRotation() async throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("token", "first\n")
        func rewrite(_ token: String, modified: Date) throws {
            try directory.write("token", token)
            try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path)
        }
        let early = Date(timeIntervalSince1970: 1_600_000_000)
        try rewrite("first", modified: early)
        let clock = VirtualClock()
        let transport = FakeTransport([Self.ok, Self.ok, Self.ok, Self.ok, .status(401, reason: "Unauthorized"), Self.ok])
        let client = makeClient(transport, credentials: .tokenFile(path: path, fallback: nil), clock: clock)
        _ = try await client.get(ConfigMap.self, name: "web")
        // Replaced with the same mtime: the cached token is used until a minute has passed.
        try rewrite("second", modified: early)
        _ = try await client.get(ConfigMap.self, name: "web")
        clock.advance(.seconds(61))
        _ = try await client.get(ConfigMap.self, name: "web")
        // A new mtime is noticed at once.
        try rewrite("third", modified: early + 60)
        _ = try await client.get(ConfigMap.self, name: "web")
        // The server refuses the next request; the file (same mtime) is read again for one retry.
        try rewrite("fourth", modified: early + 60)
        _ = try await client.get(ConfigMap.self, name: "web")
        let tokens = transport.requests.map { $0.header("Authorization") ?? "" }
        #expect(tokens == ["Bearer first", "Bearer first", "Bearer second", "Bearer third", "Bearer third", "Bearer fourth"])
    }

    @Test("a token file that disappears keeps the last token read")
    func tokenFileKeepsLastToken() async throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("token", "kept")
        let clock = VirtualClock()
        let transport = FakeTransport([Self.ok, Self.ok])
        let client = makeClient(transport, credentials: .tokenFile(path: path, fallback: nil), clock: clock)
        _ = try await client.get(ConfigMap.self, name: "web")
        try FileManager.default.removeItem(atPath: path)
        clock.advance(.seconds(120))
        _ = try await client.get(ConfigMap.self, name: "web")
        #expect(transport.requests.map { $0.header("Authorization") } == ["Bearer kept", "Bearer kept"])
    }
}
