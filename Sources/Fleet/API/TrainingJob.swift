public import KubeCore

/// A TrainingJob (`aifleet.dev/v1alpha1`): a training run on one or more workers as a batch/v1 Job,
/// on spot nodes by default, with a checkpoint volume. See crds/aifleet.dev_trainingjobs.yaml.
public struct TrainingJob: KubernetesResource, Hashable {
    public static let descriptor = ResourceDescriptor(
        kind: GroupVersionKind(group: FleetAPI.group, version: FleetAPI.version, kind: "TrainingJob"),
        plural: "trainingjobs", namespaced: true)

    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: TrainingJobSpec
    public var status: TrainingJobStatus?

    public init(metadata: ObjectMeta, spec: TrainingJobSpec, status: TrainingJobStatus? = nil) {
        self.apiVersion = Self.apiVersion
        self.kind = Self.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// The desired state of a TrainingJob.
public struct TrainingJobSpec: Codable, Sendable, Hashable {
    /// The model being trained (the `aifleet.dev/model` label).
    public var model: String
    public var image: String
    public var command: [String]?
    public var args: [String]?
    /// 1 by default; more makes an Indexed Job with a headless Service.
    public var workers: Int32?
    public var resources: PodResources?
    /// The policy's `defaults.spot` when unset.
    public var spot: Bool?
    /// `24h` by default.
    public var maxRuntime: String?
    /// 3 by default.
    public var backoffLimit: Int32?
    /// The policy's `defaults.ttlAfterFinished` when unset.
    public var ttlAfterFinished: String?
    public var checkpoint: Checkpoint?
    /// false by default.
    public var suspend: Bool?
    /// The Kueue LocalQueue.
    public var queueName: String?
    public var env: [EnvironmentVariable]?
    public var securityContext: SecurityOverrides?

    public init(
        model: String, image: String, command: [String]? = nil, args: [String]? = nil, workers: Int32? = nil,
        resources: PodResources? = nil, spot: Bool? = nil, maxRuntime: String? = nil, backoffLimit: Int32? = nil,
        ttlAfterFinished: String? = nil, checkpoint: Checkpoint? = nil, suspend: Bool? = nil,
        queueName: String? = nil, env: [EnvironmentVariable]? = nil, securityContext: SecurityOverrides? = nil
    ) {
        self.model = model
        self.image = image
        self.command = command
        self.args = args
        self.workers = workers
        self.resources = resources
        self.spot = spot
        self.maxRuntime = maxRuntime
        self.backoffLimit = backoffLimit
        self.ttlAfterFinished = ttlAfterFinished
        self.checkpoint = checkpoint
        self.suspend = suspend
        self.queueName = queueName
        self.env = env
        self.securityContext = securityContext
    }
}

/// The checkpoint volume of a TrainingJob.
public struct Checkpoint: Codable, Sendable, Hashable {
    public var size: Quantity
    public var storageClassName: String?
    /// `/checkpoints` by default.
    public var mountPath: String?

    public init(size: Quantity, storageClassName: String? = nil, mountPath: String? = nil) {
        self.size = size
        self.storageClassName = storageClassName
        self.mountPath = mountPath
    }
}

/// Where a TrainingJob is in its life.
public enum TrainingPhase: String, Codable, Sendable, Hashable, CaseIterable {
    case pending = "Pending"
    case queued = "Queued"
    case running = "Running"
    case succeeded = "Succeeded"
    case failed = "Failed"
    case suspended = "Suspended"
}

/// The observed state of a TrainingJob.
public struct TrainingJobStatus: Codable, Sendable, Hashable {
    public var observedGeneration: Int64?
    public var conditions: [Condition]?
    public var phase: TrainingPhase?
    public var startTime: String?
    public var completionTime: String?
    public var activeWorkers: Int32?
    public var gpus: Int32?
    public var gpuHours: Double?
    public var cost: TrainingCostStatus?

    public init(
        observedGeneration: Int64? = nil, conditions: [Condition]? = nil, phase: TrainingPhase? = nil,
        startTime: String? = nil, completionTime: String? = nil, activeWorkers: Int32? = nil, gpus: Int32? = nil,
        gpuHours: Double? = nil, cost: TrainingCostStatus? = nil
    ) {
        self.observedGeneration = observedGeneration
        self.conditions = conditions
        self.phase = phase
        self.startTime = startTime
        self.completionTime = completionTime
        self.activeWorkers = activeWorkers
        self.gpus = gpus
        self.gpuHours = gpuHours
        self.cost = cost
    }
}

/// A TrainingJob's estimated cost, in US dollars, spot discount applied.
public struct TrainingCostStatus: Codable, Sendable, Hashable {
    public var hourly: Double?
    public var atMaxRuntime: Double?
    public var gpuHoursAtMaxRuntime: Double?
    public var spent: Double?

    public init(hourly: Double? = nil, atMaxRuntime: Double? = nil, gpuHoursAtMaxRuntime: Double? = nil, spent: Double? = nil) {
        self.hourly = hourly
        self.atMaxRuntime = atMaxRuntime
        self.gpuHoursAtMaxRuntime = gpuHoursAtMaxRuntime
        self.spent = spent
    }
}
