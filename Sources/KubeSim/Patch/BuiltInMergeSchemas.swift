public import KubeCore

/// The merge rules of the built-in kinds KubeSim serves, from the `patchStrategy`/`patchMergeKey`
/// and `+listType`/`+listMapKey`/`+mapType`/`+structType` markers of k8s.io/api (core/v1, apps/v1,
/// batch/v1, autoscaling/v2, policy/v1).
extension MergeSchema {
    /// The rules of a built-in kind; a kind this table does not know gets only the metadata rules,
    /// so its lists are atomic.
    public static func builtIn(_ kind: GroupVersionKind) -> MergeSchema {
        var schema = MergeSchema()
        switch (kind.group, kind.kind) {
        case ("", "Pod"):
            schema.include(podSpec, at: ["spec"])
            schema.setListStrategy(.map(keys: ["type"]), at: ["status", "conditions"])
        case ("", "PodTemplate"):
            schema.include(podSpec, at: ["template", "spec"])
        case ("", "ReplicationController"):
            schema.include(podSpec, at: ["spec", "template", "spec"])
            schema.setAtomicMap(at: ["spec", "selector"])
            schema.setListStrategy(.map(keys: ["type"]), at: ["status", "conditions"])
        case ("apps", "Deployment"), ("apps", "ReplicaSet"), ("apps", "DaemonSet"), ("apps", "StatefulSet"):
            schema.include(podSpec, at: ["spec", "template", "spec"])
            schema.setAtomicMap(at: ["spec", "selector"])
            schema.setListStrategy(.map(keys: ["type"]), at: ["status", "conditions"])
        case ("batch", "Job"):
            schema.include(podSpec, at: ["spec", "template", "spec"])
            schema.setAtomicMap(at: ["spec", "selector"])
            // batch/v1 JobStatus.conditions: patchMergeKey=type (listType atomic for apply; the
            // status writer is the Job controller, so merging by type loses nothing).
            schema.setListStrategy(.map(keys: ["type"]), at: ["status", "conditions"])
        case ("batch", "CronJob"):
            schema.include(podSpec, at: ["spec", "jobTemplate", "spec", "template", "spec"])
            schema.setAtomicMap(at: ["spec", "jobTemplate", "spec", "selector"])
        case ("", "Service"):
            schema.setListStrategy(
                .map(keys: ["port", "protocol"]), at: ["spec", "ports"], keyDefaults: ["protocol": "TCP"])
            schema.setAtomicMap(at: ["spec", "selector"])
            schema.setListStrategy(.map(keys: ["type"]), at: ["status", "conditions"])
        case ("", "ServiceAccount"):
            schema.setListStrategy(.map(keys: ["name"]), at: ["secrets"])
        case ("", "Namespace"), ("", "PersistentVolumeClaim"), ("", "Node"),
            ("policy", "PodDisruptionBudget"), ("autoscaling", "HorizontalPodAutoscaler"):
            // HPA spec.metrics and status.currentMetrics stay atomic, as in autoscaling/v2.
            schema.setListStrategy(.map(keys: ["type"]), at: ["status", "conditions"])
            if kind.kind == "PodDisruptionBudget" { schema.setAtomicMap(at: ["spec", "selector"]) }
        default:
            break
        }
        return schema
    }

    /// core/v1 PodSpec, relative to the pod spec.
    static let podSpec: MergeSchema = {
        var schema = MergeSchema(fragment: ())
        for list in ["containers", "initContainers", "ephemeralContainers"] {
            schema.setListStrategy(.map(keys: ["name"]), at: [list])
            schema.include(container, at: [list])
        }
        schema.setListStrategy(.map(keys: ["name"]), at: ["volumes"])
        schema.setListStrategy(.map(keys: ["name"]), at: ["imagePullSecrets"])
        schema.setListStrategy(.map(keys: ["ip"]), at: ["hostAliases"])
        schema.setListStrategy(.map(keys: ["topologyKey", "whenUnsatisfiable"]), at: ["topologySpreadConstraints"])
        schema.setListStrategy(.map(keys: ["name"]), at: ["resourceClaims"])
        schema.setListStrategy(.map(keys: ["name"]), at: ["schedulingGates"])
        schema.setListStrategy(.atomic, at: ["tolerations"])
        schema.setAtomicMap(at: ["nodeSelector"])
        return schema
    }()

    /// core/v1 Container (and EphemeralContainer), relative to one container.
    static let container: MergeSchema = {
        var schema = MergeSchema(fragment: ())
        schema.setListStrategy(
            .map(keys: ["containerPort", "protocol"]), at: ["ports"], keyDefaults: ["protocol": "TCP"])
        schema.setListStrategy(.map(keys: ["name"]), at: ["env"])
        schema.setListStrategy(.map(keys: ["mountPath"]), at: ["volumeMounts"])
        schema.setListStrategy(.map(keys: ["devicePath"]), at: ["volumeDevices"])
        schema.setListStrategy(.map(keys: ["name"]), at: ["resources", "claims"])
        return schema
    }()
}
