import KubeCore

/// The simulated cluster behind the HTTP layer: storage, the served resources, and the controllers
/// that run inside kube-apiserver and kube-controller-manager (CRD establishment, garbage collection,
/// namespace cleanup, workload status).
///
/// Each verb lives in its own extension file (`Cluster+Create.swift`, ...); every write goes through
/// `ObjectStore.write`, so watchers see the controllers' writes like any client's.
final class Cluster: Sendable {
    let store: ObjectStore
    let registry: ResourceRegistry
    let configuration: KubeSimConfiguration
    let faults: FaultInjector
    let controllers: ControllerSignals

    init(configuration: KubeSimConfiguration) {
        self.configuration = configuration
        store = ObjectStore(
            historyCapacity: configuration.historyCapacity, watchBufferCapacity: configuration.watchBufferCapacity)
        registry = ResourceRegistry()
        faults = FaultInjector(configuration.faults)
        controllers = ControllerSignals()
        for namespace in ["default", "kube-system", "kube-public", "kube-node-lease"] {
            _ = try? create(namespaces, version: "v1", namespace: nil, body: ["metadata": ["name": .string(namespace)]], options: WriteOptions(fieldManager: "kube-apiserver"))
        }
    }

    var namespaces: ServedResource {
        registry.resource(ResourceID(group: "", resource: "namespaces")) ?? BuiltInResources.all[0]
    }

    /// The storage key of an object of `resource` named `name` in `namespace`.
    func key(_ resource: ServedResource, namespace: String?, name: String) -> String {
        ObjectStore.key(namespace: resource.namespaced ? namespace : nil, name: name)
    }

    /// The object, or 404.
    func get(_ resource: ServedResource, version: String, namespace: String?, name: String) throws(APIError) -> JSONValue {
        guard let object = store.get(resource.id, key: key(resource, namespace: namespace, name: name)) else {
            throw APIError.notFound(resource.id, name: name)
        }
        return Self.converted(object, to: resource.apiVersion(version))
    }

    /// An object as read at `apiVersion` (CRD versions share storage, with conversion `None`).
    static func converted(_ object: JSONValue, to apiVersion: String) -> JSONValue {
        guard object["apiVersion"]?.stringValue != apiVersion else { return object }
        var copy = object
        copy["apiVersion"] = .string(apiVersion)
        return copy
    }

    /// Throws 404 unless the namespace exists, 403 when it is being deleted.
    func requireNamespace(_ namespace: String) throws(APIError) {
        guard let object = store.get(namespaces.id, key: namespace) else {
            throw APIError.notFound(namespaces.id, name: namespace)
        }
        if object[path: "metadata", "deletionTimestamp"]?.stringValue != nil {
            throw APIError(
                code: 403, reason: "Forbidden",
                message: "unable to create new content in namespace \(namespace) because it is being terminated")
        }
    }
}

/// Options every write takes from its query string.
struct WriteOptions: Sendable {
    /// The field manager recorded in managedFields (the query's `fieldManager`, or one derived from
    /// the client's User-Agent as kube-apiserver does).
    var fieldManager: String
    /// `dryRun=All`: validate and answer, store nothing.
    var dryRun = false
    /// Server-side apply's `force`.
    var force = false
    /// The write is a server-side apply, which sets managedFields itself.
    var isApply = false
}
