import Foundation
import Synchronization

/// What a kubectl run printed and how it ended.
public struct KubectlResult: Sendable, CustomStringConvertible {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var succeeded: Bool { status == 0 }
    public var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
}

/// Runs the real kubectl (/usr/bin/kubectl) as a child process: output to pipes, killed with SIGKILL
/// at the timeout (NOTES.md: children inherit a signal mask that blocks SIGTERM).
public enum Kubectl {
    public static let path = "/usr/bin/kubectl"

    public static func run(
        _ arguments: [String], kubeconfig: String, cacheDirectory: String, stdin: String?, timeout: Duration
    ) async throws -> KubectlResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        // The global flag goes first, so it never lands after a `--` among a command's arguments.
        process.arguments = ["--cache-dir", cacheDirectory] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["KUBECONFIG"] = kubeconfig
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        let collected = Mutex<(out: Data, err: Data)>((Data(), Data()))
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            collected.withLock { $0.out.append(data) }
        }
        errors.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            collected.withLock { $0.err.append(data) }
        }
        let (ended, endedContinuation) = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in endedContinuation.yield(); endedContinuation.finish() }
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        let pid = process.processIdentifier
        let killer = Task {
            try await Task.sleep(for: timeout)
            kill(pid, SIGKILL)
        }
        for await _ in ended { break }
        killer.cancel()
        output.fileHandleForReading.readabilityHandler = nil
        errors.fileHandleForReading.readabilityHandler = nil
        let restOut = (try? output.fileHandleForReading.readToEnd()) ?? nil
        let restErr = (try? errors.fileHandleForReading.readToEnd()) ?? nil
        let (out, err) = collected.withLock { state in
            (state.out + (restOut ?? Data()), state.err + (restErr ?? Data()))
        }
        return KubectlResult(
            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self))
    }
}
