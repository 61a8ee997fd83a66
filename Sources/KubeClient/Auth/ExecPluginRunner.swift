import Foundation
import Synchronization

/// Runs a credential plugin to completion on threads of its own, never on the cooperative pool
/// (where a blocking read would starve every other task on a 2-core machine).
///
/// The plugin gets no stdin (it is not interactive), its stdout and stderr are captured, and it is
/// killed with SIGKILL when it outlives `timeout` (SIGTERM may be blocked in children of this process).
enum ExecPluginRunner {
    struct Output: Sendable {
        var exitStatus: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
        var timedOut: Bool
    }

    static func run(_ config: ExecConfig, environment: [String: String]) async throws(KubeAPIError) -> Output {
        let executable = try resolve(config.command, environment: environment, hint: config.installHint)
        var mergedEnvironment = environment
        for variable in config.env { mergedEnvironment[variable.name] = variable.value }
        mergedEnvironment["KUBERNETES_EXEC_INFO"] = ExecCredential.execInfo(for: config)
        let childEnvironment = mergedEnvironment
        let result: Result<Output, KubeAPIError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(
                    returning: runBlocking(
                        executable: executable, config: config, environment: childEnvironment))
            }
            thread.name = "exec-plugin"
            thread.start()
        }
        return try result.get()
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

    private static func runBlocking(
        executable: String, config: ExecConfig, environment: [String: String]
    ) -> Result<Output, KubeAPIError> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = config.args
        process.environment = environment
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return .failure(.invalidRequest("exec plugin \(config.command): cannot start it: \(error)"))
        }
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + TokenBucket.seconds(config.timeout), execute: watchdog)
        // stderr is drained on its own thread so a chatty plugin cannot fill that pipe and stall.
        let errorOutput = CapturedBytes()
        let errorReader = Thread {
            errorOutput.store(Array(stderr.fileHandleForReading.readDataToEndOfFile()))
        }
        errorReader.start()
        let outputBytes = Array(stdout.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        watchdog.cancel()
        let killed = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
        return .success(
            Output(
                exitStatus: process.terminationStatus, stdout: outputBytes, stderr: errorOutput.wait(),
                timedOut: killed))
    }
}

/// Bytes produced on one thread and awaited on another.
private final class CapturedBytes: Sendable {
    private let bytes = Mutex<[UInt8]>([])
    private let done = DispatchSemaphore(value: 0)

    func store(_ value: [UInt8]) {
        bytes.withLock { $0 = value }
        done.signal()
    }

    /// Blocks the calling thread (the plugin's own, never a pool thread) until `store` was called.
    func wait() -> [UInt8] {
        done.wait()
        return bytes.withLock { $0 }
    }
}
