public import KubeCore

/// One object a custom resource expands into: where it is served and the manifest to apply.
///
/// The manifest holds only the fields the operator means to own, so that server-side apply makes the
/// operator the manager of exactly those (never `spec.replicas` of an autoscaled Deployment).
public struct ChildObject: Sendable, Hashable {
    /// The kind and resource, so a reconciler knows the URL to apply it at.
    public var descriptor: ResourceDescriptor
    /// The full manifest: apiVersion, kind, metadata (name, namespace, labels, owner reference, the
    /// ``appliedHashAnnotation``) and spec.
    public private(set) var manifest: JSONValue
    /// Paths set only when the object is created and left to another controller afterwards (a Job's
    /// `spec.suspend`, which Kueue flips on admission). A reconciler creates with the full manifest and
    /// removes these paths from later applies.
    public let createOnlyFields: [[String]]
    /// Paths the API server refuses to change once the object exists (a Job's pod template,
    /// `completions` and `completionMode`: a 422). Later applies send them as they are live, so that
    /// the rest of the manifest can still be applied; only making the object again changes them.
    public let immutableFields: [[String]]

    /// A child applied from `manifest`, which gets the ``appliedHashAnnotation`` of its content.
    public init(
        descriptor: ResourceDescriptor, manifest: JSONValue, createOnlyFields: [[String]] = [], immutableFields: [[String]] = []
    ) {
        self.descriptor = descriptor
        self.createOnlyFields = createOnlyFields
        self.immutableFields = immutableFields
        let unstamped = Self.removingAppliedHash(from: manifest)
        self.manifest = unstamped
        self.manifest[path: "metadata", "annotations", Self.appliedHashAnnotation] =
            .string(Self.appliedHash(of: unstamped, createOnlyFields: createOnlyFields))
    }

    /// Carries, on every child, a stable hash of what the operator applies to it. When a live child
    /// differs from its manifest, an equal hash means the operator's intent has not changed since it
    /// last applied it, so someone else changed the child (drift); a different hash means the intent
    /// changed. Kept on the object, it tells the two apart after a restart or a change of leader too.
    public static let appliedHashAnnotation = "aifleet.dev/applied-hash"

    /// The ``appliedHashAnnotation`` of this manifest.
    public var appliedHash: String {
        manifest[path: "metadata", "annotations", Self.appliedHashAnnotation]?.stringValue ?? ""
    }

    /// Whether `live` (a copy of this child from the API server) was last applied from a manifest
    /// equal to this one.
    public func wasLastApplied(to live: JSONValue) -> Bool {
        live[path: "metadata", "annotations", Self.appliedHashAnnotation]?.stringValue == appliedHash
    }

    /// The manifest without the ``appliedHashAnnotation``: what `aifleet render` prints. A tool that
    /// applies the render (a GitOps sync fighting the operator) then leaves the operator's hash
    /// alone, and its changes count as drift.
    public var manifestWithoutAppliedHash: JSONValue {
        Self.removingAppliedHash(from: manifest)
    }

    /// `manifest` without the annotation, and without an `annotations` object that would be left empty
    /// (so that a manifest hashes the same whether or not it was stamped before).
    private static func removingAppliedHash(from manifest: JSONValue) -> JSONValue {
        guard var annotations = manifest[path: "metadata", "annotations"]?.objectValue else { return manifest }
        annotations[appliedHashAnnotation] = nil
        var copy = manifest
        copy[path: "metadata", "annotations"] = annotations.isEmpty ? nil : .object(annotations)
        return copy
    }

    /// The hash of what an update applies (the manifest without its create-only fields), so that a
    /// change of those fields counts as a new intent (a queued Job the user suspends again), and the
    /// first apply and the later ones agree. Members are hashed in the order the expansion writes
    /// them, which the golden renders pin: hashing a key-sorted copy instead cost the operator a
    /// sixth more CPU per workload.
    private static func appliedHash(of manifest: JSONValue, createOnlyFields: [[String]]) -> String {
        var applied = manifest
        for path in createOnlyFields { applied[path: path] = nil }
        return ContentHash.hex(applied.serialized())
    }

    public var name: String { manifest[path: "metadata", "name"]?.stringValue ?? "" }
    public var namespace: String? { manifest[path: "metadata", "namespace"]?.stringValue }

    /// The manifest to apply to an object that already exists: without ``createOnlyFields``.
    public var manifestForUpdate: JSONValue {
        var copy = manifest
        for path in createOnlyFields { copy[path: path] = nil }
        return copy
    }

    /// The manifest to apply over `live`, the object as it exists: ``manifestForUpdate`` with the
    /// ``immutableFields`` as they are live (absent where `live` lacks them).
    public func manifestForUpdate(over live: JSONValue) -> JSONValue {
        var copy = manifestForUpdate
        for path in immutableFields { copy[path: path] = live[path: path] }
        return copy
    }

    /// `manifest` without the ``immutableFields``: what a write memory compares, the same whether
    /// they came from the expansion (a create) or from the live object (an update).
    public func withoutImmutableFields(_ manifest: JSONValue) -> JSONValue {
        var copy = manifest
        for path in immutableFields { copy[path: path] = nil }
        return copy
    }

    /// `Kind/name`, as kubectl names objects.
    public var reference: String { "\(descriptor.kind.kind)/\(name)" }
}

/// Where the kinds that aifleet creates are served (Kubernetes v1.30+, KEDA v2).
public enum ChildKind {
    public static let deployment = Deployment.descriptor
    public static let statefulSet = StatefulSet.descriptor
    public static let service = Service.descriptor
    public static let persistentVolumeClaim = PersistentVolumeClaim.descriptor
    public static let resourceQuota = ResourceQuota.descriptor
    public static let limitRange = LimitRange.descriptor
    public static let horizontalPodAutoscaler = HorizontalPodAutoscaler.descriptor
    public static let job = Job.descriptor
    public static let podDisruptionBudget = PodDisruptionBudget.descriptor
    public static let networkPolicy = NetworkPolicy.descriptor
    public static let ingress = Ingress.descriptor
    /// KEDA's ScaledObject (https://keda.sh/docs/latest/reference/scaledobject-spec/); served only
    /// when KEDA is installed, so KubeCore has no model of it.
    public static let scaledObject = ResourceDescriptor(
        kind: GroupVersionKind(group: "keda.sh", version: "v1alpha1", kind: "ScaledObject"), plural: "scaledobjects",
        namespaced: true)

    /// Every kind above.
    public static let all = [
        deployment, statefulSet, service, persistentVolumeClaim, resourceQuota, limitRange, horizontalPodAutoscaler,
        job, podDisruptionBudget, networkPolicy, ingress, scaledObject,
    ]
}
