/// networking.k8s.io/v1 NetworkPolicy: which traffic may reach and leave the selected pods.
public struct NetworkPolicy: KubernetesResource, Hashable {
    public static let descriptor = ResourceDescriptor(
        kind: GroupVersionKind(group: "networking.k8s.io", version: "v1", kind: "NetworkPolicy"), plural: "networkpolicies",
        namespaced: true)

    /// `networking.k8s.io/v1`, set by the initializer; items of a list read from the API server omit it.
    public var apiVersion: String?
    /// `NetworkPolicy`, set by the initializer; items of a list read from the API server omit it.
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: NetworkPolicySpec?

    public init(metadata: ObjectMeta = ObjectMeta(), spec: NetworkPolicySpec? = nil) {
        apiVersion = Self.apiVersion
        kind = Self.kind
        self.metadata = metadata
        self.spec = spec
    }
}

/// networking.k8s.io/v1 NetworkPolicySpec.
public struct NetworkPolicySpec: Codable, Sendable, Hashable {
    /// The pods the policy applies to; empty selects every pod of the namespace.
    public var podSelector: LabelSelector?
    public var ingress: [NetworkPolicyIngressRule]?
    public var egress: [NetworkPolicyEgressRule]?
    /// `Ingress`, `Egress`: a listed type with no rules denies all traffic of that direction.
    public var policyTypes: [String]?

    public init(
        podSelector: LabelSelector? = nil, ingress: [NetworkPolicyIngressRule]? = nil,
        egress: [NetworkPolicyEgressRule]? = nil, policyTypes: [String]? = nil
    ) {
        self.podSelector = podSelector
        self.ingress = ingress
        self.egress = egress
        self.policyTypes = policyTypes
    }
}

/// networking.k8s.io/v1 NetworkPolicyIngressRule: traffic allowed in.
public struct NetworkPolicyIngressRule: Codable, Sendable, Hashable {
    /// Unset or empty allows every port.
    public var ports: [NetworkPolicyPort]?
    /// Unset or empty allows every source.
    public var from: [NetworkPolicyPeer]?

    public init(ports: [NetworkPolicyPort]? = nil, from: [NetworkPolicyPeer]? = nil) {
        self.ports = ports
        self.from = from
    }
}

/// networking.k8s.io/v1 NetworkPolicyEgressRule: traffic allowed out.
public struct NetworkPolicyEgressRule: Codable, Sendable, Hashable {
    public var ports: [NetworkPolicyPort]?
    public var to: [NetworkPolicyPeer]?

    public init(ports: [NetworkPolicyPort]? = nil, to: [NetworkPolicyPeer]? = nil) {
        self.ports = ports
        self.to = to
    }
}

/// networking.k8s.io/v1 NetworkPolicyPeer: pods by label (in namespaces by label), or an IP block.
public struct NetworkPolicyPeer: Codable, Sendable, Hashable {
    public var podSelector: LabelSelector?
    public var namespaceSelector: LabelSelector?
    public var ipBlock: IPBlock?

    public init(
        podSelector: LabelSelector? = nil, namespaceSelector: LabelSelector? = nil, ipBlock: IPBlock? = nil
    ) {
        self.podSelector = podSelector
        self.namespaceSelector = namespaceSelector
        self.ipBlock = ipBlock
    }
}

/// networking.k8s.io/v1 IPBlock: a CIDR, minus some sub-ranges.
public struct IPBlock: Codable, Sendable, Hashable {
    public var cidr: String
    public var except: [String]?

    public init(cidr: String, except: [String]? = nil) {
        self.cidr = cidr
        self.except = except
    }
}

/// networking.k8s.io/v1 NetworkPolicyPort.
public struct NetworkPolicyPort: Codable, Sendable, Hashable {
    public var `protocol`: String?
    /// A number or a named port.
    public var port: IntOrString?
    /// With a numeric `port`, allows the range `port...endPort`.
    public var endPort: Int32?

    public init(`protocol`: String? = nil, port: IntOrString? = nil, endPort: Int32? = nil) {
        self.`protocol` = `protocol`
        self.port = port
        self.endPort = endPort
    }
}
