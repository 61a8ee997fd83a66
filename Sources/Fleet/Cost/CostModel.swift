public import KubeCore

/// Hours in the month the estimates use (365 × 24 / 12), as cloud price sheets do.
public let hoursPerMonth: Double = 730

/// An estimated cost, in US dollars, from the policy's prices.
public struct CostEstimate: Sendable, Hashable {
    /// Per hour at the fewest replicas (0 for a service that scales to zero or is stopped).
    public var hourlyAtMin: Double
    /// Per hour at the most replicas (for a training job: while all workers run).
    public var hourlyAtMax: Double
    /// GPUs held at the most replicas.
    public var gpusAtMax: Int
    /// Training only: workers × GPUs per worker × maxRuntime hours.
    public var gpuHoursAtMaxRuntime: Double?
    /// Training only: the whole run if it uses all of maxRuntime.
    public var totalAtMaxRuntime: Double?
    /// Whether the spot discount was applied.
    public var spot: Bool

    public var monthlyAtMin: Double { hourlyAtMin * hoursPerMonth }
    public var monthlyAtMax: Double { hourlyAtMax * hoursPerMonth }

    public init(
        hourlyAtMin: Double, hourlyAtMax: Double, gpusAtMax: Int, gpuHoursAtMaxRuntime: Double? = nil,
        totalAtMaxRuntime: Double? = nil, spot: Bool = false
    ) {
        self.hourlyAtMin = hourlyAtMin
        self.hourlyAtMax = hourlyAtMax
        self.gpusAtMax = gpusAtMax
        self.gpuHoursAtMaxRuntime = gpuHoursAtMaxRuntime
        self.totalAtMaxRuntime = totalAtMaxRuntime
        self.spot = spot
    }
}

/// Prices pods from an ``EffectivePolicy``: GPUs at their class's hourly price, cpu per core-hour,
/// memory per GiB-hour, all discounted by the spot discount on spot nodes. Storage is not priced.
public struct CostModel: Sendable {
    public var policy: EffectivePolicy

    public init(policy: EffectivePolicy) { self.policy = policy }

    /// The hourly price of one pod. The cpu and memory requests are the floor the scheduler reserves;
    /// unset ones take the policy's defaults, and a GPU type outside the classes costs nothing here
    /// (the policy reports it).
    public func podHourly(cpu: Quantity?, memory: Quantity?, gpus: Int = 0, gpuType: String? = nil, spot: Bool = false) -> Double {
        let cores = (cpu ?? policy.defaultCPU).value ?? 0
        let gibibytes = ((memory ?? policy.defaultMemory).value ?? 0) / 1_073_741_824
        let gpuPrice = gpuType.flatMap { policy.gpuClass(named: $0)?.hourlyPrice } ?? 0
        let onDemand = Double(gpus) * gpuPrice + cores * policy.cpuHourly + gibibytes * policy.memoryGiBHourly
        return spot ? onDemand * (1 - policy.spotDiscount) : onDemand
    }

    /// The hourly price of one pod with `resources`.
    public func podHourly(_ resources: PodResources?, spot: Bool = false) -> Double {
        podHourly(
            cpu: resources?.cpu, memory: resources?.memory, gpus: resources?.gpuCount ?? 0,
            gpuType: resources?.gpuType, spot: spot)
    }

    /// An InferenceService at its fewest and most replicas, as ``ScalePlan`` decides them.
    public func estimate(_ service: InferenceService, capabilities: ClusterCapabilities) -> CostEstimate {
        let plan = ScalePlan(service.spec, policy: policy, capabilities: capabilities)
        let pod = podHourly(service.spec.resources)
        return CostEstimate(
            hourlyAtMin: pod * Double(plan.idleReplicas), hourlyAtMax: pod * Double(plan.maxReplicas),
            gpusAtMax: (service.spec.resources?.gpuCount ?? 0) * Int(plan.maxReplicas))
    }

    /// A TrainingJob while all its workers run, and over its whole maxRuntime.
    public func estimate(_ job: TrainingJob) -> CostEstimate {
        let workers = Int(job.spec.workers ?? 1)
        let spot = job.spec.spot ?? policy.defaultSpot
        let hourly = podHourly(job.spec.resources, spot: spot) * Double(workers)
        let hours = FleetDuration.hours(job.spec.maxRuntime ?? TrainingJobSpec.defaultMaxRuntime) ?? 0
        let gpus = workers * (job.spec.resources?.gpuCount ?? 0)
        return CostEstimate(
            hourlyAtMin: hourly, hourlyAtMax: hourly, gpusAtMax: gpus, gpuHoursAtMaxRuntime: Double(gpus) * hours,
            totalAtMaxRuntime: hourly * hours, spot: spot)
    }

    /// A FeatureStore: its online store replicas and feature server replicas.
    public func estimate(_ store: FeatureStore) -> CostEstimate {
        let online = store.spec.onlineStore
        let server = store.spec.featureServer
        let hourly = podHourly(cpu: online.cpu, memory: online.memory) * Double(online.replicas ?? OnlineStore.defaultReplicas)
            + podHourly(cpu: server.cpu, memory: server.memory) * Double(server.replicas ?? FeatureServer.defaultReplicas)
        return CostEstimate(hourlyAtMin: hourly, hourlyAtMax: hourly, gpusAtMax: 0)
    }
}

extension CostModel {
    /// The estimate of any workload; nil for a FleetPolicy, which runs nothing.
    public func estimate(_ resource: FleetResource, capabilities: ClusterCapabilities) -> CostEstimate? {
        switch resource {
        case .inferenceService(let service): estimate(service, capabilities: capabilities)
        case .trainingJob(let job): estimate(job)
        case .featureStore(let store): estimate(store)
        case .fleetPolicy: nil
        }
    }
}
