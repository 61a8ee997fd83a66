import KubeCore

extension Cluster {
    /// Creates a CRD, or updates it when one of that name exists, as `kubectl apply` of its manifest would.
    func install(_ crd: JSONValue) throws(APIError) {
        guard let crds = registry.resource(ResourceID(group: "apiextensions.k8s.io", resource: "customresourcedefinitions")),
            let name = crd[path: "metadata", "name"]?.stringValue
        else { throw APIError.badRequest("a CustomResourceDefinition needs metadata.name") }
        let options = WriteOptions(fieldManager: "kubesim")
        if store.get(crds.id, key: name) == nil {
            _ = try create(crds, version: "v1", namespace: nil, body: crd, options: options)
        } else {
            _ = try update(crds, version: "v1", namespace: nil, name: name, subresource: nil, options: options) { current throws(APIError) in
                var object = crd
                object[path: "metadata", "resourceVersion"] = current[path: "metadata", "resourceVersion"]
                return object
            }
        }
    }
}
