/// core/v1 Volume: a named volume of a pod; exactly one source is set.
public struct Volume: Codable, Sendable, Hashable {
    public var name: String
    public var emptyDir: EmptyDirVolumeSource?
    public var persistentVolumeClaim: PersistentVolumeClaimVolumeSource?
    public var configMap: ConfigMapVolumeSource?
    public var secret: SecretVolumeSource?
    public var projected: JSONValue?
    public var downwardAPI: JSONValue?
    public var hostPath: JSONValue?

    public init(
        name: String, emptyDir: EmptyDirVolumeSource? = nil,
        persistentVolumeClaim: PersistentVolumeClaimVolumeSource? = nil,
        configMap: ConfigMapVolumeSource? = nil, secret: SecretVolumeSource? = nil,
        projected: JSONValue? = nil, downwardAPI: JSONValue? = nil, hostPath: JSONValue? = nil
    ) {
        self.name = name
        self.emptyDir = emptyDir
        self.persistentVolumeClaim = persistentVolumeClaim
        self.configMap = configMap
        self.secret = secret
        self.projected = projected
        self.downwardAPI = downwardAPI
        self.hostPath = hostPath
    }
}

/// core/v1 EmptyDirVolumeSource: scratch space that lives as long as the pod.
public struct EmptyDirVolumeSource: Codable, Sendable, Hashable {
    /// `Memory` for a tmpfs.
    public var medium: String?
    public var sizeLimit: Quantity?

    public init(medium: String? = nil, sizeLimit: Quantity? = nil) {
        self.medium = medium
        self.sizeLimit = sizeLimit
    }
}

/// core/v1 PersistentVolumeClaimVolumeSource: a claim in the pod's namespace.
public struct PersistentVolumeClaimVolumeSource: Codable, Sendable, Hashable {
    public var claimName: String
    public var readOnly: Bool?

    public init(claimName: String, readOnly: Bool? = nil) {
        self.claimName = claimName
        self.readOnly = readOnly
    }
}

/// core/v1 ConfigMapVolumeSource: a ConfigMap's keys as files.
public struct ConfigMapVolumeSource: Codable, Sendable, Hashable {
    public var name: String?
    /// Only these keys, at these paths; all keys when unset.
    public var items: [KeyToPath]?
    public var defaultMode: Int32?
    public var optional: Bool?

    public init(
        name: String? = nil, items: [KeyToPath]? = nil, defaultMode: Int32? = nil, optional: Bool? = nil
    ) {
        self.name = name
        self.items = items
        self.defaultMode = defaultMode
        self.optional = optional
    }
}

/// core/v1 SecretVolumeSource: a Secret's keys as files.
public struct SecretVolumeSource: Codable, Sendable, Hashable {
    public var secretName: String?
    public var items: [KeyToPath]?
    public var defaultMode: Int32?
    public var optional: Bool?

    public init(
        secretName: String? = nil, items: [KeyToPath]? = nil, defaultMode: Int32? = nil,
        optional: Bool? = nil
    ) {
        self.secretName = secretName
        self.items = items
        self.defaultMode = defaultMode
        self.optional = optional
    }
}

/// core/v1 KeyToPath: one key projected to a relative file path.
public struct KeyToPath: Codable, Sendable, Hashable {
    public var key: String
    public var path: String
    public var mode: Int32?

    public init(key: String, path: String, mode: Int32? = nil) {
        self.key = key
        self.path = path
        self.mode = mode
    }
}
