import KubeCore

/// The body or query of a DELETE.
struct DeleteOptions: Sendable {
    /// `Background` (the default), `Foreground` or `Orphan`.
    var propagationPolicy: String?
    var preconditionUID: String?
    var preconditionResourceVersion: String?
    var dryRun = false
}

/// What a DELETE did.
enum DeleteOutcome: Sendable {
    /// The object is gone; its last state.
    case deleted(JSONValue)
    /// The object is marked (deletionTimestamp) and waits for its finalizers.
    case pending(JSONValue)
}

extension Cluster {
    static let foregroundFinalizer = "foregroundDeletion"
    static let orphanFinalizer = "orphan"

    /// Deletes an object as kube-apiserver does: with finalizers (or Foreground/Orphan propagation,
    /// which add the `foregroundDeletion`/`orphan` finalizer for the garbage collector), it is only marked
    /// with a deletionTimestamp; otherwise it goes now and the garbage collector handles its dependents.
    /// https://kubernetes.io/docs/concepts/architecture/garbage-collection/
    func delete(
        _ resource: ServedResource, version: String, namespace: String?, name: String, options: DeleteOptions
    ) throws(APIError) -> DeleteOutcome {
        let policy = options.propagationPolicy ?? "Background"
        guard ["Background", "Foreground", "Orphan"].contains(policy) else {
            throw APIError.invalid(
                group: "meta.k8s.io", kind: "DeleteOptions", name: "",
                causes: [StatusCause(reason: "FieldValueNotSupported", message: "Unsupported value: \"\(policy)\": supported values: \"Foreground\", \"Background\", \"Orphan\"", field: "propagationPolicy")])
        }
        var dryRunResult: DeleteOutcome?
        let result = try store.write(resource.id, key: key(resource, namespace: namespace, name: name)) { current, _ throws(APIError) in
            guard var object = current else { throw APIError.notFound(resource.id, name: name) }
            if let uid = options.preconditionUID, uid != object[path: "metadata", "uid"]?.stringValue {
                throw APIError.conflict(resource.id, name: name, message: "Precondition failed: UID in precondition: \(uid), UID in object meta: \(object[path: "metadata", "uid"]?.stringValue ?? "")")
            }
            if let version = options.preconditionResourceVersion, version != object[path: "metadata", "resourceVersion"]?.stringValue {
                throw APIError.conflict(resource.id, name: name, message: "Precondition failed: ResourceVersion in precondition: \(version), ResourceVersion in object meta: \(object[path: "metadata", "resourceVersion"]?.stringValue ?? "")")
            }
            var finalizers = ObjectLifecycle.finalizers(object)
            if policy == "Foreground", !finalizers.contains(Self.foregroundFinalizer) { finalizers.append(Self.foregroundFinalizer) }
            if policy == "Orphan", !finalizers.contains(Self.orphanFinalizer) { finalizers.append(Self.orphanFinalizer) }
            // Namespaces are finalized by the namespace controller, which first deletes their content.
            let waits = !finalizers.isEmpty || resource.id == namespaces.id
            guard waits else {
                if options.dryRun {
                    dryRunResult = .deleted(object)
                    return .unchanged
                }
                return .delete
            }
            let before = object
            object[path: "metadata", "finalizers"] = finalizers.isEmpty ? JSONValue?.none : .array(finalizers.map(JSONValue.string))
            if object[path: "metadata", "deletionTimestamp"] == nil {
                object[path: "metadata", "deletionTimestamp"] = .string(Timestamp.now())
                object[path: "metadata", "deletionGracePeriodSeconds"] = 0
            }
            if resource.id == namespaces.id { object[path: "status", "phase"] = "Terminating" }
            if options.dryRun {
                dryRunResult = .pending(object)
                return .unchanged
            }
            return before == object ? .unchanged : .put(object)
        }
        if let dryRunResult { return dryRunResult }
        guard let object = result.object else { throw APIError.notFound(resource.id, name: name) }
        let apiVersion = resource.apiVersion(version)
        switch result.outcome {
        case .deleted:
            afterDelete(resource, object: object)
            return .deleted(Self.converted(object, to: apiVersion))
        case .updated, .created:
            afterWrite(resource, stored: object, previous: result.previous)
            return .pending(Self.converted(object, to: apiVersion))
        case .unchanged:
            return .pending(Self.converted(object, to: apiVersion))
        }
    }

    /// What follows an object's removal: a CRD takes its custom resources with it; the garbage
    /// collector looks for dependents.
    func afterDelete(_ resource: ServedResource, object: JSONValue) {
        if resource.group == "apiextensions.k8s.io", resource.plural == "customresourcedefinitions",
            let served = CRDAdmission.servedResource(from: object)
        {
            for (key, _) in store.objects(served.id) {
                _ = try? store.write(served.id, key: key) { _, _ in .delete }
            }
            registry.unregister(served.id)
        }
        controllers.collectGarbage()
    }

    /// DELETE on a collection: deletes every object the selectors match, each as a single DELETE would.
    func deleteCollection(
        _ resource: ServedResource, version: String, namespace: String?, matches: ObjectPredicate?, options: DeleteOptions
    ) throws(APIError) -> [JSONValue] {
        let prefix = resource.namespaced ? namespace.map { "\($0)/" } : nil
        let page = try store.list(resource.id, keyPrefix: prefix, at: nil, startAfter: nil, limit: nil, matches: matches)
        var deleted: [JSONValue] = []
        for object in page.items {
            guard let name = object[path: "metadata", "name"]?.stringValue else { continue }
            let objectNamespace = object[path: "metadata", "namespace"]?.stringValue
            do {
                switch try delete(resource, version: version, namespace: objectNamespace, name: name, options: options) {
                case .deleted(let last), .pending(let last): deleted.append(last)
                }
            } catch {
                guard error.code == 404 else { throw error }  // a 404: deleted meanwhile
            }
        }
        return deleted
    }
}
