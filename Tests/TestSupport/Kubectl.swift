import Foundation
package import KubeClient

/// Runs the real kubectl (/usr/bin/kubectl) as a child process.
public enum Kubectl {
    public static let path = "/usr/bin/kubectl"

    package static func run(
        _ arguments: [String], kubeconfig: String, cacheDirectory: String, stdin: String?, timeout: Duration
    ) async throws -> ChildProcessResult {
        var environment = ProcessInfo.processInfo.environment
        environment["KUBECONFIG"] = kubeconfig
        // The global flag goes first, so it never lands after a `--` among a command's arguments.
        return try await ChildProcess.run(
            path, ["--cache-dir", cacheDirectory] + arguments, environment: environment, stdin: stdin,
            timeout: timeout)
    }
}
