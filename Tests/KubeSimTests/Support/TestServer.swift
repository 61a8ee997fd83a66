import TestSupport
import Foundation
import KubeClient
import KubeCore
@testable import KubeSim

/// A KubeSim server for one test, with an HTTP client and a kubeconfig pointing at it.
struct TestServer {
    let server: KubeSimServer
    let client: TestHTTPClient
    /// A scratch directory (kubeconfig, kubectl cache), removed after the test.
    let directory: URL

    var kubeconfigPath: String { directory.appendingPathComponent("kubeconfig").path }

    /// Runs `body` against a fresh server (configured by `configure`), then stops it.
    static func with<T>(
        _ configure: (inout KubeSimConfiguration) -> Void = { _ in },
        _ body: (TestServer) async throws -> T
    ) async throws -> T {
        var configuration = KubeSimConfiguration()
        configuration.simulatedStatusDelay = .zero
        configure(&configuration)
        let server = try await KubeSimServer.start(configuration)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let test = TestServer(
            server: server, client: TestHTTPClient(baseURL: server.url, token: configuration.bearerToken), directory: directory)
        try server.writeKubeconfig(to: test.kubeconfigPath)
        do {
            let result = try await body(test)
            await server.stop()
            try? FileManager.default.removeItem(at: directory)
            return result
        } catch {
            await server.stop()
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// Runs kubectl against this server.
    func kubectl(_ arguments: String..., stdin: String? = nil, timeout: Duration = .seconds(30)) async throws -> ChildProcessResult {
        try await Kubectl.run(arguments, kubeconfig: kubeconfigPath, cacheDirectory: directory.appendingPathComponent("cache").path, stdin: stdin, timeout: timeout)
    }

    /// Writes `text` to a file in the scratch directory and returns its path.
    func file(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Installs the test CRD (`gadgets.example.com`).
    func installGadgets() throws {
        try server.installCRD(Fixtures.gadgetCRD)
    }

    /// Waits (polling, bounded) until `condition` holds; fails the wait after `timeout`.
    func eventually(timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return try await condition()
    }
}
