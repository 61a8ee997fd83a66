/// core/v1 Container: one container of a pod.
public struct Container: Codable, Sendable, Hashable {
    /// A DNS label, unique within the pod.
    public var name: String
    public var image: String?
    /// `Always`, `IfNotPresent` or `Never`.
    public var imagePullPolicy: String?
    /// Replaces the image's ENTRYPOINT.
    public var command: [String]?
    /// Replaces the image's CMD.
    public var args: [String]?
    public var workingDir: String?
    public var ports: [ContainerPort]?
    public var envFrom: [EnvFromSource]?
    public var env: [EnvVar]?
    public var resources: ResourceRequirements?
    public var volumeMounts: [VolumeMount]?
    public var livenessProbe: Probe?
    public var readinessProbe: Probe?
    public var startupProbe: Probe?
    /// postStart / preStop hooks, kept in their JSON form.
    public var lifecycle: JSONValue?
    public var terminationMessagePath: String?
    public var terminationMessagePolicy: String?
    public var securityContext: SecurityContext?
    /// `Always` on an init container makes it a sidecar.
    public var restartPolicy: String?
    public var stdin: Bool?
    public var tty: Bool?

    public init(
        name: String, image: String? = nil, imagePullPolicy: String? = nil, command: [String]? = nil,
        args: [String]? = nil, workingDir: String? = nil, ports: [ContainerPort]? = nil,
        envFrom: [EnvFromSource]? = nil, env: [EnvVar]? = nil, resources: ResourceRequirements? = nil,
        volumeMounts: [VolumeMount]? = nil, livenessProbe: Probe? = nil, readinessProbe: Probe? = nil,
        startupProbe: Probe? = nil, lifecycle: JSONValue? = nil, terminationMessagePath: String? = nil,
        terminationMessagePolicy: String? = nil, securityContext: SecurityContext? = nil,
        restartPolicy: String? = nil, stdin: Bool? = nil, tty: Bool? = nil
    ) {
        self.name = name
        self.image = image
        self.imagePullPolicy = imagePullPolicy
        self.command = command
        self.args = args
        self.workingDir = workingDir
        self.ports = ports
        self.envFrom = envFrom
        self.env = env
        self.resources = resources
        self.volumeMounts = volumeMounts
        self.livenessProbe = livenessProbe
        self.readinessProbe = readinessProbe
        self.startupProbe = startupProbe
        self.lifecycle = lifecycle
        self.terminationMessagePath = terminationMessagePath
        self.terminationMessagePolicy = terminationMessagePolicy
        self.securityContext = securityContext
        self.restartPolicy = restartPolicy
        self.stdin = stdin
        self.tty = tty
    }
}

/// core/v1 ContainerPort: a port a container listens on.
public struct ContainerPort: Codable, Sendable, Hashable {
    /// An IANA service name, referable from a Service's `targetPort`.
    public var name: String?
    public var containerPort: Int32
    /// `TCP` (the default), `UDP` or `SCTP`.
    public var `protocol`: String?
    public var hostPort: Int32?
    public var hostIP: String?

    public init(
        name: String? = nil, containerPort: Int32, `protocol`: String? = nil, hostPort: Int32? = nil,
        hostIP: String? = nil
    ) {
        self.name = name
        self.containerPort = containerPort
        self.`protocol` = `protocol`
        self.hostPort = hostPort
        self.hostIP = hostIP
    }
}

/// core/v1 EnvVar: one environment variable, a literal or a reference.
public struct EnvVar: Codable, Sendable, Hashable {
    public var name: String
    public var value: String?
    public var valueFrom: EnvVarSource?

    public init(name: String, value: String? = nil, valueFrom: EnvVarSource? = nil) {
        self.name = name
        self.value = value
        self.valueFrom = valueFrom
    }
}

/// core/v1 EnvVarSource: where an environment variable's value comes from.
public struct EnvVarSource: Codable, Sendable, Hashable {
    public var secretKeyRef: SecretKeySelector?
    public var configMapKeyRef: ConfigMapKeySelector?
    /// A field of the pod, e.g. `metadata.name` or `status.podIP`.
    public var fieldRef: ObjectFieldSelector?
    /// A container's resource limit or request.
    public var resourceFieldRef: ResourceFieldSelector?

    public init(
        secretKeyRef: SecretKeySelector? = nil, configMapKeyRef: ConfigMapKeySelector? = nil,
        fieldRef: ObjectFieldSelector? = nil, resourceFieldRef: ResourceFieldSelector? = nil
    ) {
        self.secretKeyRef = secretKeyRef
        self.configMapKeyRef = configMapKeyRef
        self.fieldRef = fieldRef
        self.resourceFieldRef = resourceFieldRef
    }
}

/// core/v1 SecretKeySelector: one key of a Secret.
public struct SecretKeySelector: Codable, Sendable, Hashable {
    public var name: String?
    public var key: String
    public var optional: Bool?

    public init(name: String? = nil, key: String, optional: Bool? = nil) {
        self.name = name
        self.key = key
        self.optional = optional
    }
}

/// core/v1 ConfigMapKeySelector: one key of a ConfigMap.
public struct ConfigMapKeySelector: Codable, Sendable, Hashable {
    public var name: String?
    public var key: String
    public var optional: Bool?

    public init(name: String? = nil, key: String, optional: Bool? = nil) {
        self.name = name
        self.key = key
        self.optional = optional
    }
}

/// core/v1 ObjectFieldSelector: a field of the pod, by path.
public struct ObjectFieldSelector: Codable, Sendable, Hashable {
    public var apiVersion: String?
    public var fieldPath: String

    public init(apiVersion: String? = nil, fieldPath: String) {
        self.apiVersion = apiVersion
        self.fieldPath = fieldPath
    }
}

/// core/v1 ResourceFieldSelector: a resource of a container, e.g. `limits.memory`.
public struct ResourceFieldSelector: Codable, Sendable, Hashable {
    public var containerName: String?
    public var resource: String
    public var divisor: Quantity?

    public init(containerName: String? = nil, resource: String, divisor: Quantity? = nil) {
        self.containerName = containerName
        self.resource = resource
        self.divisor = divisor
    }
}

/// core/v1 EnvFromSource: every key of a ConfigMap or Secret as environment variables.
public struct EnvFromSource: Codable, Sendable, Hashable {
    public var prefix: String?
    public var configMapRef: ConfigMapEnvSource?
    public var secretRef: SecretEnvSource?

    public init(
        prefix: String? = nil, configMapRef: ConfigMapEnvSource? = nil, secretRef: SecretEnvSource? = nil
    ) {
        self.prefix = prefix
        self.configMapRef = configMapRef
        self.secretRef = secretRef
    }
}

/// core/v1 ConfigMapEnvSource: the ConfigMap whose keys become variables.
public struct ConfigMapEnvSource: Codable, Sendable, Hashable {
    public var name: String?
    public var optional: Bool?

    public init(name: String? = nil, optional: Bool? = nil) {
        self.name = name
        self.optional = optional
    }
}

/// core/v1 SecretEnvSource: the Secret whose keys become variables.
public struct SecretEnvSource: Codable, Sendable, Hashable {
    public var name: String?
    public var optional: Bool?

    public init(name: String? = nil, optional: Bool? = nil) {
        self.name = name
        self.optional = optional
    }
}

/// core/v1 ResourceRequirements: compute resources a container requests and is limited to.
///
/// Also used for a claim's storage (`VolumeResourceRequirements` in the API, the same two maps).
public struct ResourceRequirements: Codable, Sendable, Hashable {
    /// e.g. `cpu`, `memory`, `nvidia.com/gpu`.
    public var limits: [String: Quantity]?
    /// Defaults to `limits` for a resource that has a limit and no request.
    public var requests: [String: Quantity]?

    public init(limits: [String: Quantity]? = nil, requests: [String: Quantity]? = nil) {
        self.limits = limits
        self.requests = requests
    }
}

/// core/v1 VolumeMount: where a volume appears in a container.
public struct VolumeMount: Codable, Sendable, Hashable {
    public var name: String
    public var mountPath: String
    public var subPath: String?
    public var readOnly: Bool?
    public var mountPropagation: String?

    public init(
        name: String, mountPath: String, subPath: String? = nil, readOnly: Bool? = nil,
        mountPropagation: String? = nil
    ) {
        self.name = name
        self.mountPath = mountPath
        self.subPath = subPath
        self.readOnly = readOnly
        self.mountPropagation = mountPropagation
    }
}
