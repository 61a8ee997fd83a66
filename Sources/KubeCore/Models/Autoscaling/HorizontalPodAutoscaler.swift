/// autoscaling/v2 HorizontalPodAutoscaler: scales a workload's replicas to hold metrics at their targets.
public struct HorizontalPodAutoscaler: KubernetesResource, Hashable {
    public static let descriptor = ResourceDescriptor(
        kind: GroupVersionKind(group: "autoscaling", version: "v2", kind: "HorizontalPodAutoscaler"), plural: "horizontalpodautoscalers",
        namespaced: true)

    /// `autoscaling/v2`, set by the initializer; items of a list read from the API server omit it.
    public var apiVersion: String?
    /// `HorizontalPodAutoscaler`, set by the initializer; items of a list read from the API server omit it.
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: HorizontalPodAutoscalerSpec?
    public var status: HorizontalPodAutoscalerStatus?

    public init(
        metadata: ObjectMeta = ObjectMeta(), spec: HorizontalPodAutoscalerSpec? = nil,
        status: HorizontalPodAutoscalerStatus? = nil
    ) {
        apiVersion = Self.apiVersion
        kind = Self.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// autoscaling/v2 HorizontalPodAutoscalerSpec.
public struct HorizontalPodAutoscalerSpec: Codable, Sendable, Hashable {
    public var scaleTargetRef: CrossVersionObjectReference
    /// Defaults to 1; 0 needs the HPAScaleToZero feature gate.
    public var minReplicas: Int32?
    public var maxReplicas: Int32
    /// The largest replica count any metric asks for wins; 80% CPU when unset.
    public var metrics: [MetricSpec]?
    public var behavior: HorizontalPodAutoscalerBehavior?

    public init(
        scaleTargetRef: CrossVersionObjectReference, minReplicas: Int32? = nil, maxReplicas: Int32,
        metrics: [MetricSpec]? = nil, behavior: HorizontalPodAutoscalerBehavior? = nil
    ) {
        self.scaleTargetRef = scaleTargetRef
        self.minReplicas = minReplicas
        self.maxReplicas = maxReplicas
        self.metrics = metrics
        self.behavior = behavior
    }
}

/// autoscaling/v2 CrossVersionObjectReference: the scaled object.
public struct CrossVersionObjectReference: Codable, Sendable, Hashable {
    public var apiVersion: String?
    public var kind: String
    public var name: String

    public init(apiVersion: String? = nil, kind: String, name: String) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
    }
}

/// autoscaling/v2 HorizontalPodAutoscalerBehavior: how fast to scale each way.
public struct HorizontalPodAutoscalerBehavior: Codable, Sendable, Hashable {
    public var scaleUp: HPAScalingRules?
    /// Defaults to a 300 s stabilization window.
    public var scaleDown: HPAScalingRules?

    public init(scaleUp: HPAScalingRules? = nil, scaleDown: HPAScalingRules? = nil) {
        self.scaleUp = scaleUp
        self.scaleDown = scaleDown
    }
}

/// autoscaling/v2 HPAScalingRules.
public struct HPAScalingRules: Codable, Sendable, Hashable {
    public var stabilizationWindowSeconds: Int32?
    /// `Max` (the default), `Min` or `Disabled`.
    public var selectPolicy: String?
    public var policies: [HPAScalingPolicy]?
    public var tolerance: Quantity?

    public init(
        stabilizationWindowSeconds: Int32? = nil, selectPolicy: String? = nil,
        policies: [HPAScalingPolicy]? = nil, tolerance: Quantity? = nil
    ) {
        self.stabilizationWindowSeconds = stabilizationWindowSeconds
        self.selectPolicy = selectPolicy
        self.policies = policies
        self.tolerance = tolerance
    }
}

/// autoscaling/v2 HPAScalingPolicy: at most `value` pods or percent per `periodSeconds`.
public struct HPAScalingPolicy: Codable, Sendable, Hashable {
    /// `Pods` or `Percent`.
    public var type: String
    public var value: Int32
    public var periodSeconds: Int32

    public init(type: String, value: Int32, periodSeconds: Int32) {
        self.type = type
        self.value = value
        self.periodSeconds = periodSeconds
    }
}

/// autoscaling/v2 MetricSpec: one metric; `type` names which source is set.
public struct MetricSpec: Codable, Sendable, Hashable {
    /// `Resource`, `Pods`, `Object`, `External` or `ContainerResource`.
    public var type: String
    public var resource: ResourceMetricSource?
    public var containerResource: ContainerResourceMetricSource?
    public var pods: PodsMetricSource?
    public var object: ObjectMetricSource?
    public var external: ExternalMetricSource?

    public init(
        type: String, resource: ResourceMetricSource? = nil,
        containerResource: ContainerResourceMetricSource? = nil, pods: PodsMetricSource? = nil,
        object: ObjectMetricSource? = nil, external: ExternalMetricSource? = nil
    ) {
        self.type = type
        self.resource = resource
        self.containerResource = containerResource
        self.pods = pods
        self.object = object
        self.external = external
    }
}

/// autoscaling/v2 ResourceMetricSource: a resource (cpu, memory) of the pods.
public struct ResourceMetricSource: Codable, Sendable, Hashable {
    public var name: String
    public var target: MetricTarget

    public init(name: String, target: MetricTarget) {
        self.name = name
        self.target = target
    }
}

/// autoscaling/v2 ContainerResourceMetricSource: a resource of one container of the pods.
public struct ContainerResourceMetricSource: Codable, Sendable, Hashable {
    public var name: String
    public var container: String
    public var target: MetricTarget

    public init(name: String, container: String, target: MetricTarget) {
        self.name = name
        self.container = container
        self.target = target
    }
}

/// autoscaling/v2 PodsMetricSource: a custom metric averaged over the pods.
public struct PodsMetricSource: Codable, Sendable, Hashable {
    public var metric: MetricIdentifier
    public var target: MetricTarget

    public init(metric: MetricIdentifier, target: MetricTarget) {
        self.metric = metric
        self.target = target
    }
}

/// autoscaling/v2 ObjectMetricSource: a metric of another object, e.g. an Ingress's requests/s.
public struct ObjectMetricSource: Codable, Sendable, Hashable {
    public var describedObject: CrossVersionObjectReference
    public var target: MetricTarget
    public var metric: MetricIdentifier

    public init(describedObject: CrossVersionObjectReference, target: MetricTarget, metric: MetricIdentifier) {
        self.describedObject = describedObject
        self.target = target
        self.metric = metric
    }
}

/// autoscaling/v2 ExternalMetricSource: a metric from outside the cluster, e.g. a queue's depth.
public struct ExternalMetricSource: Codable, Sendable, Hashable {
    public var metric: MetricIdentifier
    public var target: MetricTarget

    public init(metric: MetricIdentifier, target: MetricTarget) {
        self.metric = metric
        self.target = target
    }
}

/// autoscaling/v2 MetricIdentifier.
public struct MetricIdentifier: Codable, Sendable, Hashable {
    public var name: String
    public var selector: LabelSelector?

    public init(name: String, selector: LabelSelector? = nil) {
        self.name = name
        self.selector = selector
    }
}

/// autoscaling/v2 MetricTarget: the value to hold a metric at.
public struct MetricTarget: Codable, Sendable, Hashable {
    /// `Utilization`, `Value` or `AverageValue`.
    public var type: String
    public var value: Quantity?
    public var averageValue: Quantity?
    /// Percent of the pods' requests (Resource metrics only).
    public var averageUtilization: Int32?

    public init(
        type: String, value: Quantity? = nil, averageValue: Quantity? = nil, averageUtilization: Int32? = nil
    ) {
        self.type = type
        self.value = value
        self.averageValue = averageValue
        self.averageUtilization = averageUtilization
    }
}

/// autoscaling/v2 HorizontalPodAutoscalerStatus.
public struct HorizontalPodAutoscalerStatus: Codable, Sendable, Hashable {
    public var observedGeneration: Int64?
    public var lastScaleTime: String?
    public var currentReplicas: Int32?
    public var desiredReplicas: Int32?
    public var currentMetrics: [MetricStatus]?
    public var conditions: [HorizontalPodAutoscalerCondition]?

    public init(
        observedGeneration: Int64? = nil, lastScaleTime: String? = nil, currentReplicas: Int32? = nil,
        desiredReplicas: Int32? = nil, currentMetrics: [MetricStatus]? = nil,
        conditions: [HorizontalPodAutoscalerCondition]? = nil
    ) {
        self.observedGeneration = observedGeneration
        self.lastScaleTime = lastScaleTime
        self.currentReplicas = currentReplicas
        self.desiredReplicas = desiredReplicas
        self.currentMetrics = currentMetrics
        self.conditions = conditions
    }
}

/// autoscaling/v2 MetricStatus: the last reading of one metric, shaped like its MetricSpec.
public struct MetricStatus: Codable, Sendable, Hashable {
    public var type: String
    public var resource: JSONValue?
    public var containerResource: JSONValue?
    public var pods: JSONValue?
    public var object: JSONValue?
    public var external: JSONValue?

    public init(
        type: String, resource: JSONValue? = nil, containerResource: JSONValue? = nil, pods: JSONValue? = nil,
        object: JSONValue? = nil, external: JSONValue? = nil
    ) {
        self.type = type
        self.resource = resource
        self.containerResource = containerResource
        self.pods = pods
        self.object = object
        self.external = external
    }
}

/// autoscaling/v2 HorizontalPodAutoscalerCondition, e.g. `AbleToScale` or `ScalingActive`: the metav1.Condition
/// shape without `observedGeneration`.
public typealias HorizontalPodAutoscalerCondition = Condition
