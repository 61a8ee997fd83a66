public import KubeCore

// Types shared by the aifleet kinds. Property names are the CRD's field names exactly (no custom
// coding keys): FleetTests' schema test walks crds/ and fails when a name or a field differs.

/// The API group and version every aifleet kind is served in.
public enum FleetAPI {
    /// `aifleet.dev`
    public static let group = "aifleet.dev"
    /// `v1alpha1`
    public static let version = "v1alpha1"
    /// `aifleet.dev/v1alpha1`
    public static let apiVersion = "\(group)/\(version)"
}

/// What each pod of a service (or each worker of a job) requests.
public struct PodResources: Codable, Sendable, Hashable {
    /// CPU request (the floor); the policy's default when unset.
    public var cpu: Quantity?
    /// Memory request and limit; the policy's default when unset.
    public var memory: Quantity?
    /// GPUs per pod (`nvidia.com/gpu`).
    public var gpu: Int32?
    /// The GPU class (one of the policy's `gpuClasses`).
    public var gpuType: String?

    public init(cpu: Quantity? = nil, memory: Quantity? = nil, gpu: Int32? = nil, gpuType: String? = nil) {
        self.cpu = cpu
        self.memory = memory
        self.gpu = gpu
        self.gpuType = gpuType
    }

    /// GPUs per pod, 0 when none.
    public var gpuCount: Int { Int(gpu ?? 0) }
}

/// One environment variable: a literal value or a reference to a Secret or ConfigMap key.
public struct EnvironmentVariable: Codable, Sendable, Hashable {
    public var name: String
    /// A literal value; never a secret (the policy's inline-secret rule).
    public var value: String?
    public var valueFrom: EnvironmentSource?

    public init(name: String, value: String? = nil, valueFrom: EnvironmentSource? = nil) {
        self.name = name
        self.value = value
        self.valueFrom = valueFrom
    }
}

/// Where an environment variable's value comes from.
public struct EnvironmentSource: Codable, Sendable, Hashable {
    public var secretKeyRef: KeyReference?
    public var configMapKeyRef: KeyReference?

    public init(secretKeyRef: KeyReference? = nil, configMapKeyRef: KeyReference? = nil) {
        self.secretKeyRef = secretKeyRef
        self.configMapKeyRef = configMapKeyRef
    }
}

/// A key of a Secret or ConfigMap in the resource's namespace.
public struct KeyReference: Codable, Sendable, Hashable {
    public var name: String
    public var key: String

    public init(name: String, key: String) {
        self.name = name
        self.key = key
    }
}

/// Exceptions to the restricted pod security that aifleet applies; the policy reports the
/// privileged ones (`privileged`, `allowPrivilegeEscalation`, added capabilities, root).
public struct SecurityOverrides: Codable, Sendable, Hashable {
    public var runAsUser: Int64?
    public var runAsGroup: Int64?
    public var fsGroup: Int64?
    public var readOnlyRootFilesystem: Bool?
    public var privileged: Bool?
    public var allowPrivilegeEscalation: Bool?
    /// Capabilities added after dropping ALL, without the `CAP_` prefix.
    public var addCapabilities: [String]?

    public init(
        runAsUser: Int64? = nil, runAsGroup: Int64? = nil, fsGroup: Int64? = nil,
        readOnlyRootFilesystem: Bool? = nil, privileged: Bool? = nil, allowPrivilegeEscalation: Bool? = nil,
        addCapabilities: [String]? = nil
    ) {
        self.runAsUser = runAsUser
        self.runAsGroup = runAsGroup
        self.fsGroup = fsGroup
        self.readOnlyRootFilesystem = readOnlyRootFilesystem
        self.privileged = privileged
        self.allowPrivilegeEscalation = allowPrivilegeEscalation
        self.addCapabilities = addCapabilities
    }
}
