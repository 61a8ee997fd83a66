/// The built-in kinds KubeSim serves: the ones aifleet's operator creates or reads (DESIGN.md), plus
/// what every cluster has and clients expect (namespaces, pods, events, leases, configmaps, secrets,
/// service accounts, CRDs). Names, short names and categories are those of kube-apiserver v1.32.
enum BuiltInResources {
    static let all: [ServedResource] = core + apps + batch + others

    private static let core: [ServedResource] = [
        ServedResource(
            group: "", versions: ["v1"], kind: "Namespace", plural: "namespaces", namespaced: false,
            shortNames: ["ns"], hasStatus: true),
        ServedResource(
            group: "", versions: ["v1"], kind: "Pod", plural: "pods", namespaced: true,
            shortNames: ["po"], categories: ["all"], hasStatus: true),
        ServedResource(
            group: "", versions: ["v1"], kind: "Service", plural: "services", namespaced: true,
            shortNames: ["svc"], categories: ["all"], hasStatus: true),
        ServedResource(
            group: "", versions: ["v1"], kind: "ConfigMap", plural: "configmaps", namespaced: true,
            shortNames: ["cm"]),
        ServedResource(group: "", versions: ["v1"], kind: "Secret", plural: "secrets", namespaced: true),
        ServedResource(
            group: "", versions: ["v1"], kind: "ServiceAccount", plural: "serviceaccounts", namespaced: true,
            shortNames: ["sa"]),
        ServedResource(
            group: "", versions: ["v1"], kind: "Event", plural: "events", namespaced: true,
            shortNames: ["ev"]),
        ServedResource(
            group: "", versions: ["v1"], kind: "PersistentVolumeClaim", plural: "persistentvolumeclaims",
            namespaced: true, shortNames: ["pvc"], hasStatus: true),
        ServedResource(
            group: "", versions: ["v1"], kind: "ResourceQuota", plural: "resourcequotas", namespaced: true,
            shortNames: ["quota"], hasStatus: true),
        ServedResource(
            group: "", versions: ["v1"], kind: "LimitRange", plural: "limitranges", namespaced: true,
            shortNames: ["limits"]),
    ]

    private static let apps: [ServedResource] = [
        ServedResource(
            group: "apps", versions: ["v1"], kind: "Deployment", plural: "deployments", namespaced: true,
            shortNames: ["deploy"], categories: ["all"], hasStatus: true,
            scale: ScalePaths(
                specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas",
                labelSelectorPath: ".status.selector")),
        ServedResource(
            group: "apps", versions: ["v1"], kind: "StatefulSet", plural: "statefulsets", namespaced: true,
            shortNames: ["sts"], categories: ["all"], hasStatus: true,
            scale: ScalePaths(
                specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas",
                labelSelectorPath: ".status.selector")),
        ServedResource(
            group: "apps", versions: ["v1"], kind: "ReplicaSet", plural: "replicasets", namespaced: true,
            shortNames: ["rs"], categories: ["all"], hasStatus: true,
            scale: ScalePaths(
                specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas",
                labelSelectorPath: ".status.selector")),
    ]

    private static let batch: [ServedResource] = [
        ServedResource(
            group: "batch", versions: ["v1"], kind: "Job", plural: "jobs", namespaced: true,
            categories: ["all"], hasStatus: true)
    ]

    private static let others: [ServedResource] = [
        ServedResource(
            group: "autoscaling", versions: ["v2"], kind: "HorizontalPodAutoscaler",
            plural: "horizontalpodautoscalers", namespaced: true, shortNames: ["hpa"], categories: ["all"],
            hasStatus: true),
        ServedResource(
            group: "policy", versions: ["v1"], kind: "PodDisruptionBudget", plural: "poddisruptionbudgets",
            namespaced: true, shortNames: ["pdb"], hasStatus: true),
        ServedResource(
            group: "networking.k8s.io", versions: ["v1"], kind: "NetworkPolicy", plural: "networkpolicies",
            namespaced: true, shortNames: ["netpol"]),
        ServedResource(
            group: "networking.k8s.io", versions: ["v1"], kind: "Ingress", plural: "ingresses",
            namespaced: true, shortNames: ["ing"], hasStatus: true),
        ServedResource(
            group: "coordination.k8s.io", versions: ["v1"], kind: "Lease", plural: "leases", namespaced: true),
        ServedResource(
            group: "events.k8s.io", versions: ["v1"], kind: "Event", plural: "events", namespaced: true,
            shortNames: ["ev"]),
        ServedResource(
            group: "apiextensions.k8s.io", versions: ["v1"], kind: "CustomResourceDefinition",
            plural: "customresourcedefinitions", namespaced: false, shortNames: ["crd", "crds"],
            categories: ["api-extensions"], hasStatus: true),
    ]
}
