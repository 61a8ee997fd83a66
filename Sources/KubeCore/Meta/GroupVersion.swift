/// An API group and version, e.g. `apps/v1`, or `v1` for the core group.
public struct GroupVersion: Sendable, Hashable, CustomStringConvertible {
    /// Empty for the core ("legacy") group.
    public var group: String
    public var version: String

    public init(group: String, version: String) {
        self.group = group
        self.version = version
    }

    /// Parses an `apiVersion` field: `v1` or `GROUP/VERSION`. Nil when it has more than one slash
    /// or an empty part.
    public init?(apiVersion: String) {
        let parts = apiVersion.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1 where !parts[0].isEmpty:
            self.init(group: "", version: String(parts[0]))
        case 2 where !parts[0].isEmpty && !parts[1].isEmpty:
            self.init(group: String(parts[0]), version: String(parts[1]))
        default:
            return nil
        }
    }

    /// The `apiVersion` form: `v1` or `GROUP/VERSION`.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The URL path prefix: `/api/v1` for the core group, `/apis/GROUP/VERSION` otherwise.
    public var pathPrefix: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }

    public var description: String { apiVersion }
}

/// A kind in a group version, as `apiVersion` + `kind` name it in a manifest.
public struct GroupVersionKind: Sendable, Hashable, CustomStringConvertible {
    public var group: String
    public var version: String
    public var kind: String

    public init(group: String, version: String, kind: String) {
        self.group = group
        self.version = version
        self.kind = kind
    }

    public init?(apiVersion: String, kind: String) {
        guard let groupVersion = GroupVersion(apiVersion: apiVersion), !kind.isEmpty else { return nil }
        self.init(group: groupVersion.group, version: groupVersion.version, kind: kind)
    }

    public var groupVersion: GroupVersion { GroupVersion(group: group, version: version) }
    public var apiVersion: String { groupVersion.apiVersion }
    public var description: String { "\(apiVersion), Kind=\(kind)" }
}

/// A resource in a group version: what a URL names (`deployments` in `apps/v1`).
public struct GroupVersionResource: Sendable, Hashable, CustomStringConvertible {
    public var group: String
    public var version: String
    /// The plural, lower-case resource name, e.g. `deployments`.
    public var resource: String

    public init(group: String, version: String, resource: String) {
        self.group = group
        self.version = version
        self.resource = resource
    }

    public var groupVersion: GroupVersion { GroupVersion(group: group, version: version) }

    /// `deployments.apps`, or `pods` for the core group: how kubectl and RBAC name a resource.
    public var groupResource: String { group.isEmpty ? resource : "\(resource).\(group)" }

    public var description: String { "\(groupVersion.apiVersion), Resource=\(resource)" }
}

/// Where a kind is served: its resource, and whether objects of it live in namespaces.
public struct ResourceDescriptor: Sendable, Hashable {
    public var kind: GroupVersionKind
    public var resource: GroupVersionResource
    public var namespaced: Bool

    public init(kind: GroupVersionKind, plural: String, namespaced: Bool) {
        self.kind = kind
        self.resource = GroupVersionResource(group: kind.group, version: kind.version, resource: plural)
        self.namespaced = namespaced
    }

    /// The collection's URL path, e.g. `/apis/apps/v1/namespaces/NS/deployments`; a namespaced kind
    /// with a nil namespace gives the all-namespaces path.
    public func collectionPath(namespace: String?) -> String {
        let prefix = resource.groupVersion.pathPrefix
        if namespaced, let namespace {
            return "\(prefix)/namespaces/\(namespace)/\(resource.resource)"
        }
        return "\(prefix)/\(resource.resource)"
    }

    /// The URL path of one object, with an optional subresource (`status`, `scale`).
    public func objectPath(name: String, namespace: String?, subresource: String? = nil) -> String {
        let path = "\(collectionPath(namespace: namespace))/\(name)"
        guard let subresource else { return path }
        return "\(path)/\(subresource)"
    }
}

/// A typed model of a Kubernetes kind: where it is served and how its metadata is reached.
///
/// Conforming types are Codable with optional fields, so that encoding emits only what was set.
public protocol KubernetesResource: Codable, Sendable {
    static var descriptor: ResourceDescriptor { get }
    var metadata: ObjectMeta { get set }
}

extension KubernetesResource {
    public static var apiVersion: String { descriptor.kind.apiVersion }
    public static var kind: String { descriptor.kind.kind }
}
