import Foundation

/// Runs a credential plugin to completion. The plugin gets no stdin (it is not interactive), its stdout
/// and stderr are captured, and it is killed with SIGKILL when it outlives `timeout` (SIGTERM may be
/// blocked in children of this process).
enum ExecPluginRunner {
    static func run(_ config: ExecConfig, environment: [String: String]) async throws(KubeAPIError) -> ChildProcessResult {
        let executable = try resolve(config.command, environment: environment, hint: config.installHint)
        // Variables that swift-subprocess refuses to pass (a name that starts with a digit, which
        // Kubernetes' relaxed env-name validation allows in a pod) are left out of what this process
        // hands on, rather than fail every plugin run; a kubeconfig's own `env` is passed as written.
        var mergedEnvironment = environment.filter { variable in
            guard let first = variable.key.utf8.first else { return false }
            return !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
        }
        for variable in config.env { mergedEnvironment[variable.name] = variable.value }
        mergedEnvironment["KUBERNETES_EXEC_INFO"] = ExecCredential.execInfo(for: config)
        do {
            return try await ChildProcess.run(
                executable, config.args, environment: mergedEnvironment, timeout: config.timeout)
        } catch {
            throw .invalidRequest("exec plugin \(config.command): cannot run it: \(error)")
        }
    }

    /// Finds the program as a shell would: a name with a `/` is a path, others are looked up in PATH.
    private static func resolve(_ command: String, environment: [String: String], hint: String?) throws(KubeAPIError) -> String {
        let hintText = hint.map { "; \($0)" } ?? ""
        if command.contains("/") {
            guard FileManager.default.isExecutableFile(atPath: command) else {
                throw .invalidRequest("exec plugin \(command): no such executable file\(hintText)")
            }
            return command
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(command)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw .invalidRequest("exec plugin \(command): not found in PATH\(hintText)")
    }
}
