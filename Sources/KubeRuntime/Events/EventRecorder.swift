public import KubeClient
public import KubeCore
public import Logging
public import ServiceLifecycle
import Synchronization

/// Records core/v1 Events about objects, the way client-go's `record.EventRecorder` does, without
/// ever blocking or failing the caller.
///
/// Expected flow: make one recorder per process, run it as a `Service` (in the manager's
/// `ServiceGroup`), and call ``record(_:reason:message:regarding:)`` from reconciles.
///
/// Guarantees:
/// - ``record(_:reason:message:regarding:)`` only takes a lock and appends to a bounded buffer; the
///   writes happen in ``run()``, one at a time, in the order recorded.
/// - A repeat (same object, type, reason and message) within the aggregation window updates the
///   existing Event's `count` and `lastTimestamp` (a merge patch) instead of creating another.
/// - One object gets at most `burst` events at once and one more per `refillInterval` (the spam
///   filter); the rest are dropped.
/// - Errors writing events are logged, never thrown: an Event is a report, not part of the work.
///
/// Caveats: events are dropped when the buffer is full, when the spam filter says so, and when the
/// recorder has stopped. client-go's aggregation of *similar* events (same reason, different
/// messages, combined after 10 in 10 minutes) is not done.
public final class EventRecorder: ServiceLifecycle.Service, Sendable {
    /// The configuration the recorder was made with.
    public let configuration: EventRecorderConfiguration
    private let client: KubernetesClient
    private let logger: Logger
    private let spamFilter: EventSpamFilter
    private let pending: AsyncStream<PendingEvent>
    private let input: AsyncStream<PendingEvent>.Continuation
    /// Set on graceful shutdown: the remaining events are written once each, without retries.
    private let shuttingDown = Atomic<Bool>(false)
    private let started = Atomic<Bool>(false)

    public init(
        configuration: EventRecorderConfiguration, client: KubernetesClient,
        logger: Logger = Logger(label: "aifleet.events")
    ) {
        self.configuration = configuration
        self.client = client
        self.logger = logger
        spamFilter = EventSpamFilter(
            burst: configuration.burst, refillInterval: configuration.refillInterval,
            cacheSize: configuration.cacheSize, clock: configuration.clock)
        // Oldest kept: when the writer falls behind, the newest events are the ones dropped, as with
        // client-go's broadcaster.
        (pending, input) = AsyncStream.makeStream(
            of: PendingEvent.self, bufferingPolicy: .bufferingOldest(configuration.bufferSize))
    }

    /// Queues an Event about `regarding` for writing; never blocks, never throws.
    ///
    /// - Parameters:
    ///   - reason: CamelCase and machine-readable, e.g. `PolicyViolation`.
    ///   - message: for humans.
    ///   - regarding: the object; it must have a name. Cluster-scoped objects' events go to `default`.
    /// - Returns: whether the event was queued; false when the spam filter or a full buffer dropped
    ///   it, the object has no name, or the recorder has stopped.
    @discardableResult
    public func record(_ type: EventType, reason: String, message: String, regarding: ObjectReference) -> Bool {
        guard let name = regarding.name, !name.isEmpty else {
            logger.warning("dropped an event about an object without a name", metadata: ["reason": "\(reason)"])
            return false
        }
        guard spamFilter.allow(regarding) else {
            logger.debug("the spam filter dropped an event", metadata: ["object": "\(name)", "reason": "\(reason)"])
            return false
        }
        let event = PendingEvent(
            type: type, reason: reason, message: message, regarding: regarding, objectName: name,
            timestamp: WallClock.time(), time: configuration.clock.now())
        switch input.yield(event) {
        case .enqueued:
            return true
        case .dropped:
            logger.warning("the event buffer is full; dropped an event", metadata: ["object": "\(name)", "reason": "\(reason)"])
            return false
        case .terminated:
            return false
        @unknown default:
            return false
        }
    }

    /// Writes the recorded events until the task is cancelled or, on graceful shutdown, until the
    /// events recorded before it are written (each tried once).
    ///
    /// - Throws: ``EventRecorderError/alreadyRunning`` when called while another call runs.
    public func run() async throws {
        guard !started.exchange(true, ordering: .acquiringAndReleasing) else { throw EventRecorderError.alreadyRunning }
        var writer = EventWriter(
            client: client, configuration: configuration, logger: logger, shuttingDown: { [self] in
                shuttingDown.load(ordering: .acquiring)
            })
        await withGracefulShutdownHandler {
            for await event in pending {
                await writer.write(event)
            }
        } onGracefulShutdown: { [self] in
            shuttingDown.store(true, ordering: .releasing)
            input.finish()
        }
        input.finish()
    }
}

/// A misuse of ``EventRecorder``.
public enum EventRecorderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// ``EventRecorder/run()`` was called a second time.
    case alreadyRunning

    public var description: String { "the event recorder is already running" }
}

/// An event as recorded, waiting to be written.
struct PendingEvent: Sendable {
    var type: EventType
    var reason: String
    var message: String
    var regarding: ObjectReference
    /// `regarding.name`, checked present.
    var objectName: String
    /// When it was recorded, as written into `firstTimestamp`/`lastTimestamp`.
    var timestamp: String
    /// When it was recorded, on the recorder's clock.
    var time: Duration
}
