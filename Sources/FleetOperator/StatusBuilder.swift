import Fleet
import KubeCore

/// Computes a workload's status from its spec, the policy report and its live children.
struct StatusBuilder {
    let context: OperatorContext
    let resource: FleetResource
    let live: JSONValue
    let children: [ChildObject]
    let policy: EffectivePolicy
    let capabilities: ClusterCapabilities
    let report: PolicyReport
    let blocked: Bool
    /// Children another object controls (not among `children`).
    let conflicts: [ChildConflict]

    struct Result {
        var json: JSONValue
        /// What the workload costs per hour as it runs now.
        var hourlyCost: Double
    }

    func status() -> Result {
        var conditions = ConditionSet(previous: live["status"], generation: live.objectGeneration)
        var fields: JSONObject = [:]
        if let generation = live.objectGeneration { fields["observedGeneration"] = .int(generation) }
        let state = ChildState(context: context)
        var hourly = 0.0
        let cost = CostModel(policy: policy)
        let estimate = cost.estimate(resource, capabilities: capabilities)
        let ready: (Bool, String, String)
        switch resource {
        case .inferenceService(let service):
            let plan = ScalePlan(service.spec, policy: policy, capabilities: capabilities)
            let pod = cost.podHourly(service.spec.resources)
            let deployment = state.live(ChildKind.deployment, among: children).map(ChildState.Workload.init)
            let replicas = deployment?.replicas ?? 0
            hourly = pod * Double(replicas)
            fields["replicas"] = .int(replicas)
            fields["readyReplicas"] = .int(deployment?.readyReplicas ?? 0)
            fields["selector"] = .string(
                "\(FleetLabels.name)=inferenceservice,\(FleetLabels.instance)=\(service.metadata.name ?? "")")
            fields["gpus"] = .int(Int64(service.spec.resources?.gpuCount ?? 0) * replicas)
            fields["autoscaler"] = .string(plan.autoscaler.rawValue)
            if let url = serviceURL(service) { fields["url"] = .string(url) }
            fields["cost"] = [
                "hourly": roundedDollars(hourly), "hourlyAtMin": roundedDollars(estimate?.hourlyAtMin ?? 0),
                "hourlyAtMax": roundedDollars(estimate?.hourlyAtMax ?? 0),
                "monthlyAtMax": roundedDollars(estimate?.monthlyAtMax ?? 0),
            ]
            if service.spec.stopped == true {
                ready = (false, "Stopped", "spec.stopped holds the service at 0 replicas")
            } else {
                ready = workloadReadiness(deployment, scaledToZero: plan.scalesToZero && (deployment?.wanted == 0))
            }
            if plan.scalesToZero {
                conditions.set("ScaleToZero", true, reason: "KEDA", message: "idles at 0 replicas through a KEDA ScaledObject")
            } else if plan.scaleToZeroUnavailable {
                conditions.set(
                    "ScaleToZero", false, reason: "KEDANotInstalled",
                    message: "scale-to-zero needs KEDA (scaledobjects.keda.sh); an HPA keeps at least 1 replica")
            }
        case .trainingJob(let job):
            let progress = state.live(ChildKind.job, among: children).map(ChildState.JobProgress.init)
            let phase = trainingPhase(progress)
            let perWorker = cost.podHourly(job.spec.resources, spot: estimate?.spot ?? false)
            let active = progress?.active ?? 0
            hourly = perWorker * Double(active)
            fields["phase"] = .string(phase.rawValue)
            fields["activeWorkers"] = .int(active)
            fields["gpus"] = .int(Int64(job.spec.resources?.gpuCount ?? 0) * active)
            let start = progress?.startTime ?? live[path: "status", "startTime"]?.stringValue
            let end = progress?.completionTime ?? live[path: "status", "completionTime"]?.stringValue
            if let start { fields["startTime"] = .string(start) }
            if let end { fields["completionTime"] = .string(end) }
            var costFields: JSONObject = [
                "hourly": roundedDollars(hourly), "atMaxRuntime": roundedDollars(estimate?.totalAtMaxRuntime ?? 0),
                "gpuHoursAtMaxRuntime": roundedDollars(estimate?.gpuHoursAtMaxRuntime ?? 0),
            ]
            // Spent is known once the job is done; while it runs it would change every second.
            if let start, let end, let seconds = Timestamps.seconds(from: start, to: end) {
                let hours = max(0, seconds) / 3600
                costFields["spent"] = roundedDollars((estimate?.hourlyAtMax ?? 0) * hours)
                fields["gpuHours"] = roundedDollars(Double((job.spec.workers ?? 1) * (job.spec.resources?.gpu ?? 0)) * hours)
            }
            fields["cost"] = .object(costFields)
            switch phase {
            case .running: ready = (true, "Running", "\(active) worker(s) running")
            case .succeeded: ready = (true, "Succeeded", "the job completed")
            case .failed: ready = (false, "Failed", "the job failed")
            case .queued, .suspended: ready = (false, phase.rawValue, "the job is suspended")
            case .pending: ready = (false, "Pending", "waiting for the Job to start")
            }
        case .featureStore(let store):
            let online = state.live(ChildKind.statefulSet, among: children).map(ChildState.Workload.init)
            let server = state.live(ChildKind.deployment, among: children).map(ChildState.Workload.init)
            hourly = estimate?.hourlyAtMax ?? 0
            fields["onlineStoreReadyReplicas"] = .int(online?.readyReplicas ?? 0)
            fields["featureServerReadyReplicas"] = .int(server?.readyReplicas ?? 0)
            fields["gpus"] = 0
            let port = store.spec.featureServer.port ?? FeatureServer.defaultPort
            fields["endpoint"] = .string("http://\(store.metadata.name ?? "")-server.\(store.metadata.namespace ?? ""):\(port)")
            fields["cost"] = ["hourly": roundedDollars(hourly), "monthly": roundedDollars(hourly * hoursPerMonth)]
            let onlineReady = workloadReadiness(online, scaledToZero: false)
            ready = onlineReady.0 ? workloadReadiness(server, scaledToZero: false) : onlineReady
        case .fleetPolicy:
            ready = (true, "Reconciled", "")
        }
        if blocked {
            let hasChildren = !children.isEmpty && ready.0
            conditions.set(
                "Ready", hasChildren, reason: "PolicyViolation",
                message: hasChildren ? "existing children kept; changes blocked by policy" : "blocked by policy")
        } else if let summary = ChildConflict.summary(conflicts) {
            conditions.set("Ready", false, reason: ChildConflict.reason, message: summary)
        } else {
            conditions.set("Ready", ready.0, reason: ready.1, message: ready.2)
        }
        let violations = report.violations.map(\.description)
        let warnings = report.warnings.map(\.description)
        if !violations.isEmpty {
            let mode = policy.enforcement == .enforce ? "enforced: nothing new is created" : "warn: expanded anyway"
            conditions.set(
                "PolicyCompliant", false, reason: "PolicyViolation",
                message: "\(mode); " + violations.joined(separator: "; "))
        } else {
            conditions.set(
                "PolicyCompliant", true, reason: warnings.isEmpty ? "Compliant" : "CompliantWithWarnings",
                message: warnings.joined(separator: "; "))
        }
        fields["conditions"] = conditions.json
        return Result(json: .object(fields), hourlyCost: (hourly * 10_000).rounded() / 10_000)
    }

    private func workloadReadiness(_ workload: ChildState.Workload?, scaledToZero: Bool) -> (Bool, String, String) {
        guard let workload else { return (false, "Pending", "waiting for the workload to be created") }
        if scaledToZero, workload.wanted == 0 { return (true, "ScaledToZero", "idle at 0 replicas") }
        if workload.isReady, workload.wanted > 0 || workload.readyReplicas == 0 {
            return (true, "Available", "\(workload.readyReplicas)/\(workload.wanted) replicas ready")
        }
        return (false, "Progressing", "\(workload.readyReplicas)/\(workload.wanted) replicas ready")
    }

    private func trainingPhase(_ progress: ChildState.JobProgress?) -> TrainingPhase {
        guard let progress else {
            // The Job is gone after the TTL: the phase it ended in stays.
            if let previous = live[path: "status", "phase"]?.stringValue.flatMap(TrainingPhase.init(rawValue:)),
                previous == .succeeded || previous == .failed
            {
                return previous
            }
            return .pending
        }
        if progress.succeeded { return .succeeded }
        if progress.failed { return .failed }
        if progress.suspended { return capabilities.contains(.kueue) ? .queued : .suspended }
        return progress.active > 0 ? .running : .pending
    }

    private func serviceURL(_ service: InferenceService) -> String? {
        if let routing = service.spec.routing {
            let scheme = routing.tlsSecretName == nil ? "http" : "https"
            return "\(scheme)://\(routing.host)\(routing.path ?? "/")"
        }
        guard let name = service.metadata.name, let namespace = service.metadata.namespace else { return nil }
        return "http://\(name).\(namespace).svc.cluster.local"
    }
}
