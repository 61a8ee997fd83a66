import Fleet
import KubeClient
import KubeCore
import KubeRuntime

/// Reconciles a FleetPolicy: the ResourceQuota and LimitRange of each of its namespace budgets,
/// and a status with the fleet's violations and hourly cost under the policy in force.
struct PolicyReconciler: Reconciler {
    let context: OperatorContext
    /// How often the fleet-wide figures of the status are refreshed.
    let refreshInterval: Duration

    func reconcile(_ key: ObjectKey) async throws -> ReconcileResult {
        guard let live = context.policies.store.get(key) else {
            // Its budget objects' conflicts are forgotten with it (its budgets go by garbage collection).
            context.reports.forgetOwner(ReportMemory.Owner(kind: FleetPolicy.descriptor.kind.kind, namespace: nil, name: key.name), uid: nil)
            return .done
        }
        if live[path: "metadata", "deletionTimestamp"] != nil { return .done }
        let policy = context.effectivePolicy()
        var conditions = ConditionSet(previous: live["status"], generation: live.objectGeneration)
        var fields: JSONObject = [:]
        if let generation = live.objectGeneration { fields["observedGeneration"] = .int(generation) }
        let fleetPolicy: FleetPolicy
        do {
            fleetPolicy = try live.decode(FleetPolicy.self).withCRDDefaults()
        } catch {
            conditions.set("Ready", false, reason: "InvalidSpec", message: "\(error)")
            fields["conditions"] = conditions.json
            try await StatusWriter(context: context, descriptor: FleetPolicy.descriptor).write(.object(fields), for: live)
            return .done
        }
        let children = Expansion.expand(
            .fleetPolicy(fleetPolicy), policy: policy, capabilities: context.capabilities.capabilities,
            owner: OwnerReference(
                apiVersion: FleetPolicy.descriptor.kind.apiVersion, kind: FleetPolicy.descriptor.kind.kind,
                name: key.name, uid: live[path: "metadata", "uid"]?.stringValue ?? "", controller: true,
                blockOwnerDeletion: true))
        let sync = ChildSync(context: context, owner: live, policy: policy)
        let conflicts = try await sync.apply(children)
        if conflicts.isEmpty, let uid = live[path: "metadata", "uid"]?.stringValue {
            _ = try await sync.deleteObsolete(keeping: children, ownerUID: uid)
        }
        let fleet = fleetFigures(policy)
        fields["gpuClasses"] = .int(Int64(fleetPolicy.spec.gpuClasses?.count ?? 0))
        fields["violations"] = .int(Int64(fleet.violations))
        fields["cost"] = ["hourly": roundedDollars(fleet.hourly), "monthly": roundedDollars(fleet.hourly * hoursPerMonth)]
        if let summary = ChildConflict.summary(conflicts) {
            conditions.set("Ready", false, reason: ChildConflict.reason, message: summary)
        } else {
            conditions.set(
                "Ready", true, reason: "Reconciled",
                message: "\(children.count) budget object(s); in force with \(policy.sources.count) polic(ies)")
        }
        fields["conditions"] = conditions.json
        try await StatusWriter(context: context, descriptor: FleetPolicy.descriptor).write(.object(fields), for: live)
        let recheck = conflicts.isEmpty ? refreshInterval : min(refreshInterval, context.configuration.childConflictRecheckInterval)
        return .requeueAfter(recheck)
    }

    /// Violations and estimated hourly cost (at the fewest replicas) over every cached workload.
    private func fleetFigures(_ policy: EffectivePolicy) -> (violations: Int, hourly: Double) {
        let capabilities = context.capabilities.capabilities
        let evaluator = PolicyEvaluator(policy: policy, capabilities: capabilities)
        let cost = CostModel(policy: policy)
        var violations = 0
        var hourly = 0.0
        for informer in context.primaries.values {
            for object in informer.store.list() {
                guard let resource = try? FleetResource(json: object.value).withCRDDefaults() else { continue }
                violations += evaluator.evaluate(resource).violations.count
                hourly += cost.estimate(resource, capabilities: capabilities)?.hourlyAtMin ?? 0
            }
        }
        return (violations, hourly)
    }
}
