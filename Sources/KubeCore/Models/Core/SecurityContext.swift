/// core/v1 SecurityContext: a container's privileges; wins over the pod's settings.
public struct SecurityContext: Codable, Sendable, Hashable {
    public var capabilities: Capabilities?
    public var privileged: Bool?
    public var runAsUser: Int64?
    public var runAsGroup: Int64?
    /// The kubelet refuses to start the container if its user would be root.
    public var runAsNonRoot: Bool?
    public var readOnlyRootFilesystem: Bool?
    /// Controls the `no_new_privs` flag; always true when privileged or with `CAP_SYS_ADMIN`.
    public var allowPrivilegeEscalation: Bool?
    public var procMount: String?
    public var seccompProfile: SeccompProfile?
    public var seLinuxOptions: JSONValue?

    public init(
        capabilities: Capabilities? = nil, privileged: Bool? = nil, runAsUser: Int64? = nil,
        runAsGroup: Int64? = nil, runAsNonRoot: Bool? = nil, readOnlyRootFilesystem: Bool? = nil,
        allowPrivilegeEscalation: Bool? = nil, procMount: String? = nil,
        seccompProfile: SeccompProfile? = nil, seLinuxOptions: JSONValue? = nil
    ) {
        self.capabilities = capabilities
        self.privileged = privileged
        self.runAsUser = runAsUser
        self.runAsGroup = runAsGroup
        self.runAsNonRoot = runAsNonRoot
        self.readOnlyRootFilesystem = readOnlyRootFilesystem
        self.allowPrivilegeEscalation = allowPrivilegeEscalation
        self.procMount = procMount
        self.seccompProfile = seccompProfile
        self.seLinuxOptions = seLinuxOptions
    }
}

/// core/v1 Capabilities: Linux capabilities added to and dropped from the runtime's default set.
public struct Capabilities: Codable, Sendable, Hashable {
    public var add: [String]?
    /// The restricted Pod Security Standard requires `ALL`.
    public var drop: [String]?

    public init(add: [String]? = nil, drop: [String]? = nil) {
        self.add = add
        self.drop = drop
    }
}

/// core/v1 SeccompProfile: the seccomp filter a container runs under.
public struct SeccompProfile: Codable, Sendable, Hashable {
    /// `RuntimeDefault`, `Localhost` or `Unconfined`.
    public var type: String
    /// Set only with `Localhost`.
    public var localhostProfile: String?

    public init(type: String, localhostProfile: String? = nil) {
        self.type = type
        self.localhostProfile = localhostProfile
    }
}

/// core/v1 PodSecurityContext: privileges shared by every container of a pod.
public struct PodSecurityContext: Codable, Sendable, Hashable {
    public var runAsUser: Int64?
    public var runAsGroup: Int64?
    public var runAsNonRoot: Bool?
    /// The group that owns the pod's volumes.
    public var fsGroup: Int64?
    public var fsGroupChangePolicy: String?
    public var supplementalGroups: [Int64]?
    public var seccompProfile: SeccompProfile?
    public var sysctls: [JSONValue]?
    public var seLinuxOptions: JSONValue?

    public init(
        runAsUser: Int64? = nil, runAsGroup: Int64? = nil, runAsNonRoot: Bool? = nil, fsGroup: Int64? = nil,
        fsGroupChangePolicy: String? = nil, supplementalGroups: [Int64]? = nil,
        seccompProfile: SeccompProfile? = nil, sysctls: [JSONValue]? = nil, seLinuxOptions: JSONValue? = nil
    ) {
        self.runAsUser = runAsUser
        self.runAsGroup = runAsGroup
        self.runAsNonRoot = runAsNonRoot
        self.fsGroup = fsGroup
        self.fsGroupChangePolicy = fsGroupChangePolicy
        self.supplementalGroups = supplementalGroups
        self.seccompProfile = seccompProfile
        self.sysctls = sysctls
        self.seLinuxOptions = seLinuxOptions
    }
}
