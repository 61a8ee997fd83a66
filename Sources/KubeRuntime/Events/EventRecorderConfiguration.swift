import KubeCore

/// The `type` of a core/v1 Event.
public enum EventType: String, Sendable, Hashable {
    /// Something expected happened (`Normal`).
    case normal = "Normal"
    /// Something may need attention (`Warning`).
    case warning = "Warning"
}

/// How an ``EventRecorder`` names itself, buffers, aggregates and rate-limits; the defaults are
/// client-go's (`tools/record`).
public struct EventRecorderConfiguration: Sendable {
    /// The reporting component, written as `source.component` and `reportingComponent`
    /// (e.g. `aifleet`).
    public var component: String
    /// Which instance of the component reports, written as `source.host` and `reportingInstance`.
    /// Default (nil in the initializer): the host name (in a pod, the pod's name).
    public var instance: String
    /// Events waiting to be written; when full, new events are dropped (client-go's broadcaster
    /// holds 1000). Default: 1000.
    public var bufferSize: Int
    /// Events one object may get at once before the spam filter drops them. Default: 25.
    public var burst: Int
    /// The spam filter gives an object one more event per interval. Default: 5 minutes.
    public var refillInterval: Duration
    /// A repeat within this time of the last occurrence updates the existing Event. Default: 10 minutes.
    public var aggregationWindow: Duration
    /// Objects (spam filter) and distinct events (aggregation) remembered; the least recently used
    /// are forgotten. Default: 4096.
    public var cacheSize: Int
    /// Tries of a write that fails without an answer, a 5xx or a 429. Default: 12.
    public var maxTries: Int
    /// Wait between those tries. Default: 10 s.
    public var retryInterval: Duration
    /// The time source of the spam filter, aggregation window and retries. Default: ``SystemClock``.
    public var clock: any RuntimeClock

    public init(
        component: String, instance: String? = nil, bufferSize: Int = 1000, burst: Int = 25,
        refillInterval: Duration = .seconds(300), aggregationWindow: Duration = .seconds(600), cacheSize: Int = 4096,
        maxTries: Int = 12, retryInterval: Duration = .seconds(10), clock: any RuntimeClock = SystemClock()
    ) {
        self.component = component
        self.instance = instance ?? HostName.current()
        self.bufferSize = max(1, bufferSize)
        self.burst = max(1, burst)
        self.refillInterval = refillInterval
        self.aggregationWindow = aggregationWindow
        self.cacheSize = max(1, cacheSize)
        self.maxTries = max(1, maxTries)
        self.retryInterval = retryInterval
        self.clock = clock
    }
}
