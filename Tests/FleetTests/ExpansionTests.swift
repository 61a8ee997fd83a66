import Fleet
import KubeCore
import Testing

@Suite("Expansion")
struct ExpansionTests {
    static let owner = OwnerReference(
        apiVersion: "aifleet.dev/v1alpha1", kind: "InferenceService", name: "chat", uid: "0000-1111", controller: true,
        blockOwnerDeletion: true)

    static func children(_ resource: FleetResource, capabilities: ClusterCapabilities = .all) -> [ChildObject] {
        Expansion.expand(resource, policy: .builtIn, capabilities: capabilities, owner: owner)
    }

    static func child(_ children: [ChildObject], _ kind: String) -> JSONValue? {
        children.first { $0.descriptor.kind.kind == kind }?.manifest
    }

    static let all: [FleetResource] = [
        .inferenceService(Fixtures.inference()), .inferenceService(Fixtures.inference { $0.tier = .critical; $0.minReplicas = 2 }),
        .inferenceService(Fixtures.inference { $0.routing = Routing(host: "a.example.com") }),
        .trainingJob(Fixtures.training { $0.checkpoint = Checkpoint(size: "10Gi"); $0.queueName = "q" }),
        .featureStore(Fixtures.featureStore()),
    ]

    @Test("every child carries the hash of its manifest, which changes with the manifest and with nothing else")
    func appliedHash() throws {
        let children = Self.children(.inferenceService(Fixtures.inference()))
        let deployment = try #require(children.first { $0.descriptor.kind.kind == "Deployment" })
        for child in children {
            #expect(child.appliedHash.count == 16, "\(child.reference)")
            #expect(child.manifest[path: "metadata", "annotations", ChildObject.appliedHashAnnotation]?.stringValue == child.appliedHash)
        }
        #expect(Set(children.map(\.appliedHash)).count == children.count)
        let again = try #require(Self.children(.inferenceService(Fixtures.inference())).first { $0.descriptor.kind.kind == "Deployment" })
        #expect(again.appliedHash == deployment.appliedHash, "the same intent hashes the same")
        #expect(ChildObject(descriptor: deployment.descriptor, manifest: deployment.manifest).appliedHash == deployment.appliedHash,
                "a stale annotation in the manifest given is not hashed")
        var emptyAnnotations = deployment.manifestWithoutAppliedHash
        emptyAnnotations[path: "metadata", "annotations"] = [:]
        #expect(ChildObject(descriptor: deployment.descriptor, manifest: emptyAnnotations).appliedHash == deployment.appliedHash)
        let changed = try #require(
            Self.children(.inferenceService(Fixtures.inference { $0.image = "vllm/vllm-openai:v0.6.4" })).first { $0.descriptor.kind.kind == "Deployment" })
        #expect(changed.appliedHash != deployment.appliedHash)

        var live = deployment.manifest
        live[path: "spec", "template", "spec", "containers"] = [["name": "server", "image": "other:1"]]
        #expect(deployment.wasLastApplied(to: live), "a live copy edited by hand still carries the hash it was applied with")
        #expect(!changed.wasLastApplied(to: live), "a changed intent does not match it")
    }

    @Test("an autoscaled Deployment leaves spec.replicas to the autoscaler")
    func autoscaledReplicas() {
        for capabilities in [ClusterCapabilities.all, []] {
            let children = Self.children(.inferenceService(Fixtures.inference()), capabilities: capabilities)
            #expect(Self.child(children, "Deployment")?[path: "spec", "replicas"] == nil)
        }
    }

    @Test("scale-to-zero with KEDA makes a ScaledObject that idles at 0 and no HPA")
    func scaleToZero() {
        let children = Self.children(.inferenceService(Fixtures.inference()))
        #expect(Self.child(children, "HorizontalPodAutoscaler") == nil)
        let scaledObject = Self.child(children, "ScaledObject")
        #expect(scaledObject?[path: "spec", "minReplicaCount"] == 0)
        #expect(scaledObject?[path: "spec", "maxReplicaCount"] == 4)
        #expect(scaledObject?[path: "spec", "cooldownPeriod"] == 900)  // the policy's 15m
        #expect(scaledObject?[path: "spec", "scaleTargetRef", "name"] == "chat")
    }

    @Test("without KEDA an HPA scales between at least 1 and max")
    func hpaWithoutKEDA() {
        let children = Self.children(.inferenceService(Fixtures.inference { $0.minReplicas = 0 }), capabilities: [])
        #expect(Self.child(children, "ScaledObject") == nil)
        let hpa = Self.child(children, "HorizontalPodAutoscaler")
        #expect(hpa?[path: "spec", "minReplicas"] == 1)
        #expect(hpa?[path: "spec", "maxReplicas"] == 4)
        #expect(hpa?[path: "spec", "metrics"]?[0]?[path: "resource", "target", "averageUtilization"] == 70)
    }

    @Test("a critical service never scales to zero and gets a PodDisruptionBudget")
    func critical() {
        let children = Self.children(.inferenceService(Fixtures.inference { $0.tier = .critical; $0.minReplicas = 2 }))
        #expect(Self.child(children, "ScaledObject") == nil)
        #expect(Self.child(children, "HorizontalPodAutoscaler")?[path: "spec", "minReplicas"] == 2)
        #expect(Self.child(children, "PodDisruptionBudget") != nil)
        #expect(Self.child(Self.children(.inferenceService(Fixtures.inference())), "PodDisruptionBudget") == nil)
    }

    @Test("a stopped service keeps its Deployment at 0 replicas with no autoscaler")
    func stopped() {
        let children = Self.children(.inferenceService(Fixtures.inference { $0.stopped = true; $0.tier = .critical }))
        #expect(Self.child(children, "Deployment")?[path: "spec", "replicas"] == 0)
        #expect(Self.child(children, "HorizontalPodAutoscaler") == nil && Self.child(children, "ScaledObject") == nil)
        #expect(Self.child(children, "PodDisruptionBudget") == nil)
    }

    @Test("replicas are capped by the policy")
    func replicaCap() {
        let fixed = Self.children(.inferenceService(Fixtures.inference { $0.replicas = 50 }))
        #expect(Self.child(fixed, "Deployment")?[path: "spec", "replicas"] == 20)
        let scaled = Self.children(.inferenceService(Fixtures.inference { $0.maxReplicas = 50 }), capabilities: [])
        #expect(Self.child(scaled, "HorizontalPodAutoscaler")?[path: "spec", "maxReplicas"] == 20)
    }

    @Test("GPU pods request and limit nvidia.com/gpu and land on the class's nodes")
    func gpuPlacement() {
        let deployment = Self.child(Self.children(.inferenceService(Fixtures.inference())), "Deployment")
        let pod = deployment?[path: "spec", "template", "spec"]
        #expect(pod?[path: "containers"]?[0]?[path: "resources", "limits", "nvidia.com/gpu"] == "1")
        #expect(pod?[path: "containers"]?[0]?[path: "resources", "requests", "nvidia.com/gpu"] == "1")
        #expect(pod?[path: "nodeSelector", "nvidia.com/gpu.product"] == "NVIDIA-L4")
        #expect(pod?["tolerations"]?[0]?["key"] == "nvidia.com/gpu")
    }

    @Test("every child and pod template carries the cost and app labels, and the owner reference", arguments: all)
    func labels(_ resource: FleetResource) {
        for child in Self.children(resource) {
            var labelSets = [child.manifest[path: "metadata", "labels"]]
            if let template = child.manifest[path: "spec", "template"] { labelSets.append(template[path: "metadata", "labels"]) }
            for labels in labelSets {
                for (key, value) in Fixtures.costLabels { #expect(labels?[key] == .string(value), "\(child.reference) \(key)") }
                #expect(labels?[FleetLabels.managedBy] == "aifleet")
                #expect(labels?[FleetLabels.instance] == .string(resource.name))
                #expect(labels?[FleetLabels.name] == .string(resource.descriptor.kind.kind.lowercased()))
            }
            #expect(child.manifest[path: "metadata", "ownerReferences"]?[0]?["uid"] == "0000-1111")
            #expect(child.namespace == resource.namespace)
        }
    }

    @Test("every pod runs under the restricted Pod Security Standard", arguments: all)
    func restrictedPods(_ resource: FleetResource) {
        for child in Self.children(resource) {
            guard let pod = child.manifest[path: "spec", "template", "spec"] else { continue }
            #expect(pod[path: "securityContext", "runAsNonRoot"] == true)
            #expect(pod[path: "securityContext", "seccompProfile", "type"] == "RuntimeDefault")
            for container in pod["containers"]?.arrayValue ?? [] {
                #expect(container[path: "securityContext", "allowPrivilegeEscalation"] == false)
                #expect(container[path: "securityContext", "capabilities", "drop"] == ["ALL"])
            }
        }
    }

    @Test("child names are unique per kind and manifests match their descriptors", arguments: all)
    func namesAndKinds(_ resource: FleetResource) {
        let children = Self.children(resource)
        let references = children.map(\.reference)
        #expect(Set(references).count == references.count)
        for child in children {
            #expect(child.manifest["apiVersion"] == .string(child.descriptor.kind.apiVersion))
            #expect(child.manifest["kind"] == .string(child.descriptor.kind.kind))
            #expect(ChildKind.all.contains(child.descriptor))
        }
    }

    @Test("a multi-worker job is Indexed, on spot nodes, with a headless Service and a checkpoint claim")
    func training() {
        let children = Self.children(.trainingJob(Fixtures.training { $0.checkpoint = Checkpoint(size: "10Gi") }))
        #expect(children.map(\.reference) == ["Service/finetune-workers", "PersistentVolumeClaim/finetune-checkpoints", "Job/finetune"])
        let job = Self.child(children, "Job")
        #expect(job?[path: "spec", "completionMode"] == "Indexed")
        #expect(job?[path: "spec", "completions"] == 4 && job?[path: "spec", "parallelism"] == 4)
        #expect(job?[path: "spec", "activeDeadlineSeconds"] == 43200)
        #expect(job?[path: "spec", "ttlSecondsAfterFinished"] == 3600)
        #expect(job?[path: "spec", "template", "spec", "subdomain"] == "finetune-workers")
        #expect(job?[path: "spec", "template", "spec", "nodeSelector", "karpenter.sh/capacity-type"] == "spot")
        #expect(job?[path: "spec", "template", "spec", "restartPolicy"] == "Never")
        #expect(Self.child(children, "PersistentVolumeClaim")?[path: "spec", "accessModes"] == ["ReadWriteMany"])
    }

    @Test("a queued job is created suspended with the Kueue label, and later applies leave suspend to Kueue")
    func kueue() throws {
        let children = Self.children(.trainingJob(Fixtures.training { $0.queueName = "research" }))
        let job = try #require(children.first { $0.descriptor.kind.kind == "Job" })
        #expect(job.manifest[path: "metadata", "labels", FleetLabels.kueueQueueName] == "research")
        #expect(job.manifest[path: "spec", "suspend"] == true)
        #expect(job.createOnlyFields == [["spec", "suspend"]])
        #expect(job.manifestForUpdate[path: "spec", "suspend"] == nil)
        // Suspending a queued job changes what updates apply, so it is a new intent, not drift.
        let suspended = Self.children(.trainingJob(Fixtures.training { $0.queueName = "research"; $0.suspend = true }))
        let suspendedJob = try #require(suspended.first { $0.descriptor.kind.kind == "Job" })
        #expect(suspendedJob.manifestForUpdate[path: "spec", "suspend"] == true)
        #expect(suspendedJob.appliedHash != job.appliedHash)
        let withoutKueue = Self.children(.trainingJob(Fixtures.training { $0.queueName = "research" }), capabilities: [])
        #expect(Self.child(withoutKueue, "Job")?[path: "spec", "suspend"] == false)
        #expect(Self.child(withoutKueue, "Job")?[path: "metadata", "labels", FleetLabels.kueueQueueName] == nil)
    }

    @Test("a single-worker on-demand job has no headless Service and no spot placement")
    func singleWorker() {
        let children = Self.children(.trainingJob(Fixtures.training { $0.workers = 1; $0.spot = false }))
        #expect(children.map(\.reference) == ["Job/finetune"])
        let pod = Self.child(children, "Job")?[path: "spec", "template", "spec"]
        #expect(pod?[path: "nodeSelector", "karpenter.sh/capacity-type"] == nil)
        #expect(Self.child(children, "Job")?[path: "spec", "completionMode"] == nil)
    }

    @Test("a feature store expands into its online store, feature server, PDB and NetworkPolicy")
    func featureStore() {
        let children = Self.children(.featureStore(Fixtures.featureStore()))
        #expect(children.map(\.reference) == [
            "Service/features-online", "StatefulSet/features-online", "PodDisruptionBudget/features-online",
            "NetworkPolicy/features-online", "Deployment/features-server", "Service/features-server",
        ])
        let statefulSet = Self.child(children, "StatefulSet")
        #expect(statefulSet?[path: "spec", "replicas"] == 3)
        #expect(statefulSet?[path: "spec", "volumeClaimTemplates"]?[0]?[path: "spec", "resources", "requests", "storage"] == "50Gi")
    }

    @Test("a FleetPolicy's namespace budgets become a ResourceQuota and a LimitRange per namespace")
    func budgets() {
        let policy = Fixtures.policy("team") {
            $0.namespaceBudgets = [NamespaceBudget(namespace: "ml-b", maxHourlySpend: 10), NamespaceBudget(namespace: "ml-a", maxGPUs: 8)]
        }
        let children = Expansion.expand(.fleetPolicy(policy), policy: .builtIn, capabilities: .all)
        #expect(children.map { "\($0.namespace ?? "")/\($0.reference)" } == [
            "ml-a/ResourceQuota/aifleet-budget-team", "ml-a/LimitRange/aifleet-defaults-team", "ml-b/LimitRange/aifleet-defaults-team",
        ])
        #expect(children[0].manifest[path: "spec", "hard", "requests.nvidia.com/gpu"] == "8")
        #expect(children[1].manifest[path: "spec", "limits"]?[0]?[path: "defaultRequest", "cpu"] == "500m")
    }
}
