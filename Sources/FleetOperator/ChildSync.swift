import Fleet
import KubeClient
import KubeCore
import KubeRuntime

/// Brings the children of one custom resource in line with its expansion: applies what differs
/// from the cache (and nothing else), puts back drift, deletes children no longer wanted.
struct ChildSync {
    let context: OperatorContext
    /// The custom resource (as cached), for events.
    let owner: JSONValue
    let policy: EffectivePolicy

    /// Applies every child that `writable` accepts (given its live copy, if any) and whose live copy
    /// lacks a desired field; returns the children another object holds.
    ///
    /// A workload with such a child writes nothing at all: its other children name that child (an
    /// autoscaler's target, an Ingress's backend) and would act on the other object's.
    func apply(
        _ children: [ChildObject], writable: (ChildObject, JSONValue?) -> Bool = { _, _ in true }
    ) async throws -> [ChildConflict] {
        let lives = children.map { context.childInformer($0.descriptor).store.get(namespace: $0.namespace, name: $0.name)?.value }
        let conflicts = zip(children, lives).compactMap { child, live in
            live.flatMap { ChildConflict(child, live: $0, owner: owner) }
        }
        guard conflicts.isEmpty else {
            conflicts.forEach(reportIfNew)
            return conflicts
        }
        for (child, live) in zip(children, lives) where writable(child, live) {
            if let conflict = try await applyIfNeeded(child, live: live) {
                reportIfNew(conflict)
                return [conflict]
            }
        }
        return []
    }

    /// A conflict with another object is a mistake to fix, said once per workload, child and holder;
    /// one with a predecessor awaiting garbage collection ends by itself.
    private func reportIfNew(_ conflict: ChildConflict) {
        guard !conflict.isPredecessor else { return }
        let child = conflict.child
        let ownerUID = owner[path: "metadata", "uid"]?.stringValue ?? ""
        let key = WriteMemory.Key(child.descriptor, namespace: child.namespace, name: "conflict/\(ownerUID)/\(child.name)")
        if context.noteReportedDrift(key, paths: [conflict.message]) {
            context.record(.warning, reason: ChildConflict.reason, message: conflict.message, about: owner)
        }
    }

    /// Applies `child` if its live copy lacks a desired field; returns the conflict when the API
    /// server says a child the cache has not seen exists and is another's.
    private func applyIfNeeded(_ child: ChildObject, live: JSONValue?) async throws -> ChildConflict? {
        guard let live else { return try await create(child) }
        let key = WriteMemory.Key(child.descriptor, namespace: child.namespace, name: child.name)
        let desired = child.manifestForUpdate
        let digest = WriteMemory.Digest(desired)
        if context.memory.isInFlight(digest, to: key, liveResourceVersion: live.objectResourceVersion) {
            return nil
        }
        let differences = LiveComparison.differences(desired: desired, live: live)
        if differences.isEmpty { return nil }
        // The intent is unchanged since the last apply (as the object's annotation or, should
        // someone have edited that too, this process's memory says), so someone else changed it.
        let intentUnchanged = child.wasLastApplied(to: live) || context.memory.lastWrote(digest, to: key)
        if intentUnchanged, !shouldRevert(child, differences, key: key) {
            return nil
        }
        if differences.contains(where: { !LiveComparison.isAddedItem($0) }) {
            try await write(desired, of: child, over: live.objectResourceVersion)
        }
        if intentUnchanged {
            try await removeAddedItems(LiveComparison.addedItems(desired: desired, live: live), from: child)
        }
        return nil
    }

    /// Takes out the items someone added to the operator's named lists (a sidecar container, a
    /// volume): an apply cannot, since their field manager owns them. Each removal is guarded by a
    /// test of the item's name, so an object changed meanwhile fails the patch (422) and the next
    /// reconcile looks again; items of one list go from the last, so the indices stay valid.
    private func removeAddedItems(_ items: [LiveComparison.AddedItem], from child: ChildObject) async throws {
        guard !items.isEmpty else { return }
        let ordered = items.sorted { $0.pointer.compare($1.pointer, options: .numeric) == .orderedDescending }
        let operations = ordered.flatMap { item -> [JSONValue] in
            [
                ["op": "test", "path": .string(item.pointer + "/name"), "value": .string(item.name)],
                ["op": "remove", "path": .string(item.pointer)],
            ]
        }
        _ = try await context.client.jsonPatch(
            child.descriptor, name: child.name, namespace: child.namespace, patch: .array(operations),
            options: WriteOptions(fieldManager: context.configuration.fieldManager))
    }

    /// Creates a child the cache does not hold, only if it does not exist: two workloads that want
    /// the same child and reconcile at once must not both apply it (with one field manager, the
    /// second apply would silently take the child and its controller reference). The apply carries
    /// a resourceVersion no object of this name can have, which the API server checks against an
    /// existing object and ignores on create (the precondition java-operator-sdk uses).
    private func create(_ child: ChildObject) async throws -> ChildConflict? {
        var createOnly = child.manifest
        createOnly[path: "metadata", "resourceVersion"] = .string(Self.absentResourceVersion)
        do {
            try await write(createOnly, of: child, over: nil, remembering: child.manifest)
            return nil
        } catch let error as KubeAPIError where error.isConflict {
            // It exists: another workload has just made it, someone made it by hand (the cache holds
            // only objects with aifleet's label), or the cache has not caught up with this workload's
            // own create. Only the API server can say which.
            let existing = try await context.client.get(child.descriptor, name: child.name, namespace: child.namespace)
            if let conflict = ChildConflict(child, live: existing, owner: owner) { return conflict }
            try await write(child.manifestForUpdate, of: child, over: existing.objectResourceVersion)
            return nil
        }
    }

    /// A resourceVersion the API server never gives a child: it numbers every write in the cluster,
    /// and the first one is long past before any workload exists.
    static let absentResourceVersion = "1"

    /// Applies `manifest` (remembered as `remembered`, the manifest without a precondition) with
    /// the operator's field manager, taking every field it sets.
    private func write(
        _ manifest: JSONValue, of child: ChildObject, over liveResourceVersion: String?, remembering remembered: JSONValue? = nil
    ) async throws {
        let key = WriteMemory.Key(child.descriptor, namespace: child.namespace, name: child.name)
        _ = try await context.memory.write(WriteMemory.Digest(remembered ?? manifest), to: key, over: liveResourceVersion) {
            () async throws(KubeAPIError) in
            try await context.client.apply(
                manifest, resource: child.descriptor,
                options: ApplyOptions(fieldManager: context.configuration.fieldManager, force: true))
        }
    }

    /// Someone changed fields the operator owns since its last apply: security-relevant ones are
    /// always put back; performance-relevant ones as the policy's `drift.performance` says.
    private func shouldRevert(_ child: ChildObject, _ differences: [String], key: WriteMemory.Key) -> Bool {
        let kind = child.descriptor.kind.kind
        let security = differences.filter { DriftClassification.isSecurityRelevant($0, kind: kind) }
        let fields = differences.joined(separator: ", ")
        if security.isEmpty, policy.performanceDrift == .report {
            if context.noteReportedDrift(key, paths: differences) {
                context.record(
                    .warning, reason: "DriftDetected",
                    message: "\(child.reference): \(fields) changed outside aifleet; reported, not reverted (drift.performance: report)",
                    about: owner)
            }
            return false
        }
        context.record(
            .warning, reason: "DriftCorrected", message: "\(child.reference): put back \(fields)", about: owner)
        context.metrics.driftCorrected(kind: kind, namespace: child.namespace ?? "")
        return true
    }

    /// Deletes the children of `ownerUID` that `children` no longer lists (an HPA replaced by a
    /// ScaledObject, an Ingress whose routing was removed, a finished Job past its TTL).
    func deleteObsolete(keeping children: [ChildObject], ownerUID: String) async throws -> Int {
        let wanted = Set(children.map { "\($0.descriptor.resource)|\($0.namespace ?? "")|\($0.name)" })
        var deletes = 0
        for informer in context.childInformersCreated {
            let resource = informer.listWatch.resource
            let owned = (try? informer.store.byIndex(Indexer<CompactJSON>.ownerUIDIndexName, ownerUID)) ?? []
            for cached in owned {
                guard let name = cached.objectName,
                    !wanted.contains("\(resource.resource)|\(cached.objectNamespace ?? "")|\(name)")
                else { continue }
                let object = cached.value
                // No uid only if the cached text could not be read: never delete without the precondition.
                guard object[path: "metadata", "deletionTimestamp"] == nil,
                    let uid = object[path: "metadata", "uid"]?.stringValue
                else { continue }
                do {
                    try await context.client.delete(
                        resource, name: name, namespace: cached.objectNamespace,
                        options: DeleteOptions(propagationPolicy: .background, preconditionUID: uid))
                    deletes += 1
                } catch {
                    // Already gone is what was wanted.
                    guard error.isNotFound else { throw error }
                }
            }
        }
        return deletes
    }
}
