import Synchronization

/// Client-side rate limit of API requests: a token bucket that refills at `qps` tokens a second and
/// holds at most `burst`, as client-go's `flowcontrol.NewTokenBucketRateLimiter`.
///
/// Guarantees: `acquire()` never blocks a thread — a caller that must wait reserves its token and
/// then sleeps on the task, so waiting callers are served in the order they arrived. A qps of 0 (or
/// less) turns the limit off.
///
/// Caveats: a caller cancelled while it waits has still used its token, as with
/// `golang.org/x/time/rate` reservations that are not cancelled; the bucket catches up at the next refill.
public final class TokenBucket: Sendable {
    /// Tokens added per second; 0 or less means unlimited.
    public let qps: Double
    /// The most tokens the bucket holds, hence the most requests sent at once after a quiet period.
    public let burst: Int
    private let clock: ClientClock

    /// `tokens` may go negative: each waiting caller has taken a token ahead of the refill.
    private struct State {
        var tokens: Double
        var updated: Duration
    }
    private let state: Mutex<State>

    public init(qps: Double, burst: Int, clock: ClientClock = .system) {
        self.qps = qps
        self.burst = max(burst, 1)
        self.clock = clock
        state = Mutex(State(tokens: Double(max(burst, 1)), updated: clock.now()))
    }

    /// Waits until a request may be sent.
    public func acquire() async throws {
        let wait = reserve()
        if wait > .zero { try await clock.sleep(wait) }
    }

    /// Takes a token and returns how long its owner must wait before using it.
    func reserve() -> Duration {
        guard qps > 0 else { return .zero }
        let now = clock.now()
        return state.withLock { state in
            let elapsed = Self.seconds(now - state.updated)
            state.tokens = min(Double(burst), state.tokens + elapsed * qps)
            state.updated = now
            state.tokens -= 1
            guard state.tokens < 0 else { return .zero }
            return .nanoseconds(Int64((-state.tokens / qps * 1e9).rounded(.up)))
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
