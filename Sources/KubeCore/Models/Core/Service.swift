/// core/v1 Service: a stable address for a set of pods.
public struct Service: KubernetesResource, Hashable {
    public static let descriptor = ResourceDescriptor(
        kind: GroupVersionKind(group: "", version: "v1", kind: "Service"), plural: "services",
        namespaced: true)

    /// `v1`, set by the initializer; items of a list read from the API server omit it.
    public var apiVersion: String?
    /// `Service`, set by the initializer; items of a list read from the API server omit it.
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: ServiceSpec?
    public var status: ServiceStatus?

    public init(metadata: ObjectMeta = ObjectMeta(), spec: ServiceSpec? = nil, status: ServiceStatus? = nil) {
        apiVersion = Self.apiVersion
        kind = Self.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// core/v1 ServiceSpec.
public struct ServiceSpec: Codable, Sendable, Hashable {
    /// `ClusterIP` (the default), `NodePort`, `LoadBalancer` or `ExternalName`.
    public var type: String?
    /// The pods this Service sends traffic to (equality only).
    public var selector: [String: String]?
    public var ports: [ServicePort]?
    /// `None` makes a headless Service: DNS returns the pods' addresses.
    public var clusterIP: String?
    public var clusterIPs: [String]?
    public var externalName: String?
    public var sessionAffinity: String?
    public var publishNotReadyAddresses: Bool?
    public var internalTrafficPolicy: String?
    public var externalTrafficPolicy: String?
    public var ipFamilies: [String]?
    public var ipFamilyPolicy: String?
    public var loadBalancerClass: String?

    public init(
        type: String? = nil, selector: [String: String]? = nil, ports: [ServicePort]? = nil,
        clusterIP: String? = nil, clusterIPs: [String]? = nil, externalName: String? = nil,
        sessionAffinity: String? = nil, publishNotReadyAddresses: Bool? = nil,
        internalTrafficPolicy: String? = nil, externalTrafficPolicy: String? = nil,
        ipFamilies: [String]? = nil, ipFamilyPolicy: String? = nil, loadBalancerClass: String? = nil
    ) {
        self.type = type
        self.selector = selector
        self.ports = ports
        self.clusterIP = clusterIP
        self.clusterIPs = clusterIPs
        self.externalName = externalName
        self.sessionAffinity = sessionAffinity
        self.publishNotReadyAddresses = publishNotReadyAddresses
        self.internalTrafficPolicy = internalTrafficPolicy
        self.externalTrafficPolicy = externalTrafficPolicy
        self.ipFamilies = ipFamilies
        self.ipFamilyPolicy = ipFamilyPolicy
        self.loadBalancerClass = loadBalancerClass
    }
}

/// core/v1 ServicePort: one port a Service exposes.
public struct ServicePort: Codable, Sendable, Hashable {
    /// Required when the Service has more than one port.
    public var name: String?
    public var `protocol`: String?
    public var appProtocol: String?
    public var port: Int32
    /// A number or a named container port; defaults to `port`.
    public var targetPort: IntOrString?
    public var nodePort: Int32?

    public init(
        name: String? = nil, `protocol`: String? = nil, appProtocol: String? = nil, port: Int32,
        targetPort: IntOrString? = nil, nodePort: Int32? = nil
    ) {
        self.name = name
        self.`protocol` = `protocol`
        self.appProtocol = appProtocol
        self.port = port
        self.targetPort = targetPort
        self.nodePort = nodePort
    }
}

/// core/v1 ServiceStatus.
public struct ServiceStatus: Codable, Sendable, Hashable {
    public var loadBalancer: JSONValue?
    public var conditions: [Condition]?

    public init(loadBalancer: JSONValue? = nil, conditions: [Condition]? = nil) {
        self.loadBalancer = loadBalancer
        self.conditions = conditions
    }
}
