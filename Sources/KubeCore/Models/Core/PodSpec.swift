/// core/v1 PodTemplateSpec: the pods a workload creates, as metadata plus spec.
public struct PodTemplateSpec: Codable, Sendable, Hashable {
    /// Labels here must match the workload's selector.
    public var metadata: ObjectMeta?
    public var spec: PodSpec?

    public init(metadata: ObjectMeta? = nil, spec: PodSpec? = nil) {
        self.metadata = metadata
        self.spec = spec
    }
}

/// core/v1 PodSpec: what runs in a pod and where it may be scheduled.
public struct PodSpec: Codable, Sendable, Hashable {
    public var containers: [Container]
    public var initContainers: [Container]?
    public var volumes: [Volume]?
    public var nodeSelector: [String: String]?
    public var nodeName: String?
    /// Node, pod and anti-affinity, kept in their JSON form.
    public var affinity: JSONValue?
    public var tolerations: [Toleration]?
    public var topologySpreadConstraints: [JSONValue]?
    public var securityContext: PodSecurityContext?
    public var serviceAccountName: String?
    public var automountServiceAccountToken: Bool?
    /// `Always` (the default), `OnFailure` or `Never`; Jobs allow only the last two.
    public var restartPolicy: String?
    public var terminationGracePeriodSeconds: Int64?
    public var activeDeadlineSeconds: Int64?
    public var priorityClassName: String?
    public var priority: Int32?
    public var preemptionPolicy: String?
    public var schedulerName: String?
    public var runtimeClassName: String?
    public var imagePullSecrets: [LocalObjectReference]?
    public var hostname: String?
    /// With a headless Service of that name, gives the pod a DNS name (indexed Jobs use it).
    public var subdomain: String?
    public var dnsPolicy: String?
    public var hostNetwork: Bool?
    public var shareProcessNamespace: Bool?
    public var enableServiceLinks: Bool?

    public init(
        containers: [Container], initContainers: [Container]? = nil, volumes: [Volume]? = nil,
        nodeSelector: [String: String]? = nil, nodeName: String? = nil, affinity: JSONValue? = nil,
        tolerations: [Toleration]? = nil, topologySpreadConstraints: [JSONValue]? = nil,
        securityContext: PodSecurityContext? = nil, serviceAccountName: String? = nil,
        automountServiceAccountToken: Bool? = nil, restartPolicy: String? = nil,
        terminationGracePeriodSeconds: Int64? = nil, activeDeadlineSeconds: Int64? = nil,
        priorityClassName: String? = nil, priority: Int32? = nil, preemptionPolicy: String? = nil,
        schedulerName: String? = nil, runtimeClassName: String? = nil,
        imagePullSecrets: [LocalObjectReference]? = nil, hostname: String? = nil, subdomain: String? = nil,
        dnsPolicy: String? = nil, hostNetwork: Bool? = nil, shareProcessNamespace: Bool? = nil,
        enableServiceLinks: Bool? = nil
    ) {
        self.containers = containers
        self.initContainers = initContainers
        self.volumes = volumes
        self.nodeSelector = nodeSelector
        self.nodeName = nodeName
        self.affinity = affinity
        self.tolerations = tolerations
        self.topologySpreadConstraints = topologySpreadConstraints
        self.securityContext = securityContext
        self.serviceAccountName = serviceAccountName
        self.automountServiceAccountToken = automountServiceAccountToken
        self.restartPolicy = restartPolicy
        self.terminationGracePeriodSeconds = terminationGracePeriodSeconds
        self.activeDeadlineSeconds = activeDeadlineSeconds
        self.priorityClassName = priorityClassName
        self.priority = priority
        self.preemptionPolicy = preemptionPolicy
        self.schedulerName = schedulerName
        self.runtimeClassName = runtimeClassName
        self.imagePullSecrets = imagePullSecrets
        self.hostname = hostname
        self.subdomain = subdomain
        self.dnsPolicy = dnsPolicy
        self.hostNetwork = hostNetwork
        self.shareProcessNamespace = shareProcessNamespace
        self.enableServiceLinks = enableServiceLinks
    }
}

/// core/v1 Toleration: lets a pod be scheduled onto nodes with a matching taint.
public struct Toleration: Codable, Sendable, Hashable {
    /// Empty with operator `Exists` tolerates every taint.
    public var key: String?
    /// `Equal` (the default) or `Exists`.
    public var `operator`: String?
    public var value: String?
    /// `NoSchedule`, `PreferNoSchedule` or `NoExecute`; empty matches all.
    public var effect: String?
    /// For `NoExecute`: how long the pod stays bound after the taint appears.
    public var tolerationSeconds: Int64?

    public init(
        key: String? = nil, `operator`: String? = nil, value: String? = nil, effect: String? = nil,
        tolerationSeconds: Int64? = nil
    ) {
        self.key = key
        self.`operator` = `operator`
        self.value = value
        self.effect = effect
        self.tolerationSeconds = tolerationSeconds
    }
}
