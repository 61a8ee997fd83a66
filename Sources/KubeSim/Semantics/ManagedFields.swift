import KubeCore

extension Cluster {
    /// managedFields after a write by `manager` (an Update operation); kept as the client sent them
    /// until server-side apply's field sets are wired in.
    func recordManagedFields(
        old: JSONValue?, new: JSONValue, resource: ServedResource, version: String, manager: String, subresource: String?
    ) -> JSONValue {
        new
    }
}
