import Fleet
import KubeCore

/// Small resources built in code, for the rule and cost tables.
enum Fixtures {
    static let costLabels: [String: String] = [
        "aifleet.dev/team": "search", "aifleet.dev/cost-center": "cc-1234",
        "aifleet.dev/environment": "production", "aifleet.dev/data-classification": "internal",
    ]

    static func inference(
        namespace: String = "ml-serving", labels: [String: String] = costLabels,
        _ configure: (inout InferenceServiceSpec) -> Void = { _ in }
    ) -> InferenceService {
        var spec = InferenceServiceSpec(
            model: ModelReference(name: "llama-3-8b", version: "v3"), image: "vllm/vllm-openai:v0.6.3",
            resources: PodResources(cpu: "4", memory: "16Gi", gpu: 1, gpuType: "nvidia-l4"),
            minReplicas: 1, maxReplicas: 4)
        configure(&spec)
        return InferenceService(metadata: ObjectMeta(name: "chat", namespace: namespace, labels: labels), spec: spec)
    }

    static func training(
        namespace: String = "ml-training", labels: [String: String] = costLabels,
        _ configure: (inout TrainingJobSpec) -> Void = { _ in }
    ) -> TrainingJob {
        var spec = TrainingJobSpec(
            model: "llama-3-8b", image: "ghcr.io/acme/trainer:1.4.2", workers: 4,
            resources: PodResources(cpu: "32", memory: "256Gi", gpu: 8, gpuType: "nvidia-h100-80gb"),
            maxRuntime: "12h")
        configure(&spec)
        return TrainingJob(metadata: ObjectMeta(name: "finetune", namespace: namespace, labels: labels), spec: spec)
    }

    static func featureStore(
        namespace: String = "ml-features", labels: [String: String] = costLabels,
        _ configure: (inout FeatureStoreSpec) -> Void = { _ in }
    ) -> FeatureStore {
        var spec = FeatureStoreSpec(
            onlineStore: OnlineStore(memory: "8Gi", persistence: Persistence(size: "50Gi")),
            offlineStore: StoreLocation(uri: "s3://features/offline"),
            registry: StoreLocation(uri: "s3://features/registry.db"),
            featureServer: FeatureServer(image: "feastdev/feature-server:0.40.1", cpu: "1", memory: "2Gi"))
        configure(&spec)
        return FeatureStore(metadata: ObjectMeta(name: "features", namespace: namespace, labels: labels), spec: spec)
    }

    static func policy(_ name: String, priority: Int32? = nil, _ configure: (inout FleetPolicySpec) -> Void) -> FleetPolicy {
        var spec = FleetPolicySpec(priority: priority)
        configure(&spec)
        return FleetPolicy(metadata: ObjectMeta(name: name), spec: spec)
    }
}

/// Whether two dollar amounts agree to a hundredth of a cent.
func same(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 0.0001 }
