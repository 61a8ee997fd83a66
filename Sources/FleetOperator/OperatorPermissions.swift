import KubeCore
import Fleet

/// One RBAC rule the operator needs: the verbs it uses on some resources of one API group.
public struct PermissionRule: Sendable, Hashable {
    /// The API group ("" for the core group).
    public var group: String
    /// Plural resource names, with `/subresource` where the rule is for a subresource.
    public var resources: [String]
    /// The verbs, in the order Kubernetes lists them.
    public var verbs: [String]

    public init(group: String, resources: [String], verbs: [String]) {
        self.group = group
        self.resources = resources
        self.verbs = verbs
    }
}

/// Every (group, resource, verbs) the operator's code uses, in one place: the Helm chart's
/// ClusterRole and Role are checked against these lists by a test, so the chart grants exactly
/// what the code needs — no wildcards, nothing missing.
public enum OperatorPermissions {
    /// Cluster-wide rules (the ClusterRole).
    public static let cluster: [PermissionRule] = [
        // The custom resources: watched, their status written; `update` on finalizers because a
        // controlling ownerReference with blockOwnerDeletion needs it under the
        // OwnerReferencesPermissionEnforcement admission plugin.
        PermissionRule(
            group: aifleetGroup, resources: ["featurestores", "inferenceservices", "trainingjobs"],
            verbs: ["get", "list", "watch"]),
        PermissionRule(
            group: aifleetGroup,
            resources: ["featurestores/status", "fleetpolicies/status", "inferenceservices/status", "trainingjobs/status"],
            verbs: ["get", "patch", "update"]),
        PermissionRule(
            group: aifleetGroup,
            resources: [
                "featurestores/finalizers", "fleetpolicies/finalizers", "inferenceservices/finalizers", "trainingjobs/finalizers",
            ],
            verbs: ["update"]),
        PermissionRule(group: aifleetGroup, resources: ["fleetpolicies"], verbs: ["get", "list", "watch"]),
        // Children: server-side apply creates (create + patch), the informers watch, obsolete
        // children are deleted.
        PermissionRule(
            group: "", resources: ["limitranges", "persistentvolumeclaims", "resourcequotas", "services"],
            verbs: childVerbs),
        PermissionRule(group: "apps", resources: ["deployments", "statefulsets"], verbs: childVerbs),
        PermissionRule(group: "autoscaling", resources: ["horizontalpodautoscalers"], verbs: childVerbs),
        PermissionRule(group: "batch", resources: ["jobs"], verbs: childVerbs),
        PermissionRule(group: "keda.sh", resources: ["scaledobjects"], verbs: childVerbs),
        PermissionRule(group: "networking.k8s.io", resources: ["ingresses", "networkpolicies"], verbs: childVerbs),
        PermissionRule(group: "policy", resources: ["poddisruptionbudgets"], verbs: childVerbs),
        // Events about custom resources are written in their namespaces.
        PermissionRule(group: "", resources: ["events"], verbs: ["create", "patch"]),
    ]

    /// Rules in the operator's own namespace (the Role): its leader-election Lease and the
    /// Events it records about itself.
    public static let ownNamespace: [PermissionRule] = [
        PermissionRule(group: "coordination.k8s.io", resources: ["leases"], verbs: ["create", "get", "update"]),
        PermissionRule(group: "", resources: ["events"], verbs: ["create", "patch"]),
    ]

    static let childVerbs = ["create", "delete", "get", "list", "patch", "watch"]
    static let aifleetGroup = InferenceService.descriptor.kind.group
}
