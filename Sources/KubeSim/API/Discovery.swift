import KubeCore

/// The discovery documents kubectl and client-go read to map kinds to resources (the legacy,
/// unaggregated form; the aggregated `apidiscovery.k8s.io/v2` form is declined so clients fall back).
/// https://kubernetes.io/docs/concepts/overview/kubernetes-api/#discovery-api
enum Discovery {
    /// `/version`: the Kubernetes version KubeSim imitates.
    static let version: JSONValue = [
        "major": "1", "minor": "32", "gitVersion": "v1.32.0-kubesim", "gitCommit": "kubesim",
        "gitTreeState": "clean", "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.23.0", "compiler": "gc",
        "platform": "linux/amd64",
    ]

    /// `/api`.
    static let coreVersions: JSONValue = [
        "kind": "APIVersions", "versions": ["v1"],
        "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"]],
    ]

    /// `/apis`: every group with its versions, the preferred first.
    static func groupList(_ registry: ResourceRegistry) -> JSONValue {
        ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(registry.groups.map { group($0.group, versions: $0.versions) })]
    }

    /// `/apis/GROUP`, or nil when no resource of that group is served.
    static func group(_ name: String, registry: ResourceRegistry) -> JSONValue? {
        guard let entry = registry.groups.first(where: { $0.group == name }) else { return nil }
        var document = group(entry.group, versions: entry.versions)
        document["kind"] = "APIGroup"
        document["apiVersion"] = "v1"
        return document
    }

    private static func group(_ name: String, versions: [String]) -> JSONValue {
        let entries: [JSONValue] = versions.map { ["groupVersion": .string("\(name)/\($0)"), "version": .string($0)] }
        return ["name": .string(name), "versions": .array(entries), "preferredVersion": entries.first ?? .null]
    }

    /// `/api/v1` or `/apis/GROUP/VERSION`: the resources of a group version with their verbs, short
    /// names, categories and subresources; nil when the group version is not served.
    static func resourceList(group: String, version: String, registry: ResourceRegistry) -> JSONValue? {
        let resources = registry.all.filter { $0.group == group && $0.versions.contains(version) }
        guard !resources.isEmpty else { return nil }
        var entries: [JSONValue] = []
        for resource in resources {
            var entry: JSONObject = [
                "name": .string(resource.plural), "singularName": .string(resource.singular),
                "namespaced": .bool(resource.namespaced), "kind": .string(resource.kind),
                "verbs": .array(resource.verbs.map(JSONValue.string)),
            ]
            if !resource.shortNames.isEmpty { entry["shortNames"] = .array(resource.shortNames.map(JSONValue.string)) }
            if !resource.categories.isEmpty { entry["categories"] = .array(resource.categories.map(JSONValue.string)) }
            entries.append(.object(entry))
            if resource.hasStatus {
                entries.append([
                    "name": .string("\(resource.plural)/status"), "singularName": "",
                    "namespaced": .bool(resource.namespaced), "kind": .string(resource.kind),
                    "verbs": ["get", "patch", "update"],
                ])
            }
            if resource.scale != nil {
                entries.append([
                    "name": .string("\(resource.plural)/scale"), "singularName": "",
                    "namespaced": .bool(resource.namespaced), "group": "autoscaling", "version": "v1", "kind": "Scale",
                    "verbs": ["get", "patch", "update"],
                ])
            }
        }
        let groupVersion = group.isEmpty ? version : "\(group)/\(version)"
        return ["kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(groupVersion), "resources": .array(entries)]
    }
}
