/// core/v1 Event: a report of something that happened to an object.
///
/// Repeats of the same event are folded into one object whose `count` and `lastTimestamp` grow.
public struct Event: KubernetesResource, Hashable {
    public static let descriptor = ResourceDescriptor(
        kind: GroupVersionKind(group: "", version: "v1", kind: "Event"), plural: "events",
        namespaced: true)

    /// `v1`, set by the initializer; items of a list read from the API server omit it.
    public var apiVersion: String?
    /// `Event`, set by the initializer; items of a list read from the API server omit it.
    public var kind: String?
    public var metadata: ObjectMeta
    public var involvedObject: ObjectReference
    /// CamelCase, machine-readable, e.g. `ScalingReplicaSet`.
    public var reason: String?
    public var message: String?
    public var source: EventSource?
    public var firstTimestamp: String?
    public var lastTimestamp: String?
    public var count: Int32?
    /// `Normal` or `Warning`.
    public var type: String?
    /// MicroTime (RFC 3339 with microseconds).
    public var eventTime: String?
    public var series: EventSeries?
    public var action: String?
    public var related: ObjectReference?
    /// e.g. `aifleet`; required with `eventTime`.
    public var reportingComponent: String?
    public var reportingInstance: String?

    public init(
        metadata: ObjectMeta = ObjectMeta(), involvedObject: ObjectReference, reason: String? = nil,
        message: String? = nil, source: EventSource? = nil, firstTimestamp: String? = nil,
        lastTimestamp: String? = nil, count: Int32? = nil, type: String? = nil, eventTime: String? = nil,
        series: EventSeries? = nil, action: String? = nil, related: ObjectReference? = nil,
        reportingComponent: String? = nil, reportingInstance: String? = nil
    ) {
        apiVersion = Self.apiVersion
        kind = Self.kind
        self.metadata = metadata
        self.involvedObject = involvedObject
        self.reason = reason
        self.message = message
        self.source = source
        self.firstTimestamp = firstTimestamp
        self.lastTimestamp = lastTimestamp
        self.count = count
        self.type = type
        self.eventTime = eventTime
        self.series = series
        self.action = action
        self.related = related
        self.reportingComponent = reportingComponent
        self.reportingInstance = reportingInstance
    }
}

/// core/v1 EventSource: the component that reported an event.
public struct EventSource: Codable, Sendable, Hashable {
    public var component: String?
    public var host: String?

    public init(component: String? = nil, host: String? = nil) {
        self.component = component
        self.host = host
    }
}

/// core/v1 EventSeries: a series of repeats of one event.
public struct EventSeries: Codable, Sendable, Hashable {
    public var count: Int32?
    /// MicroTime.
    public var lastObservedTime: String?

    public init(count: Int32? = nil, lastObservedTime: String? = nil) {
        self.count = count
        self.lastObservedTime = lastObservedTime
    }
}
