/// Checks aifleet resources against an ``EffectivePolicy`` (the rules are ``PolicyRule``).
///
/// Pure: the same resource, policy and capabilities always give the same report, in the same order.
public struct PolicyEvaluator: Sendable {
    public var policy: EffectivePolicy
    public var capabilities: ClusterCapabilities

    public init(policy: EffectivePolicy, capabilities: ClusterCapabilities) {
        self.policy = policy
        self.capabilities = capabilities
    }

    private var cost: CostModel { CostModel(policy: policy) }

    /// Every finding about `resource`.
    public func evaluate(_ resource: FleetResource) -> PolicyReport {
        var findings = requiredLabels(resource.metadata.labels ?? [:])
        switch resource {
        case .inferenceService(let service):
            findings += inferenceService(service.withCRDDefaults(), namespace: resource.namespace ?? "default")
        case .trainingJob(let job):
            findings += trainingJob(job.withCRDDefaults(), namespace: resource.namespace ?? "default")
        case .featureStore(let store):
            findings += featureStore(store.withCRDDefaults(), namespace: resource.namespace ?? "default")
        case .fleetPolicy:
            // A FleetPolicy is checked by its CRD schema; the labels rule is for workloads only.
            return PolicyReport(findings: [])
        }
        return PolicyReport(findings: findings)
    }

    // MARK: Kinds

    private func inferenceService(_ service: InferenceService, namespace: String) -> [PolicyFinding] {
        let spec = service.spec
        var findings = image(spec.image, field: "spec.image")
        findings += gpu(spec.resources, namespace: namespace)
        findings += floor(spec.resources, field: "spec.resources")
        findings += environment(spec.env, field: "spec.env")
        findings += security(spec.securityContext, field: "spec.securityContext")
        if let replicas = spec.replicas {
            findings += replicaCap(replicas, field: "spec.replicas")
        } else if let maxReplicas = spec.maxReplicas {
            findings += replicaCap(maxReplicas, field: "spec.maxReplicas")
        }
        // Spend is judged on what the spec asks for, before the policy's replica cap trims it.
        var uncapped = policy
        uncapped.maxReplicas = .max
        let estimate = CostModel(policy: uncapped).estimate(service, capabilities: capabilities)
        findings += spend(estimate, namespace: namespace, fix: "lower spec.maxReplicas or the GPUs per pod")
        let plan = ScalePlan(spec, policy: policy, capabilities: capabilities)
        if plan.scaleToZeroUnavailable {
            findings.append(PolicyFinding(.warning, .capability, field: "spec.scaleToZero",
                "scale-to-zero needs KEDA (scaledobjects.keda.sh), which the cluster does not serve; the HPA keeps at least \(plan.minReplicas) replica(s)"))
        }
        if spec.scaleMetric == .prometheus && !capabilities.contains(.keda) {
            findings.append(PolicyFinding(.warning, .capability, field: "spec.scaleMetric",
                "a prometheus scale metric needs KEDA, which the cluster does not serve; the HPA scales on cpu instead"))
        }
        return findings
    }

    private func trainingJob(_ job: TrainingJob, namespace: String) -> [PolicyFinding] {
        let spec = job.spec
        var findings = image(spec.image, field: "spec.image")
        findings += gpu(spec.resources, namespace: namespace)
        findings += floor(spec.resources, field: "spec.resources")
        findings += environment(spec.env, field: "spec.env")
        findings += security(spec.securityContext, field: "spec.securityContext")
        findings += replicaCap(spec.workers ?? TrainingJobSpec.defaultWorkers, field: "spec.workers")
        findings += spend(cost.estimate(job), namespace: namespace, fix: "use fewer workers or GPUs, or spot nodes")
        if spec.queueName != nil && !capabilities.contains(.kueue) {
            findings.append(PolicyFinding(.warning, .capability, field: "spec.queueName",
                "Kueue (localqueues.kueue.x-k8s.io) is not served, so the queue is ignored and the Job starts at once"))
        }
        return findings
    }

    private func featureStore(_ store: FeatureStore, namespace: String) -> [PolicyFinding] {
        let spec = store.spec
        var findings = image(spec.onlineStore.image ?? OnlineStore.defaultImage, field: "spec.onlineStore.image")
        findings += image(spec.featureServer.image, field: "spec.featureServer.image")
        if spec.featureServer.cpu == nil || spec.featureServer.memory == nil {
            findings += floor(PodResources(cpu: spec.featureServer.cpu, memory: spec.featureServer.memory), field: "spec.featureServer")
        }
        findings += environment(spec.featureServer.env, field: "spec.featureServer.env")
        findings += replicaCap(spec.onlineStore.replicas ?? OnlineStore.defaultReplicas, field: "spec.onlineStore.replicas")
        findings += replicaCap(spec.featureServer.replicas ?? FeatureServer.defaultReplicas, field: "spec.featureServer.replicas")
        findings += spend(cost.estimate(store), namespace: namespace, fix: "use fewer replicas or less memory")
        return findings
    }

    // MARK: Rules

    private func requiredLabels(_ labels: [String: String]) -> [PolicyFinding] {
        policy.requiredLabels.filter { (labels[$0] ?? "").isEmpty }.map { label in
            PolicyFinding(.violation, .requiredLabels, field: "metadata.labels",
                "missing required label \(label); add it so that the cost of every child object can be attributed")
        }
    }

    private func image(_ reference: String, field: String) -> [PolicyFinding] {
        switch ImageReference(reference).pin {
        case .digest, .tag: []
        case .none:
            [PolicyFinding(.violation, .imageTag, field: field,
                "image \"\(reference)\" has no tag or digest, so what runs can change under you; pin it (\(reference):VERSION or \(reference)@sha256:...)")]
        case .latest:
            [PolicyFinding(.warning, .imageTag, field: field,
                "image \"\(reference)\" uses the latest tag, which moves; pin a version or a digest")]
        }
    }

    private func gpu(_ resources: PodResources?, namespace: String) -> [PolicyFinding] {
        guard let resources, resources.gpuCount > 0 || resources.gpuType != nil else { return [] }
        var findings: [PolicyFinding] = []
        if let type = resources.gpuType, policy.gpuClass(named: type) == nil {
            let known = policy.gpuClasses.map(\.name).joined(separator: ", ")
            findings.append(PolicyFinding(.violation, .gpuClass, field: "spec.resources.gpuType",
                "GPU type \"\(type)\" is not in any FleetPolicy gpuClass; use one of: \(known.isEmpty ? "(none defined)" : known)"))
        }
        if !policy.allowsGPUs(inNamespace: namespace) {
            let allowed = (policy.gpuNamespaces ?? []).joined(separator: ", ")
            findings.append(PolicyFinding(.violation, .gpuNamespace, field: "spec.resources.gpu",
                "namespace \"\(namespace)\" may not use GPUs; move the resource to an allowed namespace (\(allowed)) or remove the GPU request"))
        }
        return findings
    }

    private func floor(_ resources: PodResources?, field: String) -> [PolicyFinding] {
        var missing: [String] = []
        if resources?.cpu == nil { missing.append("cpu (default \(policy.defaultCPU))") }
        if resources?.memory == nil { missing.append("memory (default \(policy.defaultMemory))") }
        guard !missing.isEmpty else { return [] }
        return [PolicyFinding(.warning, .resourceFloor, field: field,
            "no \(missing.joined(separator: " or ")) request; the policy default is used, which may not fit the model")]
    }

    private func environment(_ env: [EnvironmentVariable]?, field: String) -> [PolicyFinding] {
        (env ?? []).enumerated().compactMap { index, variable in
            guard let value = variable.value, SecretHeuristics.looksSecret(name: variable.name, value: value) else { return nil }
            return PolicyFinding(.violation, .inlineSecret, field: "\(field)[\(index)].value",
                "\(variable.name) looks like a secret given inline; store it in a Secret and use valueFrom.secretKeyRef")
        }
    }

    private func security(_ overrides: SecurityOverrides?, field: String) -> [PolicyFinding] {
        guard let overrides else { return [] }
        var findings: [PolicyFinding] = []
        if overrides.privileged == true {
            findings.append(PolicyFinding(.violation, .privileged, field: "\(field).privileged",
                "privileged containers can take over the node; remove privileged: true"))
        }
        if overrides.allowPrivilegeEscalation == true {
            findings.append(PolicyFinding(.violation, .privileged, field: "\(field).allowPrivilegeEscalation",
                "privilege escalation is not allowed under the restricted Pod Security Standard; remove it"))
        }
        // The restricted Pod Security Standard allows adding only NET_BIND_SERVICE.
        for (index, capability) in (overrides.addCapabilities ?? []).enumerated() where capability != "NET_BIND_SERVICE" {
            findings.append(PolicyFinding(.violation, .privileged, field: "\(field).addCapabilities[\(index)]",
                "capability \(capability) is not allowed (only NET_BIND_SERVICE); remove it"))
        }
        if overrides.runAsUser == 0 {
            findings.append(PolicyFinding(.violation, .privileged, field: "\(field).runAsUser",
                "running as root (UID 0) is not allowed; use a non-zero UID or leave runAsUser unset"))
        }
        return findings
    }

    private func replicaCap(_ replicas: Int32, field: String) -> [PolicyFinding] {
        guard replicas > policy.maxReplicas else { return [] }
        return [PolicyFinding(.violation, .maxReplicas, field: field,
            "\(replicas) is more than the policy's maxReplicas \(policy.maxReplicas); lower it")]
    }

    private func spend(_ estimate: CostEstimate, namespace: String, fix: String) -> [PolicyFinding] {
        var findings: [PolicyFinding] = []
        if estimate.hourlyAtMax > policy.maxHourlySpendPerService {
            findings.append(PolicyFinding(.violation, .maxHourlySpend, field: "spec",
                "estimated \(Money.format(estimate.hourlyAtMax))/h at maximum scale is more than the policy's maxHourlySpendPerService \(Money.format(policy.maxHourlySpendPerService)); \(fix)"))
        }
        guard let budget = policy.budget(forNamespace: namespace) else { return findings }
        if let maxGPUs = budget.maxGPUs, estimate.gpusAtMax > Int(maxGPUs) {
            findings.append(PolicyFinding(.violation, .namespaceBudget, field: "spec.resources.gpu",
                "\(estimate.gpusAtMax) GPUs at maximum scale are more than namespace \(namespace)'s budget of \(maxGPUs); \(fix)"))
        }
        if let maxSpend = budget.maxHourlySpend, estimate.hourlyAtMax > maxSpend {
            findings.append(PolicyFinding(.violation, .namespaceBudget, field: "spec",
                "estimated \(Money.format(estimate.hourlyAtMax))/h at maximum scale is more than namespace \(namespace)'s budget of \(Money.format(maxSpend))/h; \(fix)"))
        }
        return findings
    }
}

/// Dollar amounts in messages and tables: `$12.34`.
public enum Money {
    public static func format(_ amount: Double) -> String {
        guard amount.isFinite else { return "unlimited" }
        let cents = Int64((amount * 100).rounded())
        let fraction = abs(cents % 100)
        return "$\(cents / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
