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
    /// The owner as the memories of conflicts name it, read from `owner` once.
    private let reportOwner: ReportMemory.Owner
    private let ownerUID: String

    init(context: OperatorContext, owner: JSONValue, policy: EffectivePolicy) {
        self.context = context
        self.owner = owner
        self.policy = policy
        reportOwner = ReportMemory.Owner(kind: owner["kind"]?.stringValue ?? "", namespace: owner.objectNamespace, name: owner.objectName ?? "")
        ownerUID = owner[path: "metadata", "uid"]?.stringValue ?? ""
    }

    /// Applies every child that `writable` accepts (given its live copy, if any) and whose live copy
    /// lacks a desired field; returns the children another object holds.
    ///
    /// A workload with such a child writes nothing: its other children name that child (an
    /// autoscaler's target, an Ingress's backend) and would act on the other object's. The cache
    /// holds only objects with aifleet's label; a child it lacks is created only if absent, and
    /// when that create is refused because the child is another's (another workload made it
    /// meanwhile, or someone made it by hand), the children this pass created are deleted again,
    /// and later passes read that child from the API server before writing anything, until it is
    /// free. Reading every new child first would cost a GET per child (a fifth fewer workloads
    /// converged per second in the operator benchmark) for a case that is rare.
    func apply(
        _ children: [ChildObject], writable: (ChildObject, JSONValue?) -> Bool = { _, _ in true }
    ) async throws -> [ChildConflict] {
        var lives: [JSONValue?] = []
        var conflicts: [ChildConflict] = []
        for child in children {
            let subject = conflictSubject(child)
            let live: JSONValue?
            let outsideCache: Bool
            if let cached = context.childInformer(child.descriptor).store.get(namespace: child.namespace, name: child.name) {
                (live, outsideCache) = (cached.value, false)
            } else if context.reports.isConflictOutsideCache(subject) {
                (live, outsideCache) = (try await uncached(child), true)
            } else {
                (live, outsideCache) = (nil, false)
            }
            let conflict = live.flatMap { ChildConflict(child, live: $0, owner: owner) }
            if outsideCache { context.reports.noteConflictOutsideCache(subject, conflict != nil) }
            if let conflict { conflicts.append(conflict) } else { context.reports.forget(subject) }
            lives.append(live)
        }
        guard conflicts.isEmpty else {
            conflicts.forEach(reportIfNew)
            return conflicts
        }
        var created: [(ChildObject, uid: String)] = []
        do {
            for (child, live) in zip(children, lives) where writable(child, live) {
                switch try await applyIfNeeded(child, live: live) {
                case .unchanged, .written: continue
                case .created(let uid): created.append((child, uid))
                case .conflict(let conflict):
                    context.reports.noteConflictOutsideCache(conflictSubject(child), true)
                    try await delete(created)
                    reportIfNew(conflict)
                    return [conflict]
                }
            }
        } catch {
            // A pass that lost a race for one of its children (a 409: an adoption another workload
            // won) leaves no new child behind, since the retry finds the conflict up front and then
            // writes nothing, not even a delete of what this pass made. A transient failure keeps
            // them: the retry carries on from there.
            if let refused = error as? KubeAPIError, refused.isConflict { try? await delete(created) }
            throw error
        }
        return []
    }

    /// The live copy of a child the cache does not hold: nil when it does not exist.
    private func uncached(_ child: ChildObject) async throws -> JSONValue? {
        do {
            return try await context.client.get(child.descriptor, name: child.name, namespace: child.namespace)
        } catch {
            guard error.isNotFound else { throw error }
            return nil
        }
    }

    /// The child as this workload wants it, for the memories of conflicts.
    private func conflictSubject(_ child: ChildObject) -> ReportMemory.Subject {
        .conflict(
            owner: reportOwner, ownerUID: ownerUID, child: WriteMemory.Key(child.descriptor, namespace: child.namespace, name: child.name))
    }

    /// A conflict with another object is a mistake to fix, said once per workload, child and holder;
    /// one with a predecessor awaiting garbage collection ends by itself.
    private func reportIfNew(_ conflict: ChildConflict) {
        guard !conflict.isPredecessor else { return }
        if context.reports.note(conflictSubject(conflict.child), [conflict.message]) {
            context.record(.warning, reason: ChildConflict.reason, message: conflict.message, about: owner)
        }
    }

    /// What applying one child did.
    private enum Outcome {
        case unchanged
        case written
        /// The child did not exist and was made, with this uid.
        case created(uid: String)
        /// The child the cache lacked exists, and is another's.
        case conflict(ChildConflict)
    }

    /// Applies `child` if its live copy lacks a desired field.
    private func applyIfNeeded(_ child: ChildObject, live: JSONValue?) async throws -> Outcome {
        guard let live else { return try await create(child) }
        let key = WriteMemory.Key(child.descriptor, namespace: child.namespace, name: child.name)
        let desired = child.manifestForUpdate(over: live)
        let digest = WriteMemory.Digest(child.withoutImmutableFields(desired))
        if context.memory.isInFlight(digest, to: key, liveResourceVersion: live.objectResourceVersion) {
            return .unchanged
        }
        reportImmutableChanges(child, live: live, key: key)
        let differences = LiveComparison.differences(desired: desired, live: live)
        guard !differences.isEmpty else {
            context.reports.forget(.drift(child: key))
            return .unchanged
        }
        // The intent is unchanged since the last apply (as the object's annotation or, should
        // someone have edited that too, this process's memory says), so someone else changed it.
        let intentUnchanged = child.wasLastApplied(to: live) || context.memory.lastWrote(digest, to: key)
        if intentUnchanged, !shouldRevert(child, differences, key: key) {
            return .unchanged
        }
        // Put back, or overwritten by a new intent: drift reported before is gone.
        context.reports.forget(.drift(child: key))
        if differences.contains(where: { !LiveComparison.isAddedItem($0) }) {
            var sent = desired
            // Adopting a child without a controller: only if nobody has taken it since it was read.
            // Fields copied from the live object: only over the copy they came from (a stale cache
            // would put back a template Kueue has since changed, or remake a deleted Job from it).
            if live.controllerUID == nil || !child.immutableFields.isEmpty {
                sent[path: "metadata", "resourceVersion"] = live["metadata"]?["resourceVersion"]
            }
            _ = try await write(sent, of: child, over: live.objectResourceVersion, remembering: child.withoutImmutableFields(desired))
        }
        if intentUnchanged {
            try await removeAddedItems(LiveComparison.addedItems(desired: desired, live: live), from: child)
            // Said once the writes went through: a refused one puts nothing back.
            context.record(
                .warning, reason: "DriftCorrected",
                message: "\(child.reference): put back \(differences.joined(separator: ", "))", about: owner)
            context.metrics.driftCorrected(kind: child.descriptor.kind.kind, namespace: child.namespace ?? "")
        }
        return .written
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
    /// the same child and reconcile at once must not both apply it, and a hand-made object of its
    /// name must not be taken (with one field manager, the apply would silently take the child and
    /// its controller reference). The apply
    /// carries a resourceVersion no object of this name can have, which the API server checks
    /// against an existing object and ignores on create (the precondition java-operator-sdk uses;
    /// kube-apiserver 1.23 and later).
    private func create(_ child: ChildObject) async throws -> Outcome {
        var createOnly = child.manifest
        createOnly[path: "metadata", "resourceVersion"] = .string(Self.absentResourceVersion)
        do {
            // Remembered as what later passes compare: the manifest without its create-only fields.
            let created = try await write(
                createOnly, of: child, over: nil, remembering: child.withoutImmutableFields(child.manifestForUpdate))
            return .created(uid: created[path: "metadata", "uid"]?.stringValue ?? "")
        } catch let error as KubeAPIError where error.isConflict {
            // It exists: another workload made it, someone made it by hand (the cache holds only
            // objects with aifleet's label), or this workload did in a pass whose write the cache
            // has not seen yet. Only the API server can say which.
            let existing = try await context.client.get(child.descriptor, name: child.name, namespace: child.namespace)
            if let conflict = ChildConflict(child, live: existing, owner: owner) { return .conflict(conflict) }
            return try await applyIfNeeded(child, live: existing)
        }
    }

    /// Deletes children this pass created, once one of their siblings turned out to be another's.
    private func delete(_ created: [(ChildObject, uid: String)]) async throws {
        for (child, uid) in created where !uid.isEmpty {
            do {
                try await context.client.delete(
                    child.descriptor, name: child.name, namespace: child.namespace,
                    options: DeleteOptions(propagationPolicy: .background, preconditionUID: uid))
            } catch {
                // Already gone, or replaced by an object that is not this pass's: either way not ours to delete.
                guard error.isNotFound || error.isConflict else { throw error }
            }
        }
    }

    /// A resourceVersion the API server never gives a child: it numbers every write in the cluster,
    /// and the first one is long past before any workload exists.
    static let absentResourceVersion = "1"

    /// Applies `manifest` (remembered as `remembered`, the manifest without a precondition) with
    /// the operator's field manager, taking every field it sets; returns the object as written.
    private func write(
        _ manifest: JSONValue, of child: ChildObject, over liveResourceVersion: String?, remembering remembered: JSONValue
    ) async throws -> JSONValue {
        let key = WriteMemory.Key(child.descriptor, namespace: child.namespace, name: child.name)
        return try await context.memory.write(WriteMemory.Digest(remembered), to: key, over: liveResourceVersion) {
            () async throws(KubeAPIError) in
            try await context.client.apply(
                manifest, resource: child.descriptor,
                options: ApplyOptions(fieldManager: context.configuration.fieldManager, force: true))
        }
    }

    /// Fields the API server will not change while the child exists (a Job's pod template) are kept
    /// out of the apply (``ChildObject/manifestForUpdate(over:)``); that the live child lacks what the
    /// expansion now wants there is said once. What others only added there (the API server's
    /// defaults, the tolerations Kueue adds to a Job it admits) is not such a change.
    private func reportImmutableChanges(_ child: ChildObject, live: JSONValue, key: WriteMemory.Key) {
        guard !child.immutableFields.isEmpty else { return }
        let subject = ReportMemory.Subject.immutable(child: key)
        let changed = child.immutableFields.flatMap { field -> [String] in
            guard let wanted = child.manifest[path: field] else { return [] }
            return LiveComparison.missing(desired: wanted, live: live[path: field], path: field.joined(separator: "."))
        }
        guard !changed.isEmpty else {
            context.reports.forget(subject)
            return
        }
        if context.reports.note(subject, changed) {
            context.record(
                .warning, reason: "ImmutableFieldChanged",
                message: "\(child.reference): \(changed.joined(separator: ", ")) cannot change while it exists, "
                    + "so it keeps running as it is; delete it to run it again with the change",
                about: owner)
        }
    }

    /// Someone changed fields the operator owns since its last apply: security-relevant ones are
    /// always put back; performance-relevant ones as the policy's `drift.performance` says, which
    /// reports them instead.
    private func shouldRevert(_ child: ChildObject, _ differences: [String], key: WriteMemory.Key) -> Bool {
        let kind = child.descriptor.kind.kind
        let security = differences.filter { DriftClassification.isSecurityRelevant($0, kind: kind) }
        if security.isEmpty, policy.performanceDrift == .report {
            if context.reports.note(.drift(child: key), differences) {
                context.record(
                    .warning, reason: "DriftDetected",
                    message: "\(child.reference): \(differences.joined(separator: ", ")) changed outside aifleet; reported, not reverted (drift.performance: report)",
                    about: owner)
            }
            return false
        }
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
