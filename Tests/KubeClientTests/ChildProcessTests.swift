import Testing

@testable import KubeClient

@Suite("ChildProcess")
struct ChildProcessTests {
    @Test("a child that exits without reading its stdin does not take this process down")
    func unreadStdin() async throws {
        // A megabyte cannot fit in the pipe, so the write meets a closed pipe (SIGPIPE unless ignored).
        let input = String(repeating: "x", count: 1 << 20)
        for _ in 0..<5 {
            let result = try await ChildProcess.run("/bin/sh", ["-c", "exit 3"], stdin: input, timeout: .seconds(30))
            #expect(result.status == 3)
            #expect(!result.timedOut)
        }
    }

    @Test("a child that outlives its timeout is killed, reported as timed out, and what it printed is kept")
    func timeout() async throws {
        let result = try await ChildProcess.run(
            "/bin/sh", ["-c", "echo started; exec sleep 30"], timeout: .milliseconds(300))
        #expect(result.timedOut)
        #expect(result.status == 128 + 9)
        #expect(result.stdout == "started\n")
    }

    @Test("a child killed by a signal of its own is not reported as timed out")
    func killedButNotTimedOut() async throws {
        let result = try await ChildProcess.run("/bin/sh", ["-c", "kill -9 $$"], timeout: .seconds(30))
        #expect(result.status == 128 + 9)
        #expect(!result.timedOut)
    }
}
