/// The Kubernetes messages KubeSim reads from protobuf bodies: the kinds `kubectl create NAMESPACE|
/// configmap|secret|serviceaccount|deployment|job` send (kubectl's typed clients send built-in kinds as
/// `application/vnd.kubernetes.protobuf`, and client-go does not fall back to JSON on a 415:
/// kubernetes/kubernetes#86253), with the fields those commands fill in. Field numbers are those of the
/// `generated.proto` files of k8s.io/api (core/v1, apps/v1, batch/v1) and k8s.io/apimachinery (meta/v1).
/// A field missing here that arrives with a value is refused (415), never dropped.
enum KubernetesProtobufTypes {
    /// The top-level message of each decodable kind, by `apiVersion/kind`.
    static let kinds: [String: String] = [
        "v1/Namespace": "Namespace", "v1/ConfigMap": "ConfigMap", "v1/Secret": "Secret",
        "v1/ServiceAccount": "ServiceAccount", "apps/v1/Deployment": "Deployment", "batch/v1/Job": "Job",
    ]

    static let messages: [String: ProtobufMessage] = Dictionary(
        uniqueKeysWithValues: (meta + core + workloads).map { ($0.name, $0) })

    private static let meta: [ProtobufMessage] = [
        ProtobufMessage("ObjectMeta", [
            1: .string("name"), 2: .string("generateName"), 3: .string("namespace"), 4: .string("selfLink"),
            5: .string("uid"), 6: .string("resourceVersion"), 7: .integer("generation"),
            8: .of("creationTimestamp", .time), 9: .of("deletionTimestamp", .time),
            10: .integer("deletionGracePeriodSeconds", pointer: true), 11: .map("labels"), 12: .map("annotations"),
            13: .messages("ownerReferences", "OwnerReference"), 14: .strings("finalizers"),
        ]),
        ProtobufMessage("OwnerReference", [
            1: .string("kind"), 3: .string("name"), 4: .string("uid"), 5: .string("apiVersion"),
            6: .bool("controller", pointer: true), 7: .bool("blockOwnerDeletion", pointer: true),
        ]),
        ProtobufMessage("LabelSelector", [
            1: .map("matchLabels"), 2: .messages("matchExpressions", "LabelSelectorRequirement"),
        ]),
        ProtobufMessage("LabelSelectorRequirement", [1: .string("key"), 2: .string("operator"), 3: .strings("values")]),
    ]

    private static let core: [ProtobufMessage] = [
        ProtobufMessage("Namespace", [1: .message("metadata", "ObjectMeta"), 2: .message("spec", "NamespaceSpec"), 3: .message("status", "NamespaceStatus")]),
        ProtobufMessage("NamespaceSpec", [1: .strings("finalizers")]),
        ProtobufMessage("NamespaceStatus", [1: .string("phase")]),
        ProtobufMessage("ConfigMap", [
            1: .message("metadata", "ObjectMeta"), 2: .map("data"), 3: .map("binaryData", .bytes),
            4: .bool("immutable", pointer: true),
        ]),
        ProtobufMessage("Secret", [
            1: .message("metadata", "ObjectMeta"), 2: .map("data", .bytes), 3: .string("type"),
            4: .map("stringData"), 5: .bool("immutable", pointer: true),
        ]),
        ProtobufMessage("ServiceAccount", [
            1: .message("metadata", "ObjectMeta"), 3: .messages("imagePullSecrets", "LocalObjectReference"),
            4: .bool("automountServiceAccountToken", pointer: true),
        ]),
        ProtobufMessage("LocalObjectReference", [1: .string("name")]),
        ProtobufMessage("PodTemplateSpec", [1: .message("metadata", "ObjectMeta"), 2: .message("spec", "PodSpec")]),
        ProtobufMessage("PodSpec", [
            2: .messages("containers", "Container"), 3: .string("restartPolicy"),
            4: .integer("terminationGracePeriodSeconds", pointer: true),
            5: .integer("activeDeadlineSeconds", pointer: true), 6: .string("dnsPolicy"), 7: .map("nodeSelector"),
            8: .string("serviceAccountName"), 9: .string("serviceAccount"), 10: .string("nodeName"),
            11: .bool("hostNetwork"), 12: .bool("hostPID"), 13: .bool("hostIPC"),
            15: .messages("imagePullSecrets", "LocalObjectReference"), 16: .string("hostname"),
            17: .string("subdomain"), 19: .string("schedulerName"), 20: .messages("initContainers", "Container"),
            24: .string("priorityClassName"), 25: .integer("priority", pointer: true),
        ]),
        ProtobufMessage("Container", [
            1: .string("name"), 2: .string("image"), 3: .strings("command"), 4: .strings("args"),
            5: .string("workingDir"), 6: .messages("ports", "ContainerPort"), 7: .messages("env", "EnvVar"),
            8: .message("resources", "ResourceRequirements"), 13: .string("terminationMessagePath"),
            14: .string("imagePullPolicy"), 16: .bool("stdin"), 17: .bool("stdinOnce"), 18: .bool("tty"),
            20: .string("terminationMessagePolicy"),
        ]),
        ProtobufMessage("ContainerPort", [
            1: .string("name"), 2: .integer("hostPort"), 3: .integer("containerPort"), 4: .string("protocol"),
            5: .string("hostIP"),
        ]),
        ProtobufMessage("EnvVar", [1: .string("name"), 2: .string("value")]),
        ProtobufMessage("ResourceRequirements", [1: .map("limits", .quantity), 2: .map("requests", .quantity)]),
    ]

    private static let workloads: [ProtobufMessage] = [
        ProtobufMessage("Deployment", [1: .message("metadata", "ObjectMeta"), 2: .message("spec", "DeploymentSpec"), 3: .message("status", "DeploymentStatus")]),
        ProtobufMessage("DeploymentSpec", [
            1: .integer("replicas", pointer: true), 2: .message("selector", "LabelSelector"),
            3: .message("template", "PodTemplateSpec"), 4: .message("strategy", "DeploymentStrategy"),
            5: .integer("minReadySeconds"), 6: .integer("revisionHistoryLimit", pointer: true), 7: .bool("paused"),
            9: .integer("progressDeadlineSeconds", pointer: true),
        ]),
        ProtobufMessage("DeploymentStrategy", [1: .string("type"), 2: .message("rollingUpdate", "RollingUpdateDeployment")]),
        ProtobufMessage("RollingUpdateDeployment", [1: .of("maxUnavailable", .intOrString), 2: .of("maxSurge", .intOrString)]),
        ProtobufMessage("DeploymentStatus", [
            1: .integer("observedGeneration"), 2: .integer("replicas"), 3: .integer("updatedReplicas"),
            4: .integer("availableReplicas"), 5: .integer("unavailableReplicas"), 7: .integer("readyReplicas"),
            8: .integer("collisionCount", pointer: true), 9: .integer("terminatingReplicas", pointer: true),
        ]),
        ProtobufMessage("Job", [1: .message("metadata", "ObjectMeta"), 2: .message("spec", "JobSpec"), 3: .message("status", "JobStatus")]),
        ProtobufMessage("JobSpec", [
            1: .integer("parallelism", pointer: true), 2: .integer("completions", pointer: true),
            3: .integer("activeDeadlineSeconds", pointer: true), 4: .message("selector", "LabelSelector"),
            5: .bool("manualSelector", pointer: true), 6: .message("template", "PodTemplateSpec"),
            7: .integer("backoffLimit", pointer: true), 8: .integer("ttlSecondsAfterFinished", pointer: true),
            10: .bool("suspend", pointer: true),
        ]),
        ProtobufMessage("JobStatus", [
            4: .integer("active"), 5: .integer("succeeded"), 6: .integer("failed"),
            9: .integer("ready", pointer: true), 11: .integer("terminating", pointer: true),
        ]),
    ]
}
