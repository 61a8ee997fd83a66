public import KubeCore

/// Where the scale subresource reads and writes replicas, as a CRD's `subresources.scale` declares it
/// (JSON paths such as `.spec.replicas`), or as Deployments and StatefulSets have it built in.
public struct ScalePaths: Sendable, Hashable {
    /// Path of the desired replica count, e.g. `.spec.replicas`.
    public var specReplicasPath: String
    /// Path of the observed replica count, e.g. `.status.replicas`.
    public var statusReplicasPath: String
    /// Path of the label selector string reported in `status.selector`, if any.
    public var labelSelectorPath: String?

    public init(specReplicasPath: String, statusReplicasPath: String, labelSelectorPath: String? = nil) {
        self.specReplicasPath = specReplicasPath
        self.statusReplicasPath = statusReplicasPath
        self.labelSelectorPath = labelSelectorPath
    }

    /// The object keys of a `.a.b.c` JSON path.
    static func keys(_ path: String) -> [String] {
        path.split(separator: ".").map(String.init)
    }
}

/// One resource the server serves: its names, scope, verbs and subresources, as discovery reports them.
///
/// Objects are stored once per group and plural; every served version reads the same objects, with
/// `apiVersion` rewritten (CRDs here use the `None` conversion strategy).
public struct ServedResource: Sendable {
    public var group: String
    /// Versions served, the storage (preferred) version first.
    public var versions: [String]
    public var kind: String
    public var plural: String
    public var singular: String
    public var namespaced: Bool
    public var shortNames: [String]
    public var categories: [String]
    /// True when the kind has a `/status` subresource; then writes to the main resource ignore `status`.
    public var hasStatus: Bool
    /// The `/scale` subresource, when the kind has one.
    public var scale: ScalePaths?
    /// True for custom resources: no strategic merge patch (415), schemas from the CRD.
    public var isCustom: Bool
    /// The OpenAPI v3 schema of each version (`openAPIV3Schema` of a CRD), by version.
    public var schemas: [String: JSONValue]
    /// The CRD's `additionalPrinterColumns` of each version, by version.
    public var printerColumns: [String: [JSONValue]]
    /// How lists and maps merge (strategic merge patch, server-side apply): the built-in strategies, or
    /// those the CRD's schema declares (`x-kubernetes-list-type`, ...).
    public var mergeSchema: MergeSchema

    public init(
        group: String, versions: [String], kind: String, plural: String, namespaced: Bool,
        shortNames: [String] = [], categories: [String] = [], hasStatus: Bool = false,
        scale: ScalePaths? = nil, isCustom: Bool = false, schemas: [String: JSONValue] = [:],
        printerColumns: [String: [JSONValue]] = [:]
    ) {
        self.group = group
        self.versions = versions
        self.kind = kind
        self.plural = plural
        self.singular = kind.lowercased()
        self.namespaced = namespaced
        self.shortNames = shortNames
        self.categories = categories
        self.hasStatus = hasStatus
        self.scale = scale
        self.isCustom = isCustom
        self.schemas = schemas
        self.printerColumns = printerColumns
        let storage = versions.first ?? "v1"
        mergeSchema = isCustom
            ? MergeSchema.fromOpenAPI(schemas[storage] ?? [:])
            : MergeSchema.builtIn(GroupVersionKind(group: group, version: storage, kind: kind))
    }

    /// The key objects are stored under.
    public var id: ResourceID { ResourceID(group: group, resource: plural) }

    /// The storage version.
    public var storageVersion: String { versions.first ?? "v1" }

    /// `apiVersion` for `version`.
    public func apiVersion(_ version: String) -> String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The kind of the list, e.g. `DeploymentList`.
    public var listKind: String { kind + "List" }

    /// The verbs of the main resource, as discovery lists them.
    var verbs: [String] {
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
    }

    /// The group/version/kind of this resource at `version`.
    public func groupVersionKind(_ version: String) -> GroupVersionKind {
        GroupVersionKind(group: group, version: version, kind: kind)
    }
}

/// Identifies a stored collection: the group and the plural resource name (all versions share it).
public struct ResourceID: Sendable, Hashable, CustomStringConvertible {
    public var group: String
    public var resource: String

    public init(group: String, resource: String) {
        self.group = group
        self.resource = resource
    }

    public var description: String { group.isEmpty ? resource : "\(resource).\(group)" }
}
