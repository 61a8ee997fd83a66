public import KubeCore

/// Expands custom resources into the child objects the operator applies.
///
/// Pure and deterministic: the same inputs give the same children, in the same order, with the same
/// key order, so rendered manifests diff cleanly in git and a steady-state reconcile applies nothing new.
public enum Expansion {
    /// The children of `resource`, in apply order (Services before the workloads that use them).
    ///
    /// - Parameters:
    ///   - policy: the effective policy: prices, placement of GPU classes and spot, defaults, budgets.
    ///   - capabilities: what the cluster serves (KEDA, Kueue).
    ///   - owner: set as the only owner reference of every child (the operator passes the resource's,
    ///     with `controller: true`); none when rendering offline.
    /// - Returns: for a FleetPolicy, the ResourceQuota and LimitRange of each of its namespace budgets.
    public static func expand(
        _ resource: FleetResource, policy: EffectivePolicy, capabilities: ClusterCapabilities, owner: OwnerReference? = nil
    ) -> [ChildObject] {
        switch resource {
        case .inferenceService(let service):
            InferenceServiceExpansion(service, policy: policy, capabilities: capabilities, owner: owner).children
        case .trainingJob(let job):
            TrainingJobExpansion(job, policy: policy, capabilities: capabilities, owner: owner).children
        case .featureStore(let store):
            FeatureStoreExpansion(store, policy: policy, owner: owner).children
        case .fleetPolicy(let fleetPolicy):
            budgetChildren(fleetPolicy, policy: policy, owner: owner)
        }
    }

    /// For each namespace budget of `fleetPolicy`: a ResourceQuota `aifleet-budget-POLICY` capping
    /// GPU requests, and a LimitRange `aifleet-defaults-POLICY` giving containers without requests the
    /// policy's default cpu and memory (a quota on a resource rejects pods that do not request it,
    /// https://kubernetes.io/docs/concepts/policy/resource-quotas/#requests-vs-limits).
    /// Each policy has its own objects: Kubernetes enforces every quota of a namespace, so the
    /// strictest budget wins, as the merge rule says.
    private static func budgetChildren(_ fleetPolicy: FleetPolicy, policy: EffectivePolicy, owner: OwnerReference?) -> [ChildObject] {
        let policyName = fleetPolicy.metadata.name ?? "policy"
        let budgets = (fleetPolicy.spec.namespaceBudgets ?? []).sorted { $0.namespace < $1.namespace }
        var children: [ChildObject] = []
        for budget in budgets {
            let context = ExpansionContext(
                resource: .fleetPolicy(fleetPolicy), policy: policy, owner: owner, extraLabels: [:],
                namespace: budget.namespace)
            var quotaMetadata = context.metadata("aifleet-budget-\(policyName)", component: "budget")
            if let spend = budget.maxHourlySpend {
                // No quota can count dollars: the operator checks spend before expanding; the
                // annotation shows the budget to whoever reads the quota.
                quotaMetadata["annotations"] = ["aifleet.dev/max-hourly-spend": .string(Money.format(spend))]
            }
            if let maxGPUs = budget.maxGPUs {
                children.append(ChildObject(descriptor: ChildKind.resourceQuota, manifest: [
                    "apiVersion": "v1", "kind": "ResourceQuota", "metadata": quotaMetadata,
                    "spec": ["hard": ["requests.nvidia.com/gpu": .string(String(maxGPUs))]],
                ]))
            }
            let memory = JSONValue.string(policy.defaultMemory.description)
            children.append(context.manifest(ChildKind.limitRange, name: "aifleet-defaults-\(policyName)", component: "budget", [
                "spec": ["limits": [[
                    "type": "Container",
                    "defaultRequest": ["cpu": .string(policy.defaultCPU.description), "memory": memory],
                    "default": ["memory": memory],
                ]]],
            ]))
        }
        return children
    }
}
