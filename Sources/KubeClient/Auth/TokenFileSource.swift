import Foundation
import Synchronization

/// A bearer token kept in a file that something else rotates (the kubelet's projected
/// service-account token, a sidecar that refreshes a cloud token).
///
/// The file is re-read when its modification time changes, and at least every `maxAge` even when it
/// does not (a file replaced within the same second keeps its mtime), as client-go's
/// `cachingTokenSource` re-reads every minute. A file that cannot be read keeps the last token that
/// was read, or the fallback; only when there is neither does the request fail.
final class TokenFileSource: Sendable {
    let path: String
    private let fallback: String?
    private let maxAge: Duration
    private let clock: ClientClock

    private struct State {
        var token: String?
        var modified: Date?
        var readAt: Duration?
    }
    private let state = Mutex(State())

    init(path: String, fallback: String?, maxAge: Duration = .seconds(60), clock: ClientClock) {
        self.path = path
        self.fallback = fallback
        self.maxAge = maxAge
        self.clock = clock
    }

    /// The current token, reading the file first if it changed or the cached copy is old.
    func token() throws(KubeAPIError) -> String {
        let now = clock.now()
        let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        let cached = state.withLock { state -> String? in
            guard let token = state.token, let readAt = state.readAt, now - readAt < maxAge,
                modified == state.modified
            else { return nil }
            return token
        }
        if let cached { return cached }
        if let data = FileManager.default.contents(atPath: path) {
            let token = String(decoding: data, as: UTF8.self).trimmingWhitespace()
            if !token.isEmpty {
                state.withLock { $0 = State(token: token, modified: modified, readAt: now) }
                return token
            }
        }
        if let previous = state.withLock({ $0.token }) ?? fallback { return previous }
        throw .invalidRequest("cannot read the bearer token file \(path): it is missing, unreadable or empty")
    }

    /// Forgets the cached token, so that the next request reads the file (after a 401).
    func invalidate() {
        state.withLock { $0.readAt = nil }
    }
}
