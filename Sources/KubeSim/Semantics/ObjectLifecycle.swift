import KubeCore

/// The rules kube-apiserver's registry strategies apply to every write: system metadata on create,
/// what an update may change, when `generation` moves, and when a deleted object finally goes.
enum ObjectLifecycle {
    /// Fills in the system metadata of a new object and clears what a client may not set.
    static func prepareCreate(
        _ object: inout JSONValue, resource: ServedResource, version: String, name: String, namespace: String?,
        now: String
    ) {
        // apiVersion, kind and metadata lead, as kube-apiserver writes them.
        var ordered: JSONObject = ["apiVersion": .string(resource.apiVersion(version)), "kind": .string(resource.kind), "metadata": [:]]
        for (key, value) in object.objectValue ?? [:] where ordered[key] == nil { ordered[key] = value }
        var metadata = object["metadata"]?.objectValue ?? [:]
        object = .object(ordered)
        metadata["name"] = .string(name)
        metadata["namespace"] = namespace.map(JSONValue.string)
        metadata["uid"] = .string(ObjectNames.uid())
        metadata["creationTimestamp"] = .string(now)
        metadata["generation"] = 1
        metadata["resourceVersion"] = nil
        metadata["deletionTimestamp"] = nil
        metadata["deletionGracePeriodSeconds"] = nil
        metadata["selfLink"] = nil
        object["metadata"] = .object(metadata)
        // Objects with a status subresource start with an empty status (registry PrepareForCreate).
        if resource.hasStatus { object["status"] = nil }
    }

    /// The update of the main resource: `incoming` is what the client sent, `current` what is stored.
    /// Keeps system metadata, ignores `status` when there is a status subresource, and bumps
    /// `generation` when anything but metadata (and status) changed.
    static func prepareUpdate(_ incoming: JSONValue, current: JSONValue, resource: ServedResource) -> JSONValue {
        var object = incoming
        object["apiVersion"] = current["apiVersion"]
        object["kind"] = current["kind"]
        var metadata = object["metadata"]?.objectValue ?? [:]
        for key in ["name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"] {
            metadata[key] = current[path: "metadata", key]
        }
        metadata["selfLink"] = nil
        object["metadata"] = .object(metadata)
        if resource.hasStatus { object["status"] = current["status"] }
        if specChanged(from: current, to: object, resource: resource) {
            object[path: "metadata", "generation"] = .int((current[path: "metadata", "generation"]?.intValue ?? 0) + 1)
        }
        return object
    }

    /// The update of `/status`: only `status` changes; metadata and spec stay as stored.
    static func prepareStatusUpdate(_ incoming: JSONValue, current: JSONValue) -> JSONValue {
        var object = current
        object["status"] = incoming["status"]
        return object
    }

    /// True when something other than metadata (and status, for kinds with a status subresource) differs.
    static func specChanged(from old: JSONValue, to new: JSONValue, resource: ServedResource) -> Bool {
        let ignored: Set<String> = resource.hasStatus ? ["metadata", "status", "apiVersion", "kind"] : ["metadata", "apiVersion", "kind"]
        let oldMembers = old.objectValue ?? [:]
        let newMembers = new.objectValue ?? [:]
        for key in Set(oldMembers.keys).union(newMembers.keys) where !ignored.contains(key) {
            if oldMembers[key] != newMembers[key] { return true }
        }
        return false
    }

    /// True when `new` equals `old` apart from resourceVersion (and managedFields, unless
    /// `comparingManagedFields`): a write that changes nothing is not stored. An apply compares
    /// managedFields too, since taking a share of a field's ownership is a change.
    static func isNoOp(_ old: JSONValue, _ new: JSONValue, comparingManagedFields: Bool = false) -> Bool {
        var a = old
        var b = new
        for key in comparingManagedFields ? ["resourceVersion"] : ["resourceVersion", "managedFields"] {
            a[path: "metadata", key] = nil
            b[path: "metadata", key] = nil
        }
        return a == b
    }

    /// The validation error of a write to an object being deleted: no finalizer may be added
    /// (https://kubernetes.io/docs/concepts/overview/working-with-objects/finalizers/).
    static func finalizerProblem(old: JSONValue, new: JSONValue) -> StatusCause? {
        guard old[path: "metadata", "deletionTimestamp"]?.stringValue != nil else { return nil }
        let before = Set(finalizers(old))
        let added = finalizers(new).filter { !before.contains($0) }
        guard !added.isEmpty else { return nil }
        return StatusCause(
            reason: "FieldValueForbidden",
            message: "Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers \(added)",
            field: "metadata.finalizers")
    }

    /// kube-apiserver's `ValidateOwnerReferences`: at most one owner reference may be the controller;
    /// each further one is a cause of its own, naming the first controller and itself.
    static func ownerReferencesProblems(_ object: JSONValue) -> [StatusCause] {
        guard let references = object[path: "metadata", "ownerReferences"] else { return [] }
        let controllers = (references.arrayValue ?? []).filter { $0["controller"]?.boolValue == true }
            .map { "\($0["kind"]?.stringValue ?? "")/\($0["name"]?.stringValue ?? "")" }
        guard let first = controllers.first, controllers.count > 1 else { return [] }
        let value = String(decoding: references.serialized(), as: UTF8.self)
        return controllers.dropFirst().map { other in
            StatusCause(
                reason: "FieldValueInvalid",
                message: "Invalid value: \(value): Only one reference can have Controller set to true. Found \"true\" in references for \(first) and \(other)",
                field: "metadata.ownerReferences")
        }
    }

    static func finalizers(_ object: JSONValue) -> [String] {
        object[path: "metadata", "finalizers"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// True when the object is marked for deletion and has no finalizer left: it must go now.
    static func isReleased(_ object: JSONValue) -> Bool {
        object[path: "metadata", "deletionTimestamp"]?.stringValue != nil && finalizers(object).isEmpty
    }
}
