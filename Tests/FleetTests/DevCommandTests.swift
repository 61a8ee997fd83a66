import Foundation
import Subprocess
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
        try #require(run.signalled, "aifleet dev did not start: \(run.stderr)")
        try #require(run.stoppedWithin.map { $0 < Self.exitDeadline } == true, "still running \(Self.exitDeadline) after the signal; stderr:\n\(run.stderr)")
        #expect(run.status == .exited(0), "stderr:\n\(run.stderr)")
        #expect(!run.stderr.contains("aifleet dev:"), "an error was printed:\n\(run.stderr)")
        #expect(run.stderr.components(separatedBy: "workers stopped").count - 1 == 4)
    }

    struct DevRun: Sendable {
        var status: TerminationStatus
        var stderr: String
        var signalled: Bool
        /// From the signal to the exit; nil if the process was killed first.
        var stoppedWithin: Duration?
    }

    /// Runs the binary until every controller has started its workers (the whole operator is up), then
    /// sends `signal` and collects stderr to the exit. It is killed when it does not start within
    /// `startTimeout` or does not stop within `exitDeadline`.
    private static func runUntilExit(_ arguments: [String], signal: Int32, startTimeout: Duration) async throws -> DevRun {
        try await withThrowingTaskGroup(of: DevRun?.self) { group in
            group.addTask {
                let run = try await Subprocess.run(
                    .path(FilePath(CLITests.binary.path)), arguments: Arguments(arguments), input: .none,
                    output: .discarded, error: .sequence
                ) { execution in
                    var stderr = ""
                    var signalledAt: ContinuousClock.Instant?
                    for try await line in execution.standardError.strings() {
                        stderr += line + "\n"
                        if signalledAt == nil, stderr.components(separatedBy: "starting workers").count - 1 >= 4 {
                            try execution.send(signal: Signal(rawValue: signal))
                            signalledAt = .now
                        }
                    }
                    return (stderr, signalledAt)
                }
                let (stderr, signalledAt) = run.closureResult
                return DevRun(
                    status: run.terminationStatus, stderr: stderr, signalled: signalledAt != nil,
                    stoppedWithin: signalledAt.map { .now - $0 })
            }
            group.addTask {
                try await Task.sleep(for: startTimeout + exitDeadline)
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
