/// core/v1 PersistentVolumeClaim: a request for storage.
public struct PersistentVolumeClaim: KubernetesResource, Hashable {
    public static let descriptor = ResourceDescriptor(
        kind: GroupVersionKind(group: "", version: "v1", kind: "PersistentVolumeClaim"), plural: "persistentvolumeclaims",
        namespaced: true)

    /// `v1`, set by the initializer; items of a list read from the API server omit it.
    public var apiVersion: String?
    /// `PersistentVolumeClaim`, set by the initializer; items of a list read from the API server omit it.
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: PersistentVolumeClaimSpec?
    public var status: PersistentVolumeClaimStatus?

    public init(
        metadata: ObjectMeta = ObjectMeta(), spec: PersistentVolumeClaimSpec? = nil,
        status: PersistentVolumeClaimStatus? = nil
    ) {
        apiVersion = Self.apiVersion
        kind = Self.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// core/v1 PersistentVolumeClaimSpec.
public struct PersistentVolumeClaimSpec: Codable, Sendable, Hashable {
    /// e.g. `ReadWriteOnce`, `ReadOnlyMany`, `ReadWriteMany`, `ReadWriteOncePod`.
    public var accessModes: [String]?
    /// `requests.storage` is the size asked for.
    public var resources: ResourceRequirements?
    /// Empty asks for no class; unset takes the default class.
    public var storageClassName: String?
    public var volumeMode: String?
    public var volumeName: String?
    public var selector: LabelSelector?
    public var dataSource: TypedLocalObjectReference?

    public init(
        accessModes: [String]? = nil, resources: ResourceRequirements? = nil, storageClassName: String? = nil,
        volumeMode: String? = nil, volumeName: String? = nil, selector: LabelSelector? = nil,
        dataSource: TypedLocalObjectReference? = nil
    ) {
        self.accessModes = accessModes
        self.resources = resources
        self.storageClassName = storageClassName
        self.volumeMode = volumeMode
        self.volumeName = volumeName
        self.selector = selector
        self.dataSource = dataSource
    }
}

/// core/v1 PersistentVolumeClaimStatus.
public struct PersistentVolumeClaimStatus: Codable, Sendable, Hashable {
    /// `Pending`, `Bound` or `Lost`.
    public var phase: String?
    public var accessModes: [String]?
    public var capacity: [String: Quantity]?
    public var conditions: [JSONValue]?

    public init(
        phase: String? = nil, accessModes: [String]? = nil, capacity: [String: Quantity]? = nil,
        conditions: [JSONValue]? = nil
    ) {
        self.phase = phase
        self.accessModes = accessModes
        self.capacity = capacity
        self.conditions = conditions
    }
}
