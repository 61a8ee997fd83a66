public import KubeCore

/// A FeatureStore (`aifleet.dev/v1alpha1`): an online store (StatefulSet), a feature server in front
/// of it, and the URIs of the offline store and registry. See crds/aifleet.dev_featurestores.yaml.
public struct FeatureStore: KubernetesResource, Hashable {
    public static let descriptor = ResourceDescriptor(
        kind: GroupVersionKind(group: FleetAPI.group, version: FleetAPI.version, kind: "FeatureStore"),
        plural: "featurestores", namespaced: true)

    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: FeatureStoreSpec
    public var status: FeatureStoreStatus?

    public init(metadata: ObjectMeta, spec: FeatureStoreSpec, status: FeatureStoreStatus? = nil) {
        self.apiVersion = Self.apiVersion
        self.kind = Self.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// The desired state of a FeatureStore.
public struct FeatureStoreSpec: Codable, Sendable, Hashable {
    public var onlineStore: OnlineStore
    public var offlineStore: StoreLocation
    public var registry: StoreLocation
    public var featureServer: FeatureServer

    public init(onlineStore: OnlineStore, offlineStore: StoreLocation, registry: StoreLocation, featureServer: FeatureServer) {
        self.onlineStore = onlineStore
        self.offlineStore = offlineStore
        self.registry = registry
        self.featureServer = featureServer
    }
}

/// The online store, run as a StatefulSet.
public struct OnlineStore: Codable, Sendable, Hashable {
    /// `redis:7.2.5` by default.
    public var image: String?
    /// 3 by default.
    public var replicas: Int32?
    public var cpu: Quantity?
    public var memory: Quantity
    public var persistence: Persistence

    public init(image: String? = nil, replicas: Int32? = nil, cpu: Quantity? = nil, memory: Quantity, persistence: Persistence) {
        self.image = image
        self.replicas = replicas
        self.cpu = cpu
        self.memory = memory
        self.persistence = persistence
    }
}

/// The volume each online store replica keeps its data on.
public struct Persistence: Codable, Sendable, Hashable {
    public var size: Quantity
    public var storageClassName: String?

    public init(size: Quantity, storageClassName: String? = nil) {
        self.size = size
        self.storageClassName = storageClassName
    }
}

/// Where a store that aifleet does not run lives.
public struct StoreLocation: Codable, Sendable, Hashable {
    public var uri: String

    public init(uri: String) { self.uri = uri }
}

/// The feature server.
public struct FeatureServer: Codable, Sendable, Hashable {
    public var image: String
    /// 2 by default.
    public var replicas: Int32?
    /// 6566 by default.
    public var port: Int32?
    public var cpu: Quantity?
    public var memory: Quantity?
    public var env: [EnvironmentVariable]?

    public init(
        image: String, replicas: Int32? = nil, port: Int32? = nil, cpu: Quantity? = nil, memory: Quantity? = nil,
        env: [EnvironmentVariable]? = nil
    ) {
        self.image = image
        self.replicas = replicas
        self.port = port
        self.cpu = cpu
        self.memory = memory
        self.env = env
    }
}

/// The observed state of a FeatureStore.
public struct FeatureStoreStatus: Codable, Sendable, Hashable {
    public var observedGeneration: Int64?
    public var conditions: [Condition]?
    public var onlineStoreReadyReplicas: Int32?
    public var featureServerReadyReplicas: Int32?
    public var gpus: Int32?
    public var endpoint: String?
    public var cost: HourlyCostStatus?

    public init(
        observedGeneration: Int64? = nil, conditions: [Condition]? = nil, onlineStoreReadyReplicas: Int32? = nil,
        featureServerReadyReplicas: Int32? = nil, gpus: Int32? = nil, endpoint: String? = nil,
        cost: HourlyCostStatus? = nil
    ) {
        self.observedGeneration = observedGeneration
        self.conditions = conditions
        self.onlineStoreReadyReplicas = onlineStoreReadyReplicas
        self.featureServerReadyReplicas = featureServerReadyReplicas
        self.gpus = gpus
        self.endpoint = endpoint
        self.cost = cost
    }
}

/// An hourly and monthly cost estimate, in US dollars.
public struct HourlyCostStatus: Codable, Sendable, Hashable {
    public var hourly: Double?
    public var monthly: Double?

    public init(hourly: Double? = nil, monthly: Double? = nil) {
        self.hourly = hourly
        self.monthly = monthly
    }
}
