import Foundation
import Subprocess
import Synchronization
import SystemPackage

/// A child process of a benchmark (the `aifleet` binary), its output collected, killed with SIGKILL
/// when stopped (NOTES.md: children inherit a signal mask that blocks SIGTERM). Spawned through
/// swift-subprocess, as everything in this package (Foundation's Process crashes now and then on 6.3.1).
final class BenchProcess: Sendable {
    let pid: Int32
    private let executableName: String
    private let output: ChildOutput

    private init(pid: Int32, executableName: String, output: ChildOutput) {
        self.pid = pid
        self.executableName = executableName
        self.output = output
    }

    /// Starts `executable` with stdout and stderr collected, once it has a process id.
    static func start(_ executable: String, _ arguments: [String]) async throws -> BenchProcess {
        let output = ChildOutput()
        let pid: Int32 = try await withCheckedThrowingContinuation { continuation in
            Task {
                do {
                    _ = try await Subprocess.run(
                        .path(FilePath(executable)), arguments: Arguments(arguments), input: .none, output: .sequence,
                        error: .combinedWithOutput
                    ) { execution in
                        output.markStarted()
                        continuation.resume(returning: execution.processIdentifier.value)
                        for try await chunk in execution.standardOutput {
                            output.append(chunk.withUnsafeBytes { Data($0) })
                        }
                    }
                } catch {
                    if !output.started { continuation.resume(throwing: error) }
                }
                output.markExited()
            }
        }
        running.withLock { _ = $0.insert(pid) }
        return BenchProcess(
            pid: pid, executableName: URL(fileURLWithPath: executable).lastPathComponent, output: output)
    }

    /// The children not yet stopped, killed if the benchmark itself is interrupted.
    private static let running = Mutex<Set<Int32>>([])
    private static let interruptSources = Mutex<[any DispatchSourceSignal]>([])

    /// On SIGINT, SIGTERM or SIGHUP, kills every running child before exiting: an interrupted
    /// benchmark would otherwise leave KubeSim and the operator running, holding cores and ports.
    static func killChildrenOnInterrupt() {
        interruptSources.withLock { sources in
            for number in [SIGINT, SIGTERM, SIGHUP] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number)
                source.setEventHandler {
                    for pid in running.withLock({ $0 }) { kill(pid, SIGKILL) }
                    exit(128 + number)
                }
                source.resume()
                sources.append(source)
            }
        }
    }

    /// The `aifleet` binary built beside this one, run with `arguments`.
    static func aifleet(_ arguments: [String]) async throws -> BenchProcess {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("aifleet").path
        return try await start(binary, arguments)
    }

    /// The CPU time (user and system) the process has used so far, in seconds, from /proc/PID/stat.
    var cpuSeconds: Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let afterName = stat.range(of: ") ", options: .backwards)
        else { return 0 }
        // Fields after the command name start at field 3 (state); utime and stime are fields 14 and 15.
        let fields = stat[afterName.upperBound...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Everything the process printed so far.
    var printed: String { output.text }

    /// Waits until the output contains `text`, for up to `seconds`.
    func waitFor(_ text: String, seconds: Double) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !printed.contains(text) {
            guard Date() < deadline, !output.exited else {
                throw BenchFailure("\(executableName) never printed '\(text)': \(printed.suffix(500))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The peak resident set size, in bytes.
    var peakResidentBytes: Int { ProcessMemory.bytes("VmHWM", pid: pid) }

    /// The resident set size now, in bytes.
    var residentBytes: Int { ProcessMemory.bytes("VmRSS", pid: pid) }

    /// Kills the process; swift-subprocess reaps it.
    func stop() {
        kill(pid, SIGKILL)
        Self.running.withLock { _ = $0.remove(pid) }
    }
}

/// Memory figures of a process, from /proc/PID/status.
enum ProcessMemory {
    /// A `kB` field of /proc/PID/status (`VmRSS`, `VmHWM`), in bytes; 0 if unreadable.
    static func bytes(_ field: String, pid: Int32 = getpid()) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes * 1024
    }
}

/// Why a benchmark could not produce its figures.
struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// What a child process printed, appended from its reader task, and whether it started and ended.
final class ChildOutput: Sendable {
    private let state = Mutex<(data: Data, started: Bool, exited: Bool)>((Data(), false, false))

    func append(_ chunk: Data) {
        state.withLock { $0.data.append(chunk) }
    }

    func markStarted() { state.withLock { $0.started = true } }
    func markExited() { state.withLock { $0.exited = true } }
    var started: Bool { state.withLock { $0.started } }
    var exited: Bool { state.withLock { $0.exited } }

    var text: String { String(decoding: state.withLock { $0.data }, as: UTF8.self) }
}
