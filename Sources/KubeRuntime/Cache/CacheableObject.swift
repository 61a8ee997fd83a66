public import KubeCore

/// What the cache reads from an object's metadata, so that one ``Store`` serves typed models and
/// dynamic `JSONValue` objects alike.
///
/// Typed models get every requirement from ``KubeCore/KubernetesResource``: declare
/// `extension Deployment: CacheableObject {}`.
public protocol CacheableObject: Sendable {
    /// `metadata.name`.
    var objectName: String? { get }
    /// `metadata.namespace`; `nil` for cluster-scoped objects.
    var objectNamespace: String? { get }
    /// `metadata.resourceVersion`: two copies of one object with the same version are the same.
    var objectResourceVersion: String? { get }
    /// `metadata.labels`, empty when there are none.
    var objectLabels: [String: String] { get }
    /// `metadata.generation`: bumped by the API server on spec changes only.
    var objectGeneration: Int64? { get }
    /// The owner reference with `controller: true`, if any.
    var controllerOwner: OwnerReference? { get }
    /// Removes what a controller never reads but the API server sends with every object:
    /// `metadata.managedFields` and the `kubectl.kubernetes.io/last-applied-configuration`
    /// annotation, which together are often most of an object's size.
    mutating func removeManagedFieldsAndLastApplied()
}

extension CacheableObject {
    /// The uid of the owner reference with `controller: true`, if any.
    public var controllerUID: String? { controllerOwner?.uid }
}

/// The annotation `kubectl apply` writes with the whole applied manifest.
let lastAppliedConfigurationAnnotation = "kubectl.kubernetes.io/last-applied-configuration"

extension CacheableObject where Self: KubernetesResource {
    public var objectName: String? { metadata.name }
    public var objectNamespace: String? { metadata.namespace }
    public var objectResourceVersion: String? { metadata.resourceVersion }
    public var objectLabels: [String: String] { metadata.labels ?? [:] }
    public var objectGeneration: Int64? { metadata.generation }
    public var controllerOwner: OwnerReference? { metadata.controllerReference }

    public mutating func removeManagedFieldsAndLastApplied() {
        metadata.managedFields = nil
        metadata.annotations?[lastAppliedConfigurationAnnotation] = nil
        if metadata.annotations?.isEmpty == true { metadata.annotations = nil }
    }
}

extension JSONValue: CacheableObject {
    public var objectName: String? { self["metadata"]?["name"]?.stringValue }
    public var objectNamespace: String? { self["metadata"]?["namespace"]?.stringValue }
    public var objectResourceVersion: String? { self["metadata"]?["resourceVersion"]?.stringValue }

    public var objectLabels: [String: String] {
        guard let labels = self["metadata"]?["labels"]?.objectValue else { return [:] }
        var result: [String: String] = [:]
        for (key, value) in labels {
            if let value = value.stringValue { result[key] = value }
        }
        return result
    }

    public var objectGeneration: Int64? { self["metadata"]?["generation"]?.intValue }

    public var controllerOwner: OwnerReference? {
        guard let owners = self["metadata"]?["ownerReferences"]?.arrayValue else { return nil }
        let controller = owners.first { $0["controller"]?.boolValue == true }
        return try? controller?.decode(OwnerReference.self)
    }

    public mutating func removeManagedFieldsAndLastApplied() {
        guard case .object(var object) = self, case .object(var metadata)? = object["metadata"] else { return }
        metadata["managedFields"] = nil
        if case .object(var annotations)? = metadata["annotations"] {
            annotations[lastAppliedConfigurationAnnotation] = nil
            metadata["annotations"] = annotations.isEmpty ? nil : .object(annotations)
        }
        // Drop the copy inside `self` first, so that the edited members are not copied on write.
        self = .null
        object["metadata"] = .object(metadata)
        self = .object(object)
    }
}
