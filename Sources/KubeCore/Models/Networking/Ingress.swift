/// networking.k8s.io/v1 Ingress: HTTP routes from outside the cluster to Services.
public struct Ingress: KubernetesResource, Hashable {
    public static let descriptor = ResourceDescriptor(
        kind: GroupVersionKind(group: "networking.k8s.io", version: "v1", kind: "Ingress"), plural: "ingresses",
        namespaced: true)

    /// `networking.k8s.io/v1`, set by the initializer; items of a list read from the API server omit it.
    public var apiVersion: String?
    /// `Ingress`, set by the initializer; items of a list read from the API server omit it.
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: IngressSpec?
    public var status: IngressStatus?

    public init(metadata: ObjectMeta = ObjectMeta(), spec: IngressSpec? = nil, status: IngressStatus? = nil) {
        apiVersion = Self.apiVersion
        kind = Self.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// networking.k8s.io/v1 IngressSpec.
public struct IngressSpec: Codable, Sendable, Hashable {
    public var ingressClassName: String?
    public var defaultBackend: IngressBackend?
    public var tls: [IngressTLS]?
    public var rules: [IngressRule]?

    public init(
        ingressClassName: String? = nil, defaultBackend: IngressBackend? = nil, tls: [IngressTLS]? = nil,
        rules: [IngressRule]? = nil
    ) {
        self.ingressClassName = ingressClassName
        self.defaultBackend = defaultBackend
        self.tls = tls
        self.rules = rules
    }
}

/// networking.k8s.io/v1 IngressTLS: the certificate Secret for some hosts.
public struct IngressTLS: Codable, Sendable, Hashable {
    public var hosts: [String]?
    public var secretName: String?

    public init(hosts: [String]? = nil, secretName: String? = nil) {
        self.hosts = hosts
        self.secretName = secretName
    }
}

/// networking.k8s.io/v1 IngressRule: the routes of one host (or of every host when unset).
public struct IngressRule: Codable, Sendable, Hashable {
    public var host: String?
    public var http: HTTPIngressRuleValue?

    public init(host: String? = nil, http: HTTPIngressRuleValue? = nil) {
        self.host = host
        self.http = http
    }
}

/// networking.k8s.io/v1 HTTPIngressRuleValue.
public struct HTTPIngressRuleValue: Codable, Sendable, Hashable {
    public var paths: [HTTPIngressPath]

    public init(paths: [HTTPIngressPath]) {
        self.paths = paths
    }
}

/// networking.k8s.io/v1 HTTPIngressPath: one path and where it goes.
public struct HTTPIngressPath: Codable, Sendable, Hashable {
    public var path: String?
    /// `Prefix`, `Exact` or `ImplementationSpecific`.
    public var pathType: String
    public var backend: IngressBackend

    public init(path: String? = nil, pathType: String, backend: IngressBackend) {
        self.path = path
        self.pathType = pathType
        self.backend = backend
    }
}

/// networking.k8s.io/v1 IngressBackend: a Service port, or another resource.
public struct IngressBackend: Codable, Sendable, Hashable {
    public var service: IngressServiceBackend?
    public var resource: TypedLocalObjectReference?

    public init(service: IngressServiceBackend? = nil, resource: TypedLocalObjectReference? = nil) {
        self.service = service
        self.resource = resource
    }
}

/// networking.k8s.io/v1 IngressServiceBackend.
public struct IngressServiceBackend: Codable, Sendable, Hashable {
    public var name: String
    public var port: ServiceBackendPort?

    public init(name: String, port: ServiceBackendPort? = nil) {
        self.name = name
        self.port = port
    }
}

/// networking.k8s.io/v1 ServiceBackendPort: a port by name or by number, not both.
public struct ServiceBackendPort: Codable, Sendable, Hashable {
    public var name: String?
    public var number: Int32?

    public init(name: String? = nil, number: Int32? = nil) {
        self.name = name
        self.number = number
    }
}

/// networking.k8s.io/v1 IngressStatus.
public struct IngressStatus: Codable, Sendable, Hashable {
    public var loadBalancer: JSONValue?

    public init(loadBalancer: JSONValue? = nil) {
        self.loadBalancer = loadBalancer
    }
}
