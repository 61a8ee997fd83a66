/// Exponential backoff with jitter, as client-go's reflector waits between failed list/watch
/// attempts (800 ms doubling to 30 s, jitter 1.0): many informers that lose the API server at once
/// do not come back in lockstep.
public struct Backoff: Sendable, Hashable {
    /// The first delay. Default 800 ms.
    public var initial: Duration
    /// The cap. Default 30 s.
    public var maximum: Duration
    /// Each delay is the previous one times this. Default 2.
    public var factor: Double
    /// A delay `d` becomes a random value in `d ... d·(1 + jitter)`. Default 1.
    public var jitter: Double

    private var attempts = 0

    public init(
        initial: Duration = .milliseconds(800), maximum: Duration = .seconds(30), factor: Double = 2, jitter: Double = 1
    ) {
        self.initial = initial
        self.maximum = maximum
        self.factor = factor
        self.jitter = jitter
    }

    /// The delay before the next attempt; each call makes the following one longer, up to the cap.
    public mutating func next() -> Duration {
        var base = initial
        for _ in 0..<attempts where base < maximum { base = base * factor }
        attempts += 1
        let jittered = base * (1 + Double.random(in: 0...jitter))
        return Swift.min(jittered, maximum * (1 + jitter))
    }

    /// Starts again from ``initial`` (after a success).
    public mutating func reset() {
        attempts = 0
    }
}
