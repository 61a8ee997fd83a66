/// How an InferenceService scales, decided once from its spec, the policy and the cluster, and used
/// by both the cost model and the expansion so that the price always describes what is created.
public struct ScalePlan: Sendable, Hashable {
    /// Which autoscaler owns the replica count; `.none` when the count is fixed (or stopped).
    public var autoscaler: AutoscalerKind
    /// Replicas while the service is in use (at least 1 unless stopped).
    public var minReplicas: Int32
    /// Replicas at most, after the policy's cap.
    public var maxReplicas: Int32
    /// Whether idle periods take the service to zero replicas (KEDA present and scale-to-zero on).
    public var scalesToZero: Bool
    /// Scale-to-zero was asked for (or defaulted) but cannot happen on this cluster.
    public var scaleToZeroUnavailable: Bool
    /// The metric the autoscaler follows; a Prometheus query falls back to cpu without KEDA.
    public var metric: ScaleMetric
    /// The metric's target per pod.
    public var target: Int32

    /// Replicas when idle: 0 with scale-to-zero, else the minimum.
    public var idleReplicas: Int32 { scalesToZero ? 0 : minReplicas }

    public init(_ service: InferenceServiceSpec, policy: EffectivePolicy, capabilities: ClusterCapabilities) {
        let requestedMetric = service.scaleMetric ?? .cpu
        metric = requestedMetric == .prometheus && !capabilities.contains(.keda) ? .cpu : requestedMetric
        target = metric == requestedMetric ? service.scaleTarget ?? Self.defaultTarget(metric) : Self.defaultTarget(metric)
        let critical = service.tier == .critical
        let wantsZero = !critical && (service.scaleToZero?.enabled ?? policy.defaultScaleToZero)
        if service.stopped == true {
            (autoscaler, minReplicas, maxReplicas, scalesToZero, scaleToZeroUnavailable) = (.none, 0, 0, false, false)
            return
        }
        if let fixed = service.replicas {
            let replicas = min(fixed, policy.maxReplicas)
            (autoscaler, minReplicas, maxReplicas, scalesToZero, scaleToZeroUnavailable) = (.none, replicas, replicas, false, false)
            return
        }
        maxReplicas = min(service.maxReplicas ?? 3, policy.maxReplicas)
        // An HPA's minReplicas is at least 1 (0 needs the alpha HPAScaleToZero gate); KEDA idles at 0.
        minReplicas = min(max(service.minReplicas ?? 1, 1), maxReplicas)
        scalesToZero = wantsZero && capabilities.contains(.keda)
        scaleToZeroUnavailable = wantsZero && !capabilities.contains(.keda)
        autoscaler = scalesToZero || requestedMetric == .prometheus && capabilities.contains(.keda)
            ? .scaledObject : .horizontalPodAutoscaler
    }

    /// 70% utilization for cpu and memory, 10 in-flight requests per pod for concurrency; a Prometheus
    /// metric has no default (the CRD requires scaleTarget with it).
    static func defaultTarget(_ metric: ScaleMetric) -> Int32 {
        switch metric {
        case .cpu, .memory: 70
        case .concurrency: 10
        case .prometheus: 1
        }
    }
}
