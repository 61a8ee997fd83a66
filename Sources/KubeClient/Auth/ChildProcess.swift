#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Subprocess
import SystemPackage

/// What a child process printed and how it ended.
package struct ChildProcessResult: Sendable, CustomStringConvertible {
    /// The exit status, or 128 + the signal's number when a signal ended the process (as a shell reports it).
    package var status: Int32
    package var stdout: String
    package var stderr: String
    /// The process outlived its timeout and was killed.
    package var timedOut: Bool
    package var succeeded: Bool { status == 0 }
    package var description: String { "exit \(status)\(timedOut ? " (timed out)" : "")\nstdout: \(stdout)\nstderr: \(stderr)" }
}

/// Runs a program to its end: exec credential plugins here, and kubectl and aifleet in this package's
/// tests. Through swift-subprocess, never Foundation's Process, which crashes the parent now and then on
/// Swift 6.3.1 (swift-corelibs-foundation#5472).
package enum ChildProcess {
    /// How much of each stream is kept: a credential plugin or a test that prints more is broken.
    static let outputLimit = 16 << 20

    /// Runs `executable` with stdin from `stdin` (or /dev/null), killing it with SIGKILL at `timeout`
    /// (NOTES.md: children may inherit a signal mask that blocks SIGTERM). Without `environment` the
    /// child gets this process's own.
    package static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        workingDirectory: String? = nil, stdin: String? = nil, timeout: Duration
    ) async throws -> ChildProcessResult {
        let configuration = Configuration(
            executable: .path(FilePath(executable)), arguments: Arguments(arguments),
            environment: environment.map { variables in
                .custom(Dictionary(uniqueKeysWithValues: variables.map { (Environment.Key(stringLiteral: $0.key), $0.value) }))
            } ?? .inherit,
            workingDirectory: workingDirectory.map { FilePath($0) })
        if let stdin {
            let input = try temporaryFile(containing: stdin)
            return try await run(
                configuration, input: .fileDescriptor(input, closeAfterSpawningProcess: true), timeout: timeout)
        }
        return try await run(configuration, input: .none, timeout: timeout)
    }

    /// `text` in a temporary file, already unlinked, open for reading from its start.
    ///
    /// A file, not a pipe: a child that exits without reading all of its stdin makes a pipe write
    /// raise SIGPIPE, which ends this process, and with SIGPIPE ignored swift-subprocess 1.0.2 stops
    /// on a fatal error instead ("FileDescriptor was not closed"). Only tests feed stdin.
    private static func temporaryFile(containing text: String) throws -> FileDescriptor {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var path = Array("\(directory)/aifleet-stdin-XXXXXX".utf8CString)
        let descriptor = FileDescriptor(rawValue: mkstemp(&path))
        guard descriptor.rawValue >= 0 else { throw Errno(rawValue: errno) }
        unlink(path)
        do {
            _ = try descriptor.writeAll(text.utf8)
            _ = try descriptor.seek(offset: 0, from: .start)
        } catch {
            try? descriptor.close()
            throw error
        }
        return descriptor
    }

    private static func run(
        _ configuration: Configuration, input: some InputProtocol & Sendable, timeout: Duration
    ) async throws -> ChildProcessResult {
        // Cancelling `run` kills the child and still returns what it printed until then.
        try await withThrowingTaskGroup(of: ChildProcessResult?.self) { group in
            group.addTask {
                let result = try await Subprocess.run(
                    configuration, input: input, output: .string(limit: outputLimit),
                    error: .string(limit: outputLimit))
                let status: Int32 =
                    switch result.terminationStatus {
                    case .exited(let code): code
                    case .signaled(let signal): 128 + signal
                    }
                return ChildProcessResult(
                    status: status, stdout: result.standardOutput, stderr: result.standardError, timedOut: false)
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            var timerFired = false
            while let finished = try await group.next() {
                group.cancelAll()
                guard var result = finished else {
                    timerFired = true
                    continue
                }
                // Killed by the timer, not merely reaped after it fired: a child that exited on its own
                // just before its timeout did not time out.
                result.timedOut = timerFired && result.status == 128 + SIGKILL
                return result
            }
            throw CancellationError()
        }
    }
}
