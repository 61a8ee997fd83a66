import KubeCore

extension Cluster {
    /// Replaces an object (PUT), or its status (`subresource: "status"`), with what `intended` makes of
    /// the stored object; patches come through here too, so every write gets the same rules:
    /// a stale `resourceVersion` is a 409, status and spec are kept apart, `generation` moves on spec
    /// changes only, no finalizer may be added during deletion, a write that changes nothing is not
    /// stored, and an object being deleted goes once its last finalizer is removed.
    ///
    /// `intended` runs under the store's lock with the stored object read at `version`.
    func update(
        _ resource: ServedResource, version: String, namespace: String?, name: String, subresource: String?,
        options: WriteOptions, requireResourceVersion: Bool = false,
        intended: (JSONValue) throws(APIError) -> JSONValue
    ) throws(APIError) -> JSONValue {
        var dryRunResult: JSONValue?
        var released: JSONValue?
        let result = try store.write(resource.id, key: key(resource, namespace: namespace, name: name)) { stored, _ throws(APIError) in
            guard let stored else { throw APIError.notFound(resource.id, name: name) }
            let current = Self.converted(stored, to: resource.apiVersion(version))
            let wanted = try intended(current)
            try checkPreconditions(wanted, current: current, resource: resource, name: name, requireResourceVersion: requireResourceVersion)
            var object: JSONValue
            if subresource == "status" {
                object = ObjectLifecycle.prepareStatusUpdate(wanted, current: current)
            } else {
                object = ObjectLifecycle.prepareUpdate(wanted, current: current, resource: resource)
                if let cause = ObjectLifecycle.finalizerProblem(old: current, new: object) {
                    throw APIError.invalid(group: resource.group, kind: resource.kind, name: name, causes: [cause])
                }
                try admit(&object, old: current, resource: resource)
            }
            guard !ObjectLifecycle.isNoOp(current, object, comparingManagedFields: options.isApply) else { return .unchanged }
            if !options.isApply {
                object = recordManagedFields(
                    old: current, new: object, resource: resource, version: version, manager: options.fieldManager,
                    subresource: subresource)
            }
            if options.dryRun {
                dryRunResult = object
                return .unchanged
            }
            guard ObjectLifecycle.isReleased(object) else { return .put(object) }
            released = object
            return .delete
        }
        if let dryRunResult { return dryRunResult }
        guard let stored = result.object else { throw APIError.notFound(resource.id, name: name) }
        if result.outcome != .unchanged {
            afterWrite(resource, stored: result.outcome == .deleted ? JSONValue?.none : stored, previous: result.previous)
        }
        // An update that removed the last finalizer answers with the object as it was written.
        if var released {
            released[path: "metadata", "resourceVersion"] = .string(String(result.resourceVersion))
            return Self.converted(released, to: resource.apiVersion(version))
        }
        return Self.converted(stored, to: resource.apiVersion(version))
    }

    /// 409 when the client's resourceVersion or uid is not the stored one; for custom resources a PUT
    /// without resourceVersion is refused (their strategy disallows unconditional updates).
    private func checkPreconditions(
        _ wanted: JSONValue, current: JSONValue, resource: ServedResource, name: String, requireResourceVersion: Bool
    ) throws(APIError) {
        if let bodyName = wanted[path: "metadata", "name"]?.stringValue, !bodyName.isEmpty, bodyName != name {
            throw APIError.badRequest("the name of the object (\(bodyName)) does not match the name on the URL (\(name))")
        }
        if let uid = wanted[path: "metadata", "uid"]?.stringValue, !uid.isEmpty,
            uid != current[path: "metadata", "uid"]?.stringValue
        {
            throw APIError.conflict(
                resource.id, name: name,
                message: "Precondition failed: UID in precondition: \(uid), UID in object meta: \(current[path: "metadata", "uid"]?.stringValue ?? "")")
        }
        let version = wanted[path: "metadata", "resourceVersion"]?.stringValue ?? ""
        if version.isEmpty {
            if requireResourceVersion && resource.isCustom {
                throw APIError.invalid(
                    group: resource.group, kind: resource.kind, name: name,
                    causes: [StatusCause(reason: "FieldValueInvalid", message: "Invalid value: 0x0: must be specified for an update", field: "metadata.resourceVersion")])
            }
            return
        }
        if version != current[path: "metadata", "resourceVersion"]?.stringValue {
            throw APIError.conflict(
                resource.id, name: name,
                message: "the object has been modified; please apply your changes to the latest version and try again")
        }
    }
}
