import Foundation
import KubeClient
import KubeCore
import Testing

@Suite("Exec credential plugins")
struct ExecPluginTests {
    static let ok = FakeTransport.Reply.json(["metadata": ["name": "web"]])
    static let environment = ["PATH": "/usr/bin:/bin"]

    /// A plugin that counts its runs and answers `ARG-ENV-N`, expiring at `$EXPIRY`.
    static func plugin(in directory: TemporaryDirectory, apiVersion: String = "client.authentication.k8s.io/v1") throws -> String {
        try directory.write(
            "plugin.sh",
            """
            #!/bin/sh
            dir="$(dirname "$0")"
            n=$(( $(cat "$dir/count" 2>/dev/null || echo 0) + 1 ))
            echo $n > "$dir/count"
            printf '%s' "$KUBERNETES_EXEC_INFO" > "$dir/info"
            printf '{"apiVersion":"\(apiVersion)","kind":"ExecCredential","status":{"token":"%s-%s-%s","expirationTimestamp":"%s"}}' "$1" "$PLUGIN_ENV" "$n" "$EXPIRY"
            """,
            executable: true)
    }

    static func config(_ command: String, expiry: String, apiVersion: String = "client.authentication.k8s.io/v1") -> ExecConfig {
        ExecConfig(
            apiVersion: apiVersion, command: command, args: ["arg"],
            env: [.init(name: "PLUGIN_ENV", value: "env"), .init(name: "EXPIRY", value: expiry)],
            provideClusterInfo: true, interactiveMode: "Never",
            cluster: ExecClusterInfo(server: "https://api.example:6443", certificateAuthorityData: Array("CA".utf8)))
    }

    /// The description of the error a get fails with; nil when it succeeds.
    static func failure(of client: KubernetesClient) async -> String? {
        do throws(KubeAPIError) {
            _ = try await client.get(ConfigMap.self, name: "web")
            return nil
        } catch {
            return error.description
        }
    }

    @Test("the plugin's token is cached until it expires, then the plugin runs again")
    func cachedUntilExpiry() async throws {
        let directory = try TemporaryDirectory()
        let script = try Self.plugin(in: directory)
        let clock = VirtualClock()
        // The virtual clock starts at 2023-11-14T22:13:20Z; the credential lasts an hour.
        let transport = FakeTransport([Self.ok, Self.ok, Self.ok])
        let client = makeClient(
            transport, credentials: .exec(Self.config(script, expiry: "2023-11-14T23:13:20Z")), clock: clock,
            environment: Self.environment)
        _ = try await client.get(ConfigMap.self, name: "web")
        _ = try await client.get(ConfigMap.self, name: "web")
        clock.advance(.seconds(3601))
        _ = try await client.get(ConfigMap.self, name: "web")
        #expect(transport.requests.map { $0.header("Authorization") } == ["Bearer arg-env-1", "Bearer arg-env-1", "Bearer arg-env-2"])
        let info = try JSONValue(parsing: String(contentsOfFile: "\(directory.path)/info", encoding: .utf8))
        #expect(info["apiVersion"] == "client.authentication.k8s.io/v1")
        #expect(info["kind"] == "ExecCredential")
        #expect(info[path: "spec", "interactive"] == false)
        #expect(info[path: "spec", "cluster", "server"] == "https://api.example:6443")
        #expect(info[path: "spec", "cluster", "certificate-authority-data"] == .string(Data("CA".utf8).base64EncodedString()))
    }

    @Test("a 401 runs the plugin again and retries once with the new token")
    func refreshAfterUnauthorized() async throws {
        let directory = try TemporaryDirectory()
        let script = try Self.plugin(in: directory, apiVersion: "client.authentication.k8s.io/v1beta1")
        let transport = FakeTransport([.status(401, reason: "Unauthorized"), Self.ok, .status(401, reason: "Unauthorized"), .status(401, reason: "Unauthorized")])
        let client = makeClient(
            transport,
            credentials: .exec(Self.config(script, expiry: "2099-01-01T00:00:00Z", apiVersion: "client.authentication.k8s.io/v1beta1")),
            environment: Self.environment)
        _ = try await client.get(ConfigMap.self, name: "web")
        // Refused again after the refresh: the error is returned, not retried forever.
        await #expect(throws: KubeAPIError.self) {
            _ = try await client.get(ConfigMap.self, name: "web")
        }
        #expect(transport.requests.map { $0.header("Authorization") } == ["Bearer arg-env-1", "Bearer arg-env-2", "Bearer arg-env-2", "Bearer arg-env-3"])
    }

    @Test("a plugin that fails reports its exit status and stderr in one error")
    func failingPlugin() async throws {
        let directory = try TemporaryDirectory()
        let script = try directory.write("fail.sh", "#!/bin/sh\necho 'login required' >&2\nexit 3\n", executable: true)
        let transport = FakeTransport([Self.ok])
        let client = makeClient(transport, credentials: .exec(Self.config(script, expiry: "")), environment: Self.environment)
        let failure = try #require(await Self.failure(of: client))
        #expect(failure.contains("exited with status 3: login required"))
        #expect(transport.requests.isEmpty)
    }

    @Test("a variable of this process whose name starts with a digit is left out, and the plugin still runs")
    func variableNamedWithDigitLeftOut() async throws {
        let directory = try TemporaryDirectory()
        let script = try Self.plugin(in: directory)
        let transport = FakeTransport([Self.ok])
        let environment = Self.environment.merging(["1ST_VARIABLE": "x"]) { first, _ in first }
        let client = makeClient(
            transport, credentials: .exec(Self.config(script, expiry: "2099-01-01T00:00:00Z")), environment: environment)
        _ = try await client.get(ConfigMap.self, name: "web")
        #expect(transport.requests.map { $0.header("Authorization") } == ["Bearer arg-env-1"])
    }

    @Test("a plugin that answers the wrong apiVersion is refused")
    func wrongVersion() async throws {
        let directory = try TemporaryDirectory()
        let script = try Self.plugin(in: directory, apiVersion: "client.authentication.k8s.io/v1beta1")
        let client = makeClient(FakeTransport([Self.ok]), credentials: .exec(Self.config(script, expiry: "2099-01-01T00:00:00Z")), environment: Self.environment)
        let failure = try #require(await Self.failure(of: client))
        #expect(failure.contains("answered apiVersion client.authentication.k8s.io/v1beta1"))
    }

    @Test("a plugin that hangs is killed after its timeout")
    func hangingPlugin() async throws {
        let directory = try TemporaryDirectory()
        let script = try directory.write("hang.sh", "#!/bin/sh\nexec sleep 30\n", executable: true)
        var config = Self.config(script, expiry: "")
        config.timeout = .milliseconds(300)
        let client = makeClient(FakeTransport([Self.ok]), credentials: .exec(config), environment: Self.environment)
        let failure = try #require(await Self.failure(of: client))
        #expect(failure.contains("killed after running longer than"))
    }

    @Test("a command that does not exist names the command and the install hint")
    func missingCommand() async throws {
        var config = Self.config("no-such-plugin-xyz", expiry: "")
        config.installHint = "install it with brew"
        let client = makeClient(FakeTransport([Self.ok]), credentials: .exec(config), environment: Self.environment)
        let failure = try #require(await Self.failure(of: client))
        #expect(failure == "exec plugin no-such-plugin-xyz: not found in PATH; install it with brew")
    }
}
