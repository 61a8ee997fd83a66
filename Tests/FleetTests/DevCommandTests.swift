import Foundation
import Subprocess
import Synchronization
import SystemPackage
import Testing

/// `aifleet dev` run as the built binary (.build/debug/aifleet), as a newcomer runs it.
@Suite("aifleet dev")
struct DevCommandTests {
    /// Well under the manager's 30 s shutdown deadline, which a service deaf to graceful shutdown
    /// makes the process wait out; generous for a loaded CI machine, where a clean stop takes
    /// milliseconds.
    static let exitDeadline = Duration.seconds(15)

    @Test("a signal stops the operator and KubeSim gracefully: exit 0 at once, no error", arguments: [SIGINT, SIGTERM])
    func stopsOnSignal(signal: Int32) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aifleet-dev-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let arguments = [
            "dev", "--port", "0", "--insecure-http", "--write-kubeconfig", directory.appendingPathComponent("kubeconfig").path,
        ]
        let run = try await Self.runUntilExit(arguments, signal: signal, startTimeout: .seconds(120))
        try #require(run.signalledAt != nil, "aifleet dev did not start within 120 s: \(run.stderr)")
        try #require(!run.killed, "still running \(Self.exitDeadline) after the signal; stderr:\n\(run.stderr)")
        #expect(run.status == .exited(0), "stderr:\n\(run.stderr)")
        #expect(!run.stderr.contains("aifleet dev:"), "an error was printed:\n\(run.stderr)")
        #expect(run.stderr.components(separatedBy: "workers stopped").count - 1 == 4)
    }

    struct DevRun: Sendable {
        var status: TerminationStatus
        var stderr: String
        /// When the signal was sent: once every controller had started its workers.
        var signalledAt: ContinuousClock.Instant?
        /// The test killed it: it did not start within the start timeout, or did not stop within
        /// `exitDeadline` of the signal.
        var killed: Bool
    }

    /// When the signal went out and whether the watchdog killed the process, shared by the task that
    /// reads the process's stderr and the watchdog.
    final class Phases: Sendable {
        let state = Mutex<(signalledAt: ContinuousClock.Instant?, killed: Bool)>((nil, false))
    }

    /// Runs the binary until every controller has started its workers (the whole operator is up), then
    /// sends `signal` and collects stderr to the exit. A watchdog kills it when it does not start
    /// within `startTimeout`, or does not stop within `exitDeadline` of the signal.
    private static func runUntilExit(_ arguments: [String], signal: Int32, startTimeout: Duration) async throws -> DevRun {
        let phases = Phases()
        return try await withThrowingTaskGroup(of: DevRun?.self) { group in
            group.addTask {
                let run = try await Subprocess.run(
                    .path(FilePath(CLITests.binary.path)), arguments: Arguments(arguments), input: .none,
                    output: .discarded, error: .sequence
                ) { execution in
                    var stderr = ""
                    var signalled = false
                    for try await line in execution.standardError.strings() {
                        stderr += line + "\n"
                        if !signalled, stderr.components(separatedBy: "starting workers").count - 1 >= 4 {
                            try execution.send(signal: Signal(rawValue: signal))
                            signalled = true
                            phases.state.withLock { $0.signalledAt = .now }
                        }
                    }
                    return stderr
                }
                let (signalledAt, killed) = phases.state.withLock { ($0.signalledAt, $0.killed) }
                return DevRun(
                    status: run.terminationStatus, stderr: run.closureResult, signalledAt: signalledAt, killed: killed)
            }
            group.addTask {
                // Returning nil cancels the run, which kills the process.
                try await Task.sleep(for: startTimeout)
                while let signalledAt = phases.state.withLock({ $0.signalledAt }), .now < signalledAt + exitDeadline {
                    try await Task.sleep(until: signalledAt + exitDeadline)
                }
                phases.state.withLock { $0.killed = true }
                return nil
            }
            while let finished = try await group.next() {
                group.cancelAll()
                if let finished { return finished }
            }
            throw CancellationError()
        }
    }
}
