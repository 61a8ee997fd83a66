// The `default:` values of the CRDs, for resources that did not come through an API server (files
// read by `aifleet render` and `aifleet check`). FleetTests compares them with crds/.

extension InferenceServiceSpec {
    public static let defaultPort: Int32 = 8080
    public static let defaultHealthPath = "/healthz"
    public static let defaultMinReplicas: Int32 = 1
    public static let defaultMaxReplicas: Int32 = 3
    public static let defaultScaleMetric = ScaleMetric.cpu
    public static let defaultTier = ServiceTier.standard
    public static let defaultRoutingPath = "/"
}

extension TrainingJobSpec {
    public static let defaultWorkers: Int32 = 1
    public static let defaultMaxRuntime = "24h"
    public static let defaultBackoffLimit: Int32 = 3
    public static let defaultCheckpointMountPath = "/checkpoints"
}

extension OnlineStore {
    public static let defaultImage = "redis:7.2.5"
    public static let defaultReplicas: Int32 = 3
}

extension FeatureServer {
    public static let defaultReplicas: Int32 = 2
    public static let defaultPort: Int32 = 6566
}

extension InferenceService {
    /// This service with every field the CRD defaults filled in, as the API server would store it.
    public func withCRDDefaults() -> InferenceService {
        var copy = self
        copy.spec.port = spec.port ?? InferenceServiceSpec.defaultPort
        copy.spec.healthPath = spec.healthPath ?? InferenceServiceSpec.defaultHealthPath
        copy.spec.minReplicas = spec.minReplicas ?? InferenceServiceSpec.defaultMinReplicas
        copy.spec.maxReplicas = spec.maxReplicas ?? InferenceServiceSpec.defaultMaxReplicas
        copy.spec.scaleMetric = spec.scaleMetric ?? InferenceServiceSpec.defaultScaleMetric
        copy.spec.stopped = spec.stopped ?? false
        copy.spec.tier = spec.tier ?? InferenceServiceSpec.defaultTier
        copy.spec.routing?.path = spec.routing?.path ?? InferenceServiceSpec.defaultRoutingPath
        return copy
    }
}

extension TrainingJob {
    /// This job with every field the CRD defaults filled in, as the API server would store it.
    public func withCRDDefaults() -> TrainingJob {
        var copy = self
        copy.spec.workers = spec.workers ?? TrainingJobSpec.defaultWorkers
        copy.spec.maxRuntime = spec.maxRuntime ?? TrainingJobSpec.defaultMaxRuntime
        copy.spec.backoffLimit = spec.backoffLimit ?? TrainingJobSpec.defaultBackoffLimit
        copy.spec.suspend = spec.suspend ?? false
        copy.spec.checkpoint?.mountPath = spec.checkpoint?.mountPath ?? TrainingJobSpec.defaultCheckpointMountPath
        return copy
    }
}

extension FeatureStore {
    /// This store with every field the CRD defaults filled in, as the API server would store it.
    public func withCRDDefaults() -> FeatureStore {
        var copy = self
        copy.spec.onlineStore.image = spec.onlineStore.image ?? OnlineStore.defaultImage
        copy.spec.onlineStore.replicas = spec.onlineStore.replicas ?? OnlineStore.defaultReplicas
        copy.spec.featureServer.replicas = spec.featureServer.replicas ?? FeatureServer.defaultReplicas
        copy.spec.featureServer.port = spec.featureServer.port ?? FeatureServer.defaultPort
        return copy
    }
}

extension FleetPolicy {
    /// This policy with every field the CRD defaults filled in, as the API server would store it.
    public func withCRDDefaults() -> FleetPolicy {
        var copy = self
        copy.spec.priority = spec.priority ?? 0
        return copy
    }
}
