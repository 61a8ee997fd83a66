public import KubeCore

/// An InferenceService (`aifleet.dev/v1alpha1`): one version of a model served behind a Service,
/// autoscaled, scaled to zero when idle unless critical, and priced. See crds/aifleet.dev_inferenceservices.yaml.
public struct InferenceService: KubernetesResource, Hashable {
    public static let descriptor = ResourceDescriptor(
        kind: GroupVersionKind(group: FleetAPI.group, version: FleetAPI.version, kind: "InferenceService"),
        plural: "inferenceservices", namespaced: true)

    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: InferenceServiceSpec
    public var status: InferenceServiceStatus?

    public init(metadata: ObjectMeta, spec: InferenceServiceSpec, status: InferenceServiceStatus? = nil) {
        self.apiVersion = Self.apiVersion
        self.kind = Self.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// The desired state of an InferenceService.
public struct InferenceServiceSpec: Codable, Sendable, Hashable {
    public var model: ModelReference
    public var image: String
    public var command: [String]?
    public var args: [String]?
    /// Container port; 8080 by default.
    public var port: Int32?
    /// Path of the HTTP probes; `/healthz` by default.
    public var healthPath: String?
    public var resources: PodResources?
    /// A fixed replica count (manual scaling, or an external autoscaler through /scale); turns
    /// aifleet's autoscaler off.
    public var replicas: Int32?
    /// 1 by default.
    public var minReplicas: Int32?
    /// 3 by default.
    public var maxReplicas: Int32?
    /// cpu by default.
    public var scaleMetric: ScaleMetric?
    /// Target per pod; 70 (%) for cpu/memory and 10 requests for concurrency when unset.
    public var scaleTarget: Int32?
    /// PromQL for `scaleMetric: prometheus`.
    public var scaleQuery: String?
    public var scaleToZero: ScaleToZero?
    /// Frees every replica (and its GPUs) while keeping the spec; false by default.
    public var stopped: Bool?
    /// standard by default.
    public var tier: ServiceTier?
    public var routing: Routing?
    public var env: [EnvironmentVariable]?
    public var securityContext: SecurityOverrides?

    public init(
        model: ModelReference, image: String, command: [String]? = nil, args: [String]? = nil,
        port: Int32? = nil, healthPath: String? = nil, resources: PodResources? = nil, replicas: Int32? = nil,
        minReplicas: Int32? = nil, maxReplicas: Int32? = nil, scaleMetric: ScaleMetric? = nil,
        scaleTarget: Int32? = nil, scaleQuery: String? = nil, scaleToZero: ScaleToZero? = nil,
        stopped: Bool? = nil, tier: ServiceTier? = nil, routing: Routing? = nil, env: [EnvironmentVariable]? = nil,
        securityContext: SecurityOverrides? = nil
    ) {
        self.model = model
        self.image = image
        self.command = command
        self.args = args
        self.port = port
        self.healthPath = healthPath
        self.resources = resources
        self.replicas = replicas
        self.minReplicas = minReplicas
        self.maxReplicas = maxReplicas
        self.scaleMetric = scaleMetric
        self.scaleTarget = scaleTarget
        self.scaleQuery = scaleQuery
        self.scaleToZero = scaleToZero
        self.stopped = stopped
        self.tier = tier
        self.routing = routing
        self.env = env
        self.securityContext = securityContext
    }
}

/// The model an InferenceService serves.
public struct ModelReference: Codable, Sendable, Hashable {
    public var name: String
    public var version: String
    /// Where the weights are (`s3://`, `gs://`, `hf://`, `pvc://`, `oci://`, `https://`).
    public var storageUri: String?

    public init(name: String, version: String, storageUri: String? = nil) {
        self.name = name
        self.version = version
        self.storageUri = storageUri
    }
}

/// The signal an InferenceService's autoscaler follows.
public enum ScaleMetric: String, Codable, Sendable, Hashable, CaseIterable {
    /// CPU utilization, percent of the request.
    case cpu
    /// Memory utilization, percent of the request.
    case memory
    /// In-flight requests per pod (the policy's `defaults.concurrencyMetric`).
    case concurrency
    /// The value of `scaleQuery` (queue depth, tokens/s, ...).
    case prometheus
}

/// How much an InferenceService matters: critical services keep capacity and get a PDB.
public enum ServiceTier: String, Codable, Sendable, Hashable, CaseIterable {
    case critical, standard, batch
}

/// Scaling to zero replicas when idle.
public struct ScaleToZero: Codable, Sendable, Hashable {
    public var enabled: Bool?
    /// Idle time before scaling to zero, e.g. `15m`.
    public var idleAfter: String?

    public init(enabled: Bool? = nil, idleAfter: String? = nil) {
        self.enabled = enabled
        self.idleAfter = idleAfter
    }
}

/// External HTTP routing through an Ingress.
public struct Routing: Codable, Sendable, Hashable {
    public var host: String
    /// `/` by default.
    public var path: String?
    public var ingressClassName: String?
    public var tlsSecretName: String?

    public init(host: String, path: String? = nil, ingressClassName: String? = nil, tlsSecretName: String? = nil) {
        self.host = host
        self.path = path
        self.ingressClassName = ingressClassName
        self.tlsSecretName = tlsSecretName
    }
}

/// The observed state of an InferenceService.
public struct InferenceServiceStatus: Codable, Sendable, Hashable {
    public var observedGeneration: Int64?
    public var conditions: [Condition]?
    public var replicas: Int32?
    public var readyReplicas: Int32?
    /// The pods' label selector in string form, for the scale subresource.
    public var selector: String?
    public var url: String?
    public var gpus: Int32?
    public var autoscaler: AutoscalerKind?
    public var cost: ServiceCostStatus?

    public init(
        observedGeneration: Int64? = nil, conditions: [Condition]? = nil, replicas: Int32? = nil,
        readyReplicas: Int32? = nil, selector: String? = nil, url: String? = nil, gpus: Int32? = nil,
        autoscaler: AutoscalerKind? = nil, cost: ServiceCostStatus? = nil
    ) {
        self.observedGeneration = observedGeneration
        self.conditions = conditions
        self.replicas = replicas
        self.readyReplicas = readyReplicas
        self.selector = selector
        self.url = url
        self.gpus = gpus
        self.autoscaler = autoscaler
        self.cost = cost
    }
}

/// Which autoscaler scales an InferenceService.
public enum AutoscalerKind: String, Codable, Sendable, Hashable, CaseIterable {
    case horizontalPodAutoscaler = "HorizontalPodAutoscaler"
    case scaledObject = "ScaledObject"
    case none = "None"
}

/// An InferenceService's estimated cost, in US dollars.
public struct ServiceCostStatus: Codable, Sendable, Hashable {
    public var hourly: Double?
    public var hourlyAtMin: Double?
    public var hourlyAtMax: Double?
    public var monthlyAtMax: Double?

    public init(hourly: Double? = nil, hourlyAtMin: Double? = nil, hourlyAtMax: Double? = nil, monthlyAtMax: Double? = nil) {
        self.hourly = hourly
        self.hourlyAtMin = hourlyAtMin
        self.hourlyAtMax = hourlyAtMax
        self.monthlyAtMax = monthlyAtMax
    }
}
