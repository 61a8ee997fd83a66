import KubeCore

/// TrainingJob -> headless Service `NAME-workers` (more than one worker), PersistentVolumeClaim
/// `NAME-checkpoints` (checkpoint set), and the batch/v1 Job `NAME`.
struct TrainingJobExpansion {
    let job: TrainingJob
    let context: ExpansionContext
    let capabilities: ClusterCapabilities

    static let component = "worker"
    /// The port worker 0 listens on for the others (torch.distributed's default).
    static let coordinatorPort = 29500

    init(_ job: TrainingJob, policy: EffectivePolicy, capabilities: ClusterCapabilities, owner: OwnerReference?) {
        self.job = job.withCRDDefaults()
        self.capabilities = capabilities
        context = ExpansionContext(
            resource: .trainingJob(self.job), policy: policy, owner: owner, extraLabels: [FleetLabels.model: job.spec.model])
    }

    var spec: TrainingJobSpec { job.spec }
    var name: String { context.name }
    var workers: Int32 { spec.workers ?? TrainingJobSpec.defaultWorkers }
    var headlessName: String { "\(name)-workers" }
    var checkpointName: String { "\(name)-checkpoints" }

    var children: [ChildObject] {
        var children: [ChildObject] = []
        if workers > 1 { children.append(headlessService) }
        if let checkpoint = spec.checkpoint { children.append(claim(checkpoint)) }
        children.append(batchJob)
        return children
    }

    /// Gives every worker of an Indexed Job a DNS name, `NAME-INDEX.NAME-workers`, before it is ready
    /// (https://kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode).
    private var headlessService: ChildObject {
        context.manifest(ChildKind.service, name: headlessName, component: Self.component, [
            "spec": [
                "clusterIP": "None",
                "publishNotReadyAddresses": true,
                "selector": sortedObject(context.selector(Self.component)),
                "ports": [["name": "coordinator", "port": .int(Int64(Self.coordinatorPort)), "protocol": "TCP"]],
            ],
        ])
    }

    private func claim(_ checkpoint: Checkpoint) -> ChildObject {
        var body: JSONObject = [
            // Several workers write the same volume, which needs ReadWriteMany.
            "accessModes": [workers > 1 ? "ReadWriteMany" : "ReadWriteOnce"],
            "resources": ["requests": ["storage": .string(checkpoint.size.description)]],
        ]
        if let storageClass = checkpoint.storageClassName { body["storageClassName"] = .string(storageClass) }
        return context.manifest(ChildKind.persistentVolumeClaim, name: checkpointName, component: Self.component, ["spec": .object(body)])
    }

    private var queued: Bool { spec.queueName != nil && capabilities.contains(.kueue) }

    private var batchJob: ChildObject {
        var body: JSONObject = [:]
        body["completions"] = .int(Int64(workers))
        body["parallelism"] = .int(Int64(workers))
        if workers > 1 { body["completionMode"] = "Indexed" }
        body["backoffLimit"] = .int(Int64(spec.backoffLimit ?? TrainingJobSpec.defaultBackoffLimit))
        if let seconds = FleetDuration.seconds(spec.maxRuntime ?? TrainingJobSpec.defaultMaxRuntime) {
            body["activeDeadlineSeconds"] = .int(seconds)
        }
        if let ttl = FleetDuration.seconds(spec.ttlAfterFinished ?? context.policy.defaultTTLAfterFinished) {
            body["ttlSecondsAfterFinished"] = .int(ttl)
        }
        // Kueue admits a queued Job by setting suspend to false; a later apply must not take it back.
        body["suspend"] = .bool(spec.suspend == true || queued)
        body["template"] = podTemplate
        // Kueue reads the queue from this label on the Job (https://kueue.sigs.k8s.io/docs/tasks/run/jobs/).
        let queueLabel = queued ? spec.queueName.map { [FleetLabels.kueueQueueName: $0] } ?? [:] : [:]
        return context.manifest(
            ChildKind.job, name: name, component: Self.component, extraLabels: queueLabel,
            createOnlyFields: queued && spec.suspend != true ? [["spec", "suspend"]] : [],
            // Parallelism too: Kubernetes would take it, but a run of N workers that loses some waits
            // for them until its deadline, its template still naming N.
            immutableFields: [["spec", "template"], ["spec", "completions"], ["spec", "completionMode"], ["spec", "parallelism"]],
            ["spec": .object(body)])
    }

    private var podTemplate: JSONValue {
        let resources = spec.resources
        let spot = spec.spot ?? context.policy.defaultSpot
        var fixedEnv = [("AIFLEET_WORKERS", String(workers)), ("AIFLEET_MODEL", spec.model)]
        if workers > 1 {
            fixedEnv.append(("AIFLEET_COORDINATOR", "\(name)-0.\(headlessName):\(Self.coordinatorPort)"))
        }
        if let checkpoint = spec.checkpoint {
            fixedEnv.append(("AIFLEET_CHECKPOINT_DIR", checkpoint.mountPath ?? TrainingJobSpec.defaultCheckpointMountPath))
        }
        var container: JSONObject = ["name": "worker", "image": .string(spec.image)]
        if let command = spec.command { container["command"] = .array(command.map { .string($0) }) }
        if let args = spec.args { container["args"] = .array(args.map { .string($0) }) }
        if workers > 1 {
            container["ports"] = [["name": "coordinator", "containerPort": .int(Int64(Self.coordinatorPort)), "protocol": "TCP"]]
        }
        container["env"] = PodTemplate.environment(fixedEnv, spec.env)
        container["resources"] = PodTemplate.resources(
            cpu: resources?.cpu, memory: resources?.memory, gpus: resources?.gpuCount ?? 0, policy: context.policy)
        var volumes: [JSONValue] = []
        if let checkpoint = spec.checkpoint {
            container["volumeMounts"] = [[
                "name": "checkpoints", "mountPath": .string(checkpoint.mountPath ?? TrainingJobSpec.defaultCheckpointMountPath),
            ]]
            volumes.append(["name": "checkpoints", "persistentVolumeClaim": ["claimName": .string(checkpointName)]])
        }
        container["securityContext"] = PodTemplate.containerSecurity(spec.securityContext)
        var (nodeSelector, tolerations) = PodTemplate.gpuPlacement(resources?.gpuType, policy: context.policy)
        if spot {
            nodeSelector.merge(context.policy.spotNodeSelector) { gpu, _ in gpu }
            tolerations += context.policy.spotTolerations.filter { !tolerations.contains($0) }
        }
        return PodTemplate(
            labels: context.labels(Self.component), containers: [.object(container)], nodeSelector: nodeSelector,
            tolerations: tolerations, overrides: spec.securityContext, volumes: volumes, restartPolicy: "Never",
            subdomain: workers > 1 ? headlessName : nil
        ).json
    }
}
