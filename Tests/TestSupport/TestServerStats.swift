import HummingbirdCore
import Synchronization

/// What a ``TestHTTPServer`` has seen: connections and the fate of its streamed responses.
public final class TestServerStats: Sendable {
    private struct State {
        var acceptedConnections = 0
        var openConnections = 0
        var slowStreamsStarted = 0
        var slowStreamsEndedByClient = 0
        var bodyBytesSent = 0
        var stopping = false
    }

    private let state = Mutex(State())

    public init() {}

    /// Connections the server has accepted since it started.
    public var acceptedConnections: Int { state.withLock { $0.acceptedConnections } }
    /// Connections open right now.
    public var openConnections: Int { state.withLock { $0.openConnections } }
    /// `/slow` responses that started.
    public var slowStreamsStarted: Int { state.withLock { $0.slowStreamsStarted } }
    /// `/slow` responses that ended because the client went away (a write failed).
    public var slowStreamsEndedByClient: Int { state.withLock { $0.slowStreamsEndedByClient } }
    /// Response body bytes the kernel has accepted on plain HTTP/1.1 connections so far (see
    /// `SentBodyCounter`).
    public var bodyBytesSent: Int { state.withLock { $0.bodyBytesSent } }

    /// Waits until `condition` holds, checking every few milliseconds, for at most `timeout`.
    /// Returns whether it held.
    public func wait(
        upTo timeout: Duration = .seconds(10), until condition: @Sendable (TestServerStats) -> Bool
    ) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return condition(self)
    }

    /// Waits until ``bodyBytesSent`` has not grown for `quiet` (the client stopped reading), for at
    /// most `timeout`. Returns whether it stalled.
    public func waitForBodyStall(quiet: Duration, upTo timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        var last = bodyBytesSent
        var unchangedSince = ContinuousClock.now
        while ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
            let current = bodyBytesSent
            if current != last {
                last = current
                unchangedSince = .now
            } else if unchangedSince.duration(to: .now) >= quiet {
                return true
            }
        }
        return false
    }

    /// The server is stopping: long handlers end early so the graceful shutdown is quick.
    var isStopping: Bool { state.withLock { $0.stopping } }
    func markStopping() { state.withLock { $0.stopping = true } }

    func connectionOpened() {
        state.withLock {
            $0.acceptedConnections += 1
            $0.openConnections += 1
        }
    }

    func connectionClosed() { state.withLock { $0.openConnections -= 1 } }
    func slowStreamStarted() { state.withLock { $0.slowStreamsStarted += 1 } }
    func slowStreamEndedByClient() { state.withLock { $0.slowStreamsEndedByClient += 1 } }
    func recordBodyBytesSent(_ bytes: Int) { state.withLock { $0.bodyBytesSent += bytes } }
}

/// Feeds Hummingbird's connection events into the stats; never refuses a connection.
struct ConnectionCounter: AvailableConnectionsDelegate {
    let stats: TestServerStats

    mutating func connectionOpened() { stats.connectionOpened() }
    mutating func connectionClosed() { stats.connectionClosed() }
    func isAcceptingNewConnections() -> Bool { true }
}
