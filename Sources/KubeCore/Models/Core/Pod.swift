/// core/v1 Pod, modelled minimally: its spec, and the phase and conditions of its status.
public struct Pod: KubernetesResource, Hashable {
    public static let descriptor = ResourceDescriptor(
        kind: GroupVersionKind(group: "", version: "v1", kind: "Pod"), plural: "pods",
        namespaced: true)

    /// `v1`, set by the initializer; items of a list read from the API server omit it.
    public var apiVersion: String?
    /// `Pod`, set by the initializer; items of a list read from the API server omit it.
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: PodSpec?
    public var status: PodStatus?

    public init(metadata: ObjectMeta = ObjectMeta(), spec: PodSpec? = nil, status: PodStatus? = nil) {
        apiVersion = Self.apiVersion
        kind = Self.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// core/v1 PodStatus, the parts controllers read.
public struct PodStatus: Codable, Sendable, Hashable {
    /// `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`.
    public var phase: String?
    public var conditions: [PodCondition]?
    public var reason: String?
    public var message: String?
    public var hostIP: String?
    public var podIP: String?
    public var startTime: String?
    public var qosClass: String?
    public var containerStatuses: [JSONValue]?

    public init(
        phase: String? = nil, conditions: [PodCondition]? = nil, reason: String? = nil,
        message: String? = nil, hostIP: String? = nil, podIP: String? = nil, startTime: String? = nil,
        qosClass: String? = nil, containerStatuses: [JSONValue]? = nil
    ) {
        self.phase = phase
        self.conditions = conditions
        self.reason = reason
        self.message = message
        self.hostIP = hostIP
        self.podIP = podIP
        self.startTime = startTime
        self.qosClass = qosClass
        self.containerStatuses = containerStatuses
    }
}

/// core/v1 PodCondition, e.g. `Ready` or `PodScheduled`.
public struct PodCondition: Codable, Sendable, Hashable {
    public var type: String
    public var status: String
    public var lastProbeTime: String?
    public var lastTransitionTime: String?
    public var reason: String?
    public var message: String?

    public init(
        type: String, status: String, lastProbeTime: String? = nil, lastTransitionTime: String? = nil,
        reason: String? = nil, message: String? = nil
    ) {
        self.type = type
        self.status = status
        self.lastProbeTime = lastProbeTime
        self.lastTransitionTime = lastTransitionTime
        self.reason = reason
        self.message = message
    }
}
