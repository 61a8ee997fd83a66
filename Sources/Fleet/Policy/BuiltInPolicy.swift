import KubeCore

extension FleetPolicySpec {
    /// The policy that applies when the cluster has no FleetPolicy, and the fallback for every single
    /// value no policy sets. It is examples/fleetpolicy-default.yaml, field for field (FleetTests
    /// keeps the two equal).
    public static let builtInDefault = FleetPolicySpec(
        priority: 0,
        enforcement: .enforce,
        requiredLabels: FleetLabels.costLabels,
        gpuClasses: [
            gpuClass("nvidia-t4", price: 0.53, product: "Tesla-T4"),
            gpuClass("nvidia-l4", price: 0.81, product: "NVIDIA-L4"),
            gpuClass("nvidia-a100-80gb", price: 3.67, product: "NVIDIA-A100-SXM4-80GB"),
            gpuClass("nvidia-h100-80gb", price: 6.98, product: "NVIDIA-H100-80GB-HBM3"),
        ],
        gpuNamespaces: ["ml-*"],
        spot: SpotSettings(
            nodeSelector: ["karpenter.sh/capacity-type": "spot"],
            tolerations: [Toleration(key: "aifleet.dev/spot", operator: "Exists", effect: "NoSchedule")],
            discount: 0.65),
        prices: Prices(cpuHourly: 0.04, memoryGiBHourly: 0.005),
        limits: Limits(maxHourlySpendPerService: 50, maxReplicas: 20),
        defaults: PolicyDefaults(
            scaleToZero: true, idleAfter: "15m", spot: true, ttlAfterFinished: "1h", cpu: "500m", memory: "1Gi",
            prometheusAddress: "http://prometheus-operated.monitoring.svc:9090",
            concurrencyMetric: "aifleet_inflight_requests"),
        drift: DriftHandling(security: .revert, performance: .report))

    /// A GPU class on nodes labelled by NVIDIA GPU feature discovery (`nvidia.com/gpu.product`) and
    /// tainted `nvidia.com/gpu:NoSchedule`, as the NVIDIA GPU operator and most clouds set them up.
    private static func gpuClass(_ name: String, price: Double, product: String) -> GPUClass {
        GPUClass(
            name: name, hourlyPrice: price, nodeSelector: ["nvidia.com/gpu.product": product],
            tolerations: [Toleration(key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule")])
    }
}

/// The label keys aifleet reads and writes.
public enum FleetLabels {
    public static let team = "aifleet.dev/team"
    public static let costCenter = "aifleet.dev/cost-center"
    public static let environment = "aifleet.dev/environment"
    public static let dataClassification = "aifleet.dev/data-classification"
    /// Set by the operator: the model served or trained.
    public static let model = "aifleet.dev/model"
    /// Set by the operator on inference children: the model's version tag.
    public static let modelVersion = "aifleet.dev/model-version"
    public static let managedBy = "app.kubernetes.io/managed-by"
    /// The ``managedBy`` value on every child: the operator caches only the objects that carry it.
    public static let managedByValue = "aifleet"
    public static let name = "app.kubernetes.io/name"
    public static let instance = "app.kubernetes.io/instance"
    public static let component = "app.kubernetes.io/component"
    /// The Kueue queue a Job is submitted to.
    public static let kueueQueueName = "kueue.x-k8s.io/queue-name"

    /// The cost-tracking labels the default policy requires and the operator copies to every child.
    public static let costLabels = [team, costCenter, environment, dataClassification]
}
