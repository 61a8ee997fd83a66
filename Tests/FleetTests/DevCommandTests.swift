import Foundation
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
        let out = directory.appendingPathComponent("stdout")
        let err = directory.appendingPathComponent("stderr")
        #expect(FileManager.default.createFile(atPath: out.path, contents: nil))
        #expect(FileManager.default.createFile(atPath: err.path, contents: nil))
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = [
            "dev", "--port", "0", "--insecure-http", "--write-kubeconfig", directory.appendingPathComponent("kubeconfig").path,
        ]
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        // Every controller has started its workers: the whole operator is up.
        let started = try await Self.poll(timeout: .seconds(120)) {
            try Self.text(of: err).components(separatedBy: "starting workers").count - 1 >= 4
        }
        let startLog = try Self.text(of: err)
        try #require(started, "aifleet dev did not start: \(startLog)")

        kill(process.processIdentifier, signal)
        let exited = try await Self.poll(timeout: Self.exitDeadline) { !process.isRunning }
        let stderr = try Self.text(of: err)
        try #require(exited, "still running \(Self.exitDeadline) after the signal; stderr:\n\(stderr)")
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0, "stderr:\n\(stderr)")
        #expect(!stderr.contains("aifleet dev:"), "an error was printed:\n\(stderr)")
        #expect(stderr.components(separatedBy: "workers stopped").count - 1 == 4)
    }

    /// The file's text so far; lenient, as the process may be halfway through a multi-byte character.
    private static func text(of file: URL) throws -> String {
        String(decoding: try Data(contentsOf: file), as: UTF8.self)
    }

    /// Whether `condition` became true before `timeout`, checked every 50 ms.
    private static func poll(timeout: Duration, _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try condition()
    }
}
