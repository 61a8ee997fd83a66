import KubeClient
import KubeCore
import Logging

/// Writes recorded events to the API server, one at a time: creates an Event, or patches the one a
/// repeat belongs to (client-go's `recordToSink`). Owned by the recorder's `run()` task.
struct EventWriter {
    let client: KubernetesClient
    let configuration: EventRecorderConfiguration
    let logger: Logger
    /// Whether the recorder is shutting down, when failed writes are no longer retried.
    let shuttingDown: @Sendable () -> Bool
    private var correlator: EventCorrelator
    /// The last number used in an Event's name, so that two events of one object never share a name.
    private var lastNameNumber: UInt64 = 0

    init(
        client: KubernetesClient, configuration: EventRecorderConfiguration, logger: Logger,
        shuttingDown: @escaping @Sendable () -> Bool
    ) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
        self.shuttingDown = shuttingDown
        correlator = EventCorrelator(cacheSize: configuration.cacheSize, window: configuration.aggregationWindow)
    }

    mutating func write(_ event: PendingEvent) async {
        let key = EventCorrelator.Key(event)
        if let last = correlator.repeated(key, at: event.time) {
            let count = last.count + 1
            let patch: JSONValue = ["count": .int(Int64(count)), "lastTimestamp": .string(event.timestamp)]
            let result = await withRetries {
                () async throws(KubeAPIError) -> Event in
                try await client.mergePatch(Event.self, name: last.name, namespace: last.namespace, patch: patch)
            }
            switch result {
            case .success(let patched):
                correlator.recorded(
                    key, event: .init(name: last.name, namespace: last.namespace, count: patched.count ?? count, lastSeen: event.time))
                return
            case .failure(let error) where error.isNotFound:
                // The Event expired (the API server keeps them an hour by default): report afresh.
                correlator.forget(key)
            case .failure(let error):
                log(error, writing: event)
                return
            }
        }
        let created = makeEvent(event)
        switch await withRetries({ () async throws(KubeAPIError) -> Event in try await client.create(created) }) {
        case .success(let written):
            correlator.recorded(
                key,
                event: .init(
                    name: written.metadata.name ?? created.metadata.name ?? "", namespace: created.metadata.namespace ?? "",
                    count: written.count ?? 1, lastSeen: event.time))
        case .failure(let error):
            log(error, writing: event)
        }
    }

    /// A new Event named `<object name>.<hexadecimal nanoseconds since the epoch>`, as client-go names them.
    private mutating func makeEvent(_ event: PendingEvent) -> Event {
        lastNameNumber = max(WallClock.nanosecondsSinceEpoch(), lastNameNumber + 1)
        let namespace = event.regarding.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        return Event(
            metadata: ObjectMeta(name: "\(event.objectName).\(String(lastNameNumber, radix: 16))", namespace: namespace),
            involvedObject: event.regarding, reason: event.reason, message: event.message,
            source: EventSource(component: configuration.component, host: configuration.instance),
            firstTimestamp: event.timestamp, lastTimestamp: event.timestamp, count: 1, type: event.type.rawValue,
            reportingComponent: configuration.component, reportingInstance: configuration.instance)
    }

    /// Tries `operation` until it succeeds, fails for a reason a retry cannot fix, or `maxTries` are
    /// spent. Like client-go, only failures without a definite answer are retried: no response, a
    /// 5xx or a 429 (a 4xx such as Invalid or Forbidden would fail again).
    private func withRetries(
        _ operation: () async throws(KubeAPIError) -> Event
    ) async -> Result<Event, KubeAPIError> {
        var tries = 0
        while true {
            tries += 1
            do throws(KubeAPIError) {
                return .success(try await operation())
            } catch {
                let retryable: Bool
                switch error {
                case .transport, .serverError, .tooManyRequests: retryable = true
                default: retryable = false
                }
                guard retryable, tries < configuration.maxTries, !Task.isCancelled, !shuttingDown() else {
                    return .failure(error)
                }
                let clock = configuration.clock
                try? await clock.sleep(until: clock.now() + configuration.retryInterval)
            }
        }
    }

    private func log(_ error: KubeAPIError, writing event: PendingEvent) {
        logger.warning(
            "cannot write an event",
            metadata: [
                "object": "\(event.regarding.kind ?? "")/\(event.objectName)", "reason": "\(event.reason)",
                "error": "\(error)",
            ])
    }
}
