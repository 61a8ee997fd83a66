import Fleet
import KubeCore

/// Sorts the fields of a child that drifted into security-relevant ones (always put back) and
/// performance-relevant ones (put back or only reported, as the policy's drift setting says).
enum DriftClassification {
    /// Path components that make a difference security-relevant: who the pod runs as, what it can
    /// reach and what code it runs.
    private static let securityMarkers = [
        "securityContext", "serviceAccountName", "automountServiceAccountToken", "hostNetwork", "hostPID",
        "hostIPC", "privileged", "capabilities", "image", "volumes", "hostPath",
    ]

    /// Whether a drifted field at `path` of a `kind` child is security-relevant.
    static func isSecurityRelevant(_ path: String, kind: String) -> Bool {
        // A NetworkPolicy is all security; so are the labels its selectors match.
        if kind == "NetworkPolicy" { return true }
        // An item added to a list of the pod template (a container, a volume, an env var, a mount)
        // changes what the pods run or can reach.
        if path.hasPrefix("spec.template."), LiveComparison.isAddedItem(path) { return true }
        // Without aifleet's label (or any label) the object leaves the operator's cache, and its
        // later drift goes unseen.
        if path == "metadata.labels.\(FleetLabels.managedBy)" || path == "metadata.labels" { return true }
        let components = path.split(whereSeparator: { $0 == "." || $0 == "[" })
        return components.contains { component in
            securityMarkers.contains { component.hasPrefix($0) }
        }
    }
}
