import KubeCore

extension Cluster {
    /// Sets `metadata.managedFields` after an ordinary write by `manager` (operation `Update`): the
    /// fields it changed become its own and are taken from the other managers.
    ///
    /// A client that sends no managedFields keeps the stored ones; one that sends a list (even empty)
    /// replaces them, as kube-apiserver allows (that is how managedFields are reset).
    func recordManagedFields(
        old: JSONValue?, new: JSONValue, resource: ServedResource, version: String, manager: String, subresource: String?
    ) -> JSONValue {
        let sent = new[path: "metadata", "managedFields"]
        let stored = old?[path: "metadata", "managedFields"]
        var object = new
        // A status update or a patch starts from the stored object, so it "sends" the stored value.
        object[path: "metadata", "managedFields"] = ServerSideApply.recordUpdate(
            old: old, new: new, manager: manager, managedFields: sent ?? stored,
            storedByServer: sent == nil || sent == stored, schema: resource.mergeSchema, apiVersion: resource.apiVersion(version),
            subresource: subresource, now: Timestamp.now(), statusIsSubresource: resource.hasStatus)
        return object
    }
}
