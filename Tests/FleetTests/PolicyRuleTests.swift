import Fleet
import KubeCore
import Testing

/// One row of a rule table: a resource, and the finding it must (or must not) produce.
struct RuleCase: Sendable, CustomTestStringConvertible {
    var name: String
    var resource: FleetResource
    var rule: PolicyRule
    /// The field of the expected finding; nil when the resource must be compliant with `rule`.
    var field: String?
    var severity: PolicySeverity = .violation
    var policy: EffectivePolicy = .builtIn
    var capabilities: ClusterCapabilities = .all
    var testDescription: String { name }
}

@Suite("Policy rules")
struct PolicyRuleTests {
    static let budgetPolicy = EffectivePolicy(merging: [
        Fixtures.policy("default") { $0 = FleetPolicySpec.builtInDefault },
        Fixtures.policy("budgets", priority: 10) {
            $0.namespaceBudgets = [NamespaceBudget(namespace: "ml-serving", maxGPUs: 2, maxHourlySpend: 3)]
        },
    ])

    static let cases: [RuleCase] = [
        // required-labels
        RuleCase(name: "a missing cost label is a violation",
                 resource: .inferenceService(Fixtures.inference(labels: Fixtures.costLabels.filter { $0.key != "aifleet.dev/team" })),
                 rule: .requiredLabels, field: "metadata.labels"),
        RuleCase(name: "an empty cost label is a violation",
                 resource: .trainingJob(Fixtures.training(labels: Fixtures.costLabels.merging(["aifleet.dev/team": ""]) { $1 })),
                 rule: .requiredLabels, field: "metadata.labels"),
        RuleCase(name: "all cost labels present is compliant", resource: .featureStore(Fixtures.featureStore()),
                 rule: .requiredLabels, field: nil),
        // gpu-class
        RuleCase(name: "a GPU type outside the classes is a violation",
                 resource: .inferenceService(Fixtures.inference { $0.resources?.gpuType = "nvidia-rtx-4090" }),
                 rule: .gpuClass, field: "spec.resources.gpuType"),
        RuleCase(name: "a GPU type of a class is compliant", resource: .inferenceService(Fixtures.inference()),
                 rule: .gpuClass, field: nil),
        // gpu-namespace
        RuleCase(name: "GPUs outside the GPU namespaces are a violation",
                 resource: .trainingJob(Fixtures.training(namespace: "web")), rule: .gpuNamespace, field: "spec.resources.gpu"),
        RuleCase(name: "no GPUs outside the GPU namespaces is compliant",
                 resource: .inferenceService(Fixtures.inference(namespace: "web") { $0.resources = PodResources(cpu: "1", memory: "1Gi") }),
                 rule: .gpuNamespace, field: nil),
        RuleCase(name: "GPUs in a GPU namespace are compliant", resource: .trainingJob(Fixtures.training()),
                 rule: .gpuNamespace, field: nil),
        // max-replicas
        RuleCase(name: "maxReplicas over the cap is a violation",
                 resource: .inferenceService(Fixtures.inference { $0.resources?.gpu = 0; $0.resources?.gpuType = nil; $0.maxReplicas = 21 }),
                 rule: .maxReplicas, field: "spec.maxReplicas"),
        RuleCase(name: "fixed replicas over the cap are a violation",
                 resource: .inferenceService(Fixtures.inference { $0.replicas = 30 }), rule: .maxReplicas, field: "spec.replicas"),
        RuleCase(name: "workers over the cap are a violation",
                 resource: .trainingJob(Fixtures.training { $0.workers = 64; $0.resources = nil }), rule: .maxReplicas, field: "spec.workers"),
        RuleCase(name: "feature server replicas over the cap are a violation",
                 resource: .featureStore(Fixtures.featureStore { $0.featureServer.replicas = 25 }),
                 rule: .maxReplicas, field: "spec.featureServer.replicas"),
        RuleCase(name: "replicas at the cap are compliant",
                 resource: .inferenceService(Fixtures.inference { $0.resources?.gpu = 0; $0.resources?.gpuType = nil; $0.maxReplicas = 20 }),
                 rule: .maxReplicas, field: nil),
        // max-hourly-spend
        RuleCase(name: "spend at maximum scale over the cap is a violation",
                 resource: .inferenceService(Fixtures.inference { $0.resources?.gpu = 8; $0.resources?.gpuType = "nvidia-h100-80gb" }),
                 rule: .maxHourlySpend, field: "spec"),
        RuleCase(name: "training spend over the cap is a violation", resource: .trainingJob(Fixtures.training { $0.spot = false }),
                 rule: .maxHourlySpend, field: "spec"),
        RuleCase(name: "spend under the cap is compliant", resource: .inferenceService(Fixtures.inference()),
                 rule: .maxHourlySpend, field: nil),
        // namespace-budget
        RuleCase(name: "GPUs over the namespace budget are a violation", resource: .inferenceService(Fixtures.inference()),
                 rule: .namespaceBudget, field: "spec.resources.gpu", policy: budgetPolicy),
        RuleCase(name: "spend over the namespace budget is a violation",
                 resource: .inferenceService(Fixtures.inference { $0.maxReplicas = 1; $0.resources?.gpuType = "nvidia-h100-80gb" }),
                 rule: .namespaceBudget, field: "spec", policy: budgetPolicy),
        RuleCase(name: "within the namespace budget is compliant",
                 resource: .inferenceService(Fixtures.inference { $0.maxReplicas = 2 }),
                 rule: .namespaceBudget, field: nil, policy: budgetPolicy),
        // inline-secret
        RuleCase(name: "a token given inline is a violation",
                 resource: .inferenceService(Fixtures.inference {
                     $0.env = [EnvironmentVariable(name: "LOG_LEVEL", value: "info"), EnvironmentVariable(name: "HF_TOKEN", value: "abc")]
                 }),
                 rule: .inlineSecret, field: "spec.env[1].value"),
        RuleCase(name: "a credential-shaped value is a violation whatever its name",
                 resource: .featureStore(Fixtures.featureStore { $0.featureServer.env = [EnvironmentVariable(name: "UPSTREAM", value: "sk-live-123")] }),
                 rule: .inlineSecret, field: "spec.featureServer.env[0].value"),
        RuleCase(name: "a secret by reference is compliant",
                 resource: .trainingJob(Fixtures.training {
                     $0.env = [EnvironmentVariable(name: "WANDB_API_KEY", valueFrom: EnvironmentSource(secretKeyRef: KeyReference(name: "wandb", key: "key")))]
                 }),
                 rule: .inlineSecret, field: nil),
        // image-tag
        RuleCase(name: "an image without tag or digest is a violation",
                 resource: .inferenceService(Fixtures.inference { $0.image = "registry.local:5000/vllm" }), rule: .imageTag, field: "spec.image"),
        RuleCase(name: "a latest tag is a warning", resource: .trainingJob(Fixtures.training { $0.image = "trainer:latest" }),
                 rule: .imageTag, field: "spec.image", severity: .warning),
        RuleCase(name: "an image by digest is compliant",
                 resource: .featureStore(Fixtures.featureStore { $0.featureServer.image = "feast@sha256:0123abcd" }),
                 rule: .imageTag, field: nil),
        // privileged
        RuleCase(name: "a privileged container is a violation",
                 resource: .inferenceService(Fixtures.inference { $0.securityContext = SecurityOverrides(privileged: true) }),
                 rule: .privileged, field: "spec.securityContext.privileged"),
        RuleCase(name: "privilege escalation is a violation",
                 resource: .trainingJob(Fixtures.training { $0.securityContext = SecurityOverrides(allowPrivilegeEscalation: true) }),
                 rule: .privileged, field: "spec.securityContext.allowPrivilegeEscalation"),
        RuleCase(name: "an added capability other than NET_BIND_SERVICE is a violation",
                 resource: .inferenceService(Fixtures.inference {
                     $0.securityContext = SecurityOverrides(addCapabilities: ["NET_BIND_SERVICE", "SYS_ADMIN"])
                 }),
                 rule: .privileged, field: "spec.securityContext.addCapabilities[1]"),
        RuleCase(name: "running as root is a violation",
                 resource: .inferenceService(Fixtures.inference { $0.securityContext = SecurityOverrides(runAsUser: 0) }),
                 rule: .privileged, field: "spec.securityContext.runAsUser"),
        RuleCase(name: "a non-root user with NET_BIND_SERVICE is compliant",
                 resource: .inferenceService(Fixtures.inference {
                     $0.securityContext = SecurityOverrides(runAsUser: 1000, addCapabilities: ["NET_BIND_SERVICE"])
                 }),
                 rule: .privileged, field: nil),
        // resource-floor (a warning)
        RuleCase(name: "no cpu or memory request is a warning",
                 resource: .inferenceService(Fixtures.inference { $0.resources = nil }),
                 rule: .resourceFloor, field: "spec.resources", severity: .warning),
        RuleCase(name: "cpu and memory requests are compliant", resource: .inferenceService(Fixtures.inference()),
                 rule: .resourceFloor, field: nil),
        // capability (a warning)
        RuleCase(name: "scale-to-zero without KEDA is a warning", resource: .inferenceService(Fixtures.inference()),
                 rule: .capability, field: "spec.scaleToZero", severity: .warning, capabilities: []),
        RuleCase(name: "a queue without Kueue is a warning", resource: .trainingJob(Fixtures.training { $0.queueName = "gpu" }),
                 rule: .capability, field: "spec.queueName", severity: .warning, capabilities: .keda),
        RuleCase(name: "scale-to-zero with KEDA is compliant", resource: .inferenceService(Fixtures.inference()),
                 rule: .capability, field: nil),
    ]

    @Test("each rule reports a violating resource at its field and passes a compliant one", arguments: cases)
    func rule(_ row: RuleCase) {
        let report = PolicyEvaluator(policy: row.policy, capabilities: row.capabilities).evaluate(row.resource)
        let matching = report.findings.filter { $0.rule == row.rule }
        if let field = row.field {
            #expect(matching.contains { $0.field == field && $0.severity == row.severity }, "\(report.findings)")
            #expect(matching.allSatisfy { !$0.message.isEmpty })
        } else {
            #expect(matching.isEmpty, "\(matching)")
        }
    }

    @Test("every rule has a violating and a compliant row")
    func tableCoversEveryRule() {
        for rule in PolicyRule.allCases {
            #expect(Self.cases.contains { $0.rule == rule && $0.field != nil }, "\(rule) has no violating row")
            #expect(Self.cases.contains { $0.rule == rule && $0.field == nil }, "\(rule) has no compliant row")
        }
    }

    @Test("warnings never make a resource non-compliant")
    func warningsDoNotBlock() {
        let report = PolicyEvaluator(policy: .builtIn, capabilities: [])
            .evaluate(.inferenceService(Fixtures.inference { $0.resources?.cpu = nil; $0.image = "vllm:latest" }))
        #expect(report.isCompliant)
        #expect(report.warnings.count == 3)
        #expect(report.violations.isEmpty)
    }

    @Test("violations come before warnings")
    func ordering() {
        let report = PolicyEvaluator(policy: .builtIn, capabilities: [])
            .evaluate(.inferenceService(Fixtures.inference(labels: [:]) { $0.resources?.cpu = nil }))
        let severities = report.findings.map(\.severity)
        #expect(severities == severities.sorted())
        #expect(report.violations.count == 4)
    }
}
