import Synchronization

/// The resources being served: the built-ins, and the custom resources of every established CRD.
///
/// CRDs come and go at run time, so the table is behind a lock; lookups copy small values out.
final class ResourceRegistry: Sendable {
    private let table: Mutex<[ResourceID: ServedResource]>

    init(builtIns: [ServedResource] = BuiltInResources.all) {
        var resources: [ResourceID: ServedResource] = [:]
        for resource in builtIns { resources[resource.id] = resource }
        table = Mutex(resources)
    }

    /// The resource served at `/apis/GROUP/VERSION/PLURAL` (or `/api/v1/PLURAL`), if that version is served.
    func resource(group: String, version: String, plural: String) -> ServedResource? {
        table.withLock { resources in
            guard let resource = resources[ResourceID(group: group, resource: plural)],
                resource.versions.contains(version)
            else { return nil }
            return resource
        }
    }

    /// The resource of a kind in a group (any served version), e.g. to follow an owner reference.
    func resource(group: String, kind: String) -> ServedResource? {
        table.withLock { resources in resources.values.first { $0.group == group && $0.kind == kind } }
    }

    func resource(_ id: ResourceID) -> ServedResource? {
        table.withLock { $0[id] }
    }

    /// Every served resource, sorted by group then plural, for discovery.
    var all: [ServedResource] {
        table.withLock { resources in
            resources.values.sorted { ($0.group, $0.plural) < ($1.group, $1.plural) }
        }
    }

    /// Starts serving a custom resource, or replaces how it is served (a CRD update).
    func register(_ resource: ServedResource) {
        table.withLock { $0[resource.id] = resource }
    }

    /// Stops serving a custom resource.
    func unregister(_ id: ResourceID) {
        _ = table.withLock { $0.removeValue(forKey: id) }
    }

    /// The group versions served, each group's preferred version first, groups sorted (core excluded).
    var groups: [(group: String, versions: [String])] {
        var versionsByGroup: [String: [String]] = [:]
        for resource in all where !resource.group.isEmpty {
            var versions = versionsByGroup[resource.group] ?? []
            for version in resource.versions where !versions.contains(version) { versions.append(version) }
            versionsByGroup[resource.group] = versions
        }
        return versionsByGroup.keys.sorted().map { ($0, versionsByGroup[$0] ?? []) }
    }
}
