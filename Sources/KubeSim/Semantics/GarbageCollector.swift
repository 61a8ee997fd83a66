import KubeCore

/// kube-controller-manager's garbage collector and namespace controller, as one pass over all objects.
/// https://kubernetes.io/docs/concepts/architecture/garbage-collection/
///
/// Each pass:
/// - a dependent whose owners are all gone is deleted (background cascade); dangling references of a
///   dependent that still has an owner are removed;
/// - a dependent of an owner deleted with `Orphan` loses that owner reference, then the owner loses its
///   `orphan` finalizer;
/// - the dependents of an owner deleted with `Foreground` are deleted, and once none with
///   `blockOwnerDeletion` is left the owner loses its `foregroundDeletion` finalizer;
/// - a terminating namespace's objects are deleted, then the namespace.
/// Its own writes wake it again, so cascades proceed level by level, as in a real cluster.
struct GarbageCollector {
    let cluster: Cluster

    private struct Entry {
        var resource: ServedResource
        var object: JSONValue
        var uid: String { object[path: "metadata", "uid"]?.stringValue ?? "" }
        var name: String { object[path: "metadata", "name"]?.stringValue ?? "" }
        var namespace: String? { object[path: "metadata", "namespace"]?.stringValue }
        var owners: [JSONValue] { object[path: "metadata", "ownerReferences"]?.arrayValue ?? [] }
        var finalizers: [String] { ObjectLifecycle.finalizers(object) }
        var deleting: Bool { object[path: "metadata", "deletionTimestamp"]?.stringValue != nil }
    }

    func collect() {
        var entries: [Entry] = []
        for resource in cluster.registry.all {
            for object in cluster.store.objects(resource.id).values { entries.append(Entry(resource: resource, object: object)) }
        }
        var byUID: [String: Entry] = [:]
        for entry in entries { byUID[entry.uid] = entry }
        var blockingDependents: Set<String> = []
        var orphaning: Set<String> = []
        for entry in entries where entry.deleting && entry.finalizers.contains(Cluster.orphanFinalizer) {
            orphaning.insert(entry.uid)
        }
        for entry in entries where !entry.owners.isEmpty {
            let ownerUIDs = entry.owners.compactMap { $0["uid"]?.stringValue }
            let living = ownerUIDs.filter { byUID[$0] != nil }
            let kept = living.filter { !orphaning.contains($0) }
            if living.isEmpty {
                delete(entry)
                continue
            }
            if kept.count != ownerUIDs.count {
                removeOwners(of: entry, keeping: Set(kept))
                continue
            }
            let foregroundOwners = living.filter { uid in
                byUID[uid].map { $0.deleting && $0.finalizers.contains(Cluster.foregroundFinalizer) } ?? false
            }
            if !foregroundOwners.isEmpty {
                delete(entry)
                for owner in entry.owners where owner["blockOwnerDeletion"]?.boolValue == true {
                    if let uid = owner["uid"]?.stringValue { blockingDependents.insert(uid) }
                }
            }
        }
        for entry in entries where entry.deleting {
            if entry.finalizers.contains(Cluster.orphanFinalizer) {
                removeFinalizer(Cluster.orphanFinalizer, from: entry)
            } else if entry.finalizers.contains(Cluster.foregroundFinalizer), !blockingDependents.contains(entry.uid) {
                removeFinalizer(Cluster.foregroundFinalizer, from: entry)
            } else if entry.resource.id == cluster.namespaces.id {
                finalizeNamespace(entry, entries: entries)
            }
        }
    }

    private func delete(_ entry: Entry) {
        guard !entry.deleting else { return }
        _ = try? cluster.delete(
            entry.resource, version: entry.resource.storageVersion, namespace: entry.namespace, name: entry.name,
            options: DeleteOptions(propagationPolicy: "Background", preconditionUID: entry.uid))
    }

    private func removeOwners(of entry: Entry, keeping uids: Set<String>) {
        _ = try? cluster.update(
            entry.resource, version: entry.resource.storageVersion, namespace: entry.namespace, name: entry.name,
            subresource: nil, options: WriteOptions(fieldManager: "generic-garbage-collector")
        ) { current throws(APIError) in
            var object = current
            let owners = (current[path: "metadata", "ownerReferences"]?.arrayValue ?? []).filter {
                uids.contains($0["uid"]?.stringValue ?? "")
            }
            object[path: "metadata", "ownerReferences"] = owners.isEmpty ? JSONValue?.none : .array(owners)
            return object
        }
    }

    private func removeFinalizer(_ finalizer: String, from entry: Entry) {
        _ = try? cluster.update(
            entry.resource, version: entry.resource.storageVersion, namespace: entry.namespace, name: entry.name,
            subresource: nil, options: WriteOptions(fieldManager: "generic-garbage-collector")
        ) { current throws(APIError) in
            var object = current
            let rest = ObjectLifecycle.finalizers(current).filter { $0 != finalizer }
            object[path: "metadata", "finalizers"] = rest.isEmpty ? JSONValue?.none : .array(rest.map(JSONValue.string))
            return object
        }
    }

    /// The namespace controller: delete the namespace's objects; once none is left, the namespace goes.
    private func finalizeNamespace(_ namespace: Entry, entries: [Entry]) {
        let content = entries.filter { $0.resource.namespaced && $0.namespace == namespace.name }
        guard content.isEmpty else {
            content.forEach(delete)
            return
        }
        let key = ObjectStore.key(namespace: nil, name: namespace.name)
        let result = try? cluster.store.write(cluster.namespaces.id, key: key) { current, _ in
            current.map(ObjectLifecycle.finalizers)?.isEmpty == true ? .delete : .unchanged
        }
        if result?.outcome == .deleted, let object = result?.object { cluster.afterDelete(cluster.namespaces, object: object) }
    }
}
