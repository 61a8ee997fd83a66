import KubeCore

extension Cluster {
    /// Creates an object in a collection (POST), as kube-apiserver's generic registry does: type and
    /// namespace checked against the URL, `generateName` expanded, the name validated, the namespace
    /// required to exist, system metadata filled in, AlreadyExists when the name is taken.
    func create(
        _ resource: ServedResource, version: String, namespace: String?, body: JSONValue, options: WriteOptions
    ) throws(APIError) -> JSONValue {
        guard body.objectValue != nil else { throw APIError.badRequest("the request body must be a JSON object") }
        try checkType(of: body, resource: resource, version: version)
        let namespace = try namespaceOf(body, url: namespace, resource: resource)
        var name = body[path: "metadata", "name"]?.stringValue ?? ""
        if name.isEmpty, let prefix = body[path: "metadata", "generateName"]?.stringValue, !prefix.isEmpty {
            name = ObjectNames.generate(prefix: prefix)
        }
        guard !name.isEmpty else {
            throw APIError.invalid(
                group: resource.group, kind: resource.kind, name: "",
                causes: [StatusCause(reason: "FieldValueRequired", message: "Required value: name or generateName is required", field: "metadata.name")])
        }
        if let problem = ObjectNames.problem(name: name, plural: resource.plural) {
            throw APIError.invalid(
                group: resource.group, kind: resource.kind, name: name,
                causes: [StatusCause(reason: "FieldValueInvalid", message: "Invalid value: \"\(name)\": \(problem)", field: "metadata.name")])
        }
        if let namespace { try requireNamespace(namespace) }
        var object = body
        ObjectLifecycle.prepareCreate(&object, resource: resource, version: version, name: name, namespace: namespace, now: Timestamp.now())
        try admit(&object, old: nil, resource: resource)
        if !options.isApply {
            object = recordManagedFields(old: nil, new: object, resource: resource, version: version, manager: options.fieldManager, subresource: nil)
        }
        if options.dryRun {
            guard store.get(resource.id, key: key(resource, namespace: namespace, name: name)) == nil else {
                throw APIError.alreadyExists(resource.id, name: name)
            }
            return object
        }
        // etcd3's store refuses a create that carries a resourceVersion, which was probably copied
        // from a read; a server-side apply that creates ignores it (kube-apiserver 1.23 and later),
        // which is what the operator's create-only precondition relies on. A version that is not a
        // number gets past the check, as on kube-apiserver.
        if !options.isApply, let version = body[path: "metadata", "resourceVersion"]?.stringValue, (UInt64(version) ?? 0) != 0 {
            throw APIError.storageError("resourceVersion should not be set on objects to be created")
        }
        let result = try store.write(resource.id, key: key(resource, namespace: namespace, name: name)) { current, _ throws(APIError) in
            guard current == nil else { throw APIError.alreadyExists(resource.id, name: name) }
            return .put(object)
        }
        guard let stored = result.object else { throw APIError.internalError("object vanished while being created") }
        afterWrite(resource, stored: stored, previous: nil)
        return Self.converted(stored, to: resource.apiVersion(version))
    }

    /// 400 when the body's apiVersion or kind names something else than the URL.
    func checkType(of body: JSONValue, resource: ServedResource, version: String) throws(APIError) {
        if let kind = body["kind"]?.stringValue, !kind.isEmpty, kind != resource.kind {
            throw APIError.badRequest("the kind of the provided object (\(kind)) does not match the kind of the resource (\(resource.kind))")
        }
        if let apiVersion = body["apiVersion"]?.stringValue, !apiVersion.isEmpty,
            GroupVersion(apiVersion: apiVersion)?.group != resource.group
        {
            throw APIError.badRequest("the API version in the data (\(apiVersion)) does not match the expected API version (\(resource.apiVersion(version)))")
        }
    }

    /// The namespace an object is written to: the URL's; a different one in the body is a 400.
    func namespaceOf(_ body: JSONValue, url: String?, resource: ServedResource) throws(APIError) -> String? {
        guard resource.namespaced else { return nil }
        let inBody = body[path: "metadata", "namespace"]?.stringValue ?? ""
        guard let url else {
            throw APIError.badRequest("a namespace is required to write \(resource.id)")
        }
        if !inBody.isEmpty, inBody != url {
            throw APIError.badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        return url
    }

    /// Admission of a create or update: owner references validated for every kind; then CRD
    /// validation and status, namespace phase, Secret type, custom resource defaulting.
    func admit(_ object: inout JSONValue, old: JSONValue?, resource: ServedResource) throws(APIError) {
        let ownerProblems = ObjectLifecycle.ownerReferencesProblems(object)
        if !ownerProblems.isEmpty {
            throw APIError.invalid(group: resource.group, kind: resource.kind, name: object[path: "metadata", "name"]?.stringValue ?? "", causes: ownerProblems)
        }
        switch (resource.group, resource.plural) {
        case ("apiextensions.k8s.io", "customresourcedefinitions"):
            try CRDAdmission.admit(&object, registry: registry)
        case ("", "namespaces"):
            if object[path: "status", "phase"] == nil { object[path: "status", "phase"] = "Active" }
        case ("batch", "jobs"):
            guard let old else { break }
            let causes = JobAdmission.problems(object, old: old)
            if !causes.isEmpty {
                throw APIError.invalid(group: resource.group, kind: resource.kind, name: object[path: "metadata", "name"]?.stringValue ?? "", causes: causes)
            }
        case ("", "secrets"):
            // SetDefaults_Secret: a Secret without a type is Opaque (`kubectl create secret generic` sends none).
            if object["type"]?.stringValue?.isEmpty ?? true { object["type"] = "Opaque" }
        default:
            if resource.isCustom { CustomResourceDefaults.apply(to: &object, resource: resource) }
        }
    }

    /// What follows a stored write: CRDs start being served, controllers are woken.
    func afterWrite(_ resource: ServedResource, stored: JSONValue?, previous: JSONValue?) {
        if resource.group == "apiextensions.k8s.io", resource.plural == "customresourcedefinitions", let stored {
            if let served = CRDAdmission.servedResource(from: stored) { registry.register(served) }
        }
        if let stored {
            let owners = stored[path: "metadata", "ownerReferences"]?.arrayValue ?? []
            let namespace = stored[path: "metadata", "namespace"]?.stringValue
            if stored[path: "metadata", "deletionTimestamp"] != nil || !owners.allSatisfy({ ownerIsSettled($0, namespace: namespace) }) {
                controllers.collectGarbage()
            }
        } else {
            controllers.collectGarbage()
        }
        if let stored, WorkloadStatus.simulates(resource.id), configuration.simulatedStatusDelay != nil {
            let name = stored[path: "metadata", "name"]?.stringValue ?? ""
            let namespace = stored[path: "metadata", "namespace"]?.stringValue
            controllers.workloadChanged(WorkloadRef(resource: resource.id, key: ObjectStore.key(namespace: namespace, name: name)))
        }
    }

    /// Whether an owner reference leaves the garbage collector nothing to do: the owner exists (same
    /// uid) and is not being deleted. Checked per write, so that only a write that may need collecting
    /// wakes the collector, whose pass reads every object (every child a controller writes carries an
    /// owner reference, and a pass per write made the collector most of KubeSim's CPU).
    private func ownerIsSettled(_ reference: JSONValue, namespace: String?) -> Bool {
        guard let uid = reference["uid"]?.stringValue, let name = reference["name"]?.stringValue,
            let kind = reference["kind"]?.stringValue, let apiVersion = reference["apiVersion"]?.stringValue,
            let group = GroupVersion(apiVersion: apiVersion)?.group,
            let owner = registry.resource(group: group, kind: kind)
        else { return false }
        let key = ObjectStore.key(namespace: owner.namespaced ? namespace : nil, name: name)
        guard let object = store.get(owner.id, key: key) else { return false }
        return object[path: "metadata", "uid"]?.stringValue == uid && object[path: "metadata", "deletionTimestamp"] == nil
    }
}
