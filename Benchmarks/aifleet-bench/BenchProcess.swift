import Foundation
import Synchronization

/// A child process of a benchmark (the `aifleet` binary), its output collected, killed with SIGKILL
/// when stopped (NOTES.md: children inherit a signal mask that blocks SIGTERM).
final class BenchProcess: Sendable {
    private let process: Process
    private let output = OutputBuffer()

    init(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let output = self.output
        pipe.fileHandleForReading.readabilityHandler = { handle in
            output.append(handle.availableData)
        }
        try process.run()
        self.process = process
        Self.running.withLock { _ = $0.insert(process.processIdentifier) }
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
    static func aifleet(_ arguments: [String]) throws -> BenchProcess {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("aifleet").path
        return try BenchProcess(binary, arguments)
    }

    var pid: Int32 { process.processIdentifier }

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
            guard Date() < deadline, process.isRunning else {
                throw BenchFailure("\(process.executableURL?.lastPathComponent ?? "process") never printed '\(text)': \(printed.suffix(500))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The peak resident set size, in bytes.
    var peakResidentBytes: Int { ProcessMemory.bytes("VmHWM", pid: pid) }

    /// The resident set size now, in bytes.
    var residentBytes: Int { ProcessMemory.bytes("VmRSS", pid: pid) }

    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        Self.running.withLock { _ = $0.remove(process.processIdentifier) }
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

/// What a child process printed, appended from the pipe's reader thread.
final class OutputBuffer: Sendable {
    private let data = Mutex(Data())

    func append(_ chunk: Data) {
        data.withLock { $0.append(chunk) }
    }

    var text: String { String(decoding: data.withLock { $0 }, as: UTF8.self) }
}
