import Fleet
import KubeClient
import KubeCore
import KubeRuntime

/// Reconciles one kind of workload (InferenceService, TrainingJob, FeatureStore): a thin loop of
/// read the cache, evaluate the policy, expand, apply what differs, write the status if it
/// changed. The domain decisions are Fleet's pure functions.
struct WorkloadReconciler: Reconciler {
    let context: OperatorContext
    let descriptor: ResourceDescriptor

    func reconcile(_ key: ObjectKey) async throws -> ReconcileResult {
        guard let informer = context.primaries[descriptor.kind.kind], let live = informer.store.get(key)?.value else {
            // Gone: garbage collection removes the children through their owner references. Its
            // reports go here too: a reconcile still running when the delete event came may have
            // noted some after that event forgot them, and the queue runs this one after it.
            context.metrics.remove(kind: descriptor.kind.kind, namespace: key.namespace ?? "", name: key.name)
            context.reports.forgetOwner(ReportMemory.Owner(kind: descriptor.kind.kind, namespace: key.namespace, name: key.name), uid: nil)
            return .done
        }
        if live[path: "metadata", "deletionTimestamp"] != nil { return .done }
        let resource: FleetResource
        do {
            resource = try FleetResource(json: live).withCRDDefaults()
        } catch {
            // The CRD schema should have refused it; say what is wrong and wait for a fix.
            var conditions = ConditionSet(previous: live["status"], generation: live.objectGeneration)
            conditions.set("Ready", false, reason: "InvalidSpec", message: "\(error)")
            conditions.set("PolicyCompliant", false, reason: "InvalidSpec", message: "\(error)")
            try await StatusWriter(context: context, descriptor: descriptor).write(["observedGeneration": generation(live), "conditions": conditions.json], for: live)
            return .done
        }
        let policy = context.effectivePolicy()
        let capabilities = context.capabilities.capabilities
        let report = PolicyEvaluator(policy: policy, capabilities: capabilities).evaluate(resource)
        let blocked = !report.isCompliant && policy.enforcement == .enforce
        var children = Expansion.expand(resource, policy: policy, capabilities: capabilities, owner: owner(of: live))
        var requeue: Duration?
        if case .trainingJob = resource, let ttl = ttlRemaining(live, policy: policy, resource: resource, children: children) {
            if !ttl.recorded {
                // The status this reconcile writes records the end. The Job goes only once the
                // cached status shows it: a reconcile after the Job is gone must still know it
                // ended, or it would make the Job again.
                requeue = max(ttl.remaining, .seconds(1))
            } else if ttl.remaining <= .zero {
                // Past its TTL a finished job's Job is removed, and not recreated.
                children.removeAll { $0.descriptor == ChildKind.job }
            } else {
                requeue = ttl.remaining
            }
        }
        let sync = ChildSync(context: context, owner: live, policy: policy)
        let conflicts: [ChildConflict]
        if blocked {
            // Enforce: create nothing new, keep what exists; but a lowered replica cap still
            // reaches the autoscalers that exist, since it only ever lowers cost.
            if context.reports.note(policySubject(live), report.violations.map(\.description)) {
                context.record(
                    .warning, reason: "PolicyViolation",
                    message: report.violations.map(\.description).joined(separator: "; "), about: live)
            }
            conflicts = try await sync.apply(children, writable: lowersReplicaCap)
        } else {
            context.reports.forget(policySubject(live))
            conflicts = try await sync.apply(children)
            if conflicts.isEmpty, let uid = live[path: "metadata", "uid"]?.stringValue {
                _ = try await sync.deleteObsolete(keeping: children, ownerUID: uid)
            }
        }
        if !conflicts.isEmpty {
            // Another workload's child sends its events to that workload's controller, and a
            // hand-made one sends none: look again later.
            let recheck = context.configuration.childConflictRecheckInterval
            requeue = min(requeue ?? recheck, recheck)
        }
        // The status reads the workload's own children only.
        children.removeAll { child in conflicts.contains { $0.child == child } }
        let status = StatusBuilder(
            context: context, resource: resource, live: live, children: children, policy: policy,
            capabilities: capabilities, report: report, blocked: blocked, conflicts: conflicts
        ).status()
        try await StatusWriter(context: context, descriptor: descriptor).write(status.json, for: live)
        context.metrics.publish(
            OperatorMetrics.Subject(
                kind: descriptor.kind.kind, namespace: key.namespace ?? "", name: key.name,
                team: resource.metadata.labels?[FleetLabels.team] ?? "",
                costCenter: resource.metadata.labels?[FleetLabels.costCenter] ?? ""),
            hourlyCost: status.hourlyCost, violations: report.violations.count)
        return requeue.map { .requeueAfter($0) } ?? .done
    }

    /// Whether `child` is an existing autoscaler (live as `live`) whose new replica cap is no higher
    /// than its live one.
    private func lowersReplicaCap(_ child: ChildObject, live: JSONValue?) -> Bool {
        let field: String
        switch child.descriptor {
        case ChildKind.horizontalPodAutoscaler: field = "maxReplicas"
        case ChildKind.scaledObject: field = "maxReplicaCount"
        default: return false
        }
        guard let current = live?[path: "spec", field]?.intValue, let wanted = child.manifest[path: "spec", field]?.intValue
        else { return false }
        return wanted <= current
    }

    /// The controlling owner reference every child carries.
    private func owner(of live: JSONValue) -> OwnerReference? {
        guard let name = live.objectName, let uid = live[path: "metadata", "uid"]?.stringValue else { return nil }
        return OwnerReference(
            apiVersion: descriptor.kind.apiVersion, kind: descriptor.kind.kind, name: name, uid: uid, controller: true,
            blockOwnerDeletion: true)
    }

    private func policySubject(_ live: JSONValue) -> ReportMemory.Subject {
        .policy(workload: ReportMemory.Owner(kind: descriptor.kind.kind, namespace: live.objectNamespace, name: live.objectName ?? ""))
    }

    private func generation(_ live: JSONValue) -> JSONValue {
        live.objectGeneration.map { .int($0) } ?? .null
    }

    /// How long until a finished TrainingJob's TTL falls due, and whether its cached status records
    /// the end yet (a Job that has just finished is ahead of it); nil while it runs.
    private func ttlRemaining(
        _ live: JSONValue, policy: EffectivePolicy, resource: FleetResource, children: [ChildObject]
    ) -> (remaining: Duration, recorded: Bool)? {
        let phase = live[path: "status", "phase"]?.stringValue
        let recorded = phase == TrainingPhase.succeeded.rawValue || phase == TrainingPhase.failed.rawValue
            ? live[path: "status", "completionTime"]?.stringValue : nil
        // The Job is read only while the status has not recorded the end.
        func endedNow() -> String? {
            let progress = ChildState(context: context).live(ChildKind.job, among: children).map(ChildState.JobProgress.init)
            return progress.flatMap { $0.succeeded || $0.failed ? $0.completionTime : nil }
        }
        guard case .trainingJob(let job) = resource,
            let finished = recorded ?? endedNow(),
            let elapsed = Timestamps.secondsSince(finished),
            let ttl = FleetDuration.seconds(job.spec.ttlAfterFinished ?? policy.defaultTTLAfterFinished)
        else { return nil }
        return (.milliseconds(Int64((Double(ttl) - elapsed) * 1000)), recorded != nil)
    }
}
