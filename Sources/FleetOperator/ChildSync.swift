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
    /// lacks a desired field. Children another object controls are left alone and returned.
    func apply(
        _ children: [ChildObject], writable: (ChildObject, JSONValue?) -> Bool = { _, _ in true }
    ) async throws -> [ChildConflict] {
        var conflicts: [ChildConflict] = []
        for child in children {
            let live = context.childInformer(child.descriptor).store.get(namespace: child.namespace, name: child.name)?.value
            if let live, let conflict = ChildConflict(child, live: live, owner: owner) {
                conflicts.append(conflict)
                reportIfNew(conflict)
            } else if writable(child, live) {
                try await applyIfNeeded(child, live: live)
            }
        }
        return conflicts
    }

    /// A conflict with another workload is a mistake to fix, said once per child and controller; one
    /// with a predecessor awaiting garbage collection ends by itself.
    private func reportIfNew(_ conflict: ChildConflict) {
        guard !conflict.isPredecessor else { return }
        let child = conflict.child
        let key = WriteMemory.Key(child.descriptor, namespace: child.namespace, name: "conflict/" + child.name)
        if context.noteReportedDrift(key, paths: [conflict.controller.uid]) {
            context.record(.warning, reason: ChildConflict.reason, message: conflict.message, about: owner)
        }
    }

    private func applyIfNeeded(_ child: ChildObject, live: JSONValue?) async throws {
        let key = WriteMemory.Key(child.descriptor, namespace: child.namespace, name: child.name)
        let desired = live == nil ? child.manifest : child.manifestForUpdate
        let digest = WriteMemory.Digest(desired)
        if let live {
            if context.memory.isInFlight(digest, to: key, liveResourceVersion: live.objectResourceVersion) {
                return
            }
            let differences = LiveComparison.differences(desired: desired, live: live)
            if differences.isEmpty { return }
            // The intent is unchanged since the last apply (as the object's annotation or, should
            // someone have edited that too, this process's memory says), so someone else changed it.
            let intentUnchanged = child.wasLastApplied(to: live) || context.memory.lastWrote(digest, to: key)
            if intentUnchanged, !shouldRevert(child, differences, key: key) {
                return
            }
        }
        _ = try await context.memory.write(digest, to: key, over: live?.objectResourceVersion) { () async throws(KubeAPIError) in
            try await context.client.apply(
                desired, resource: child.descriptor,
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
