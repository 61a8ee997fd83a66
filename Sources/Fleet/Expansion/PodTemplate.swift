import KubeCore

/// The parts of a pod that every aifleet workload builds the same way: restricted security,
/// resources with the policy's floor, environment, and GPU or spot placement.
struct PodTemplate {
    var labels: [String: String]
    var containers: [JSONValue]
    var nodeSelector: [String: String] = [:]
    var tolerations: [Toleration] = []
    var overrides: SecurityOverrides?
    var volumes: [JSONValue] = []
    var restartPolicy: String?
    var subdomain: String?

    /// The template: labels, then a pod spec that never mounts the API token (the workloads do not
    /// call the API server) and runs under the restricted Pod Security Standard
    /// (https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted).
    var json: JSONValue {
        var spec: JSONObject = [:]
        if let restartPolicy { spec["restartPolicy"] = .string(restartPolicy) }
        if let subdomain { spec["subdomain"] = .string(subdomain) }
        spec["automountServiceAccountToken"] = false
        var security: JSONObject = ["runAsNonRoot": true]
        if let user = overrides?.runAsUser { security["runAsUser"] = .int(user) }
        if let group = overrides?.runAsGroup { security["runAsGroup"] = .int(group) }
        if let fsGroup = overrides?.fsGroup { security["fsGroup"] = .int(fsGroup) }
        security["seccompProfile"] = ["type": "RuntimeDefault"]
        spec["securityContext"] = .object(security)
        if !nodeSelector.isEmpty { spec["nodeSelector"] = sortedObject(nodeSelector) }
        if !tolerations.isEmpty {
            spec["tolerations"] = .array(tolerations.compactMap { try? JSONValue(encoding: $0) })
        }
        spec["containers"] = .array(containers)
        if !volumes.isEmpty { spec["volumes"] = .array(volumes) }
        return ["metadata": ["labels": sortedObject(labels)], "spec": .object(spec)]
    }

    /// A container's security context: no privilege escalation, every capability dropped; the
    /// resource's overrides as asked (the policy reports the privileged ones).
    static func containerSecurity(_ overrides: SecurityOverrides?) -> JSONValue {
        var security: JSONObject = ["allowPrivilegeEscalation": .bool(overrides?.allowPrivilegeEscalation ?? false)]
        if let privileged = overrides?.privileged { security["privileged"] = .bool(privileged) }
        if let readOnly = overrides?.readOnlyRootFilesystem { security["readOnlyRootFilesystem"] = .bool(readOnly) }
        var capabilities: JSONObject = ["drop": ["ALL"]]
        if let added = overrides?.addCapabilities, !added.isEmpty { capabilities["add"] = .array(added.map { .string($0) }) }
        security["capabilities"] = .object(capabilities)
        return .object(security)
    }

    /// Requests (cpu, memory, GPUs) and limits (memory, GPUs). No cpu limit: it throttles model
    /// servers without protecting anyone, as the request already reserves the cores.
    static func resources(cpu: Quantity?, memory: Quantity?, gpus: Int, policy: EffectivePolicy) -> JSONValue {
        let memoryValue = JSONValue.string((memory ?? policy.defaultMemory).description)
        var requests: JSONObject = ["cpu": .string((cpu ?? policy.defaultCPU).description), "memory": memoryValue]
        var limits: JSONObject = ["memory": memoryValue]
        if gpus > 0 {
            // Extended resources need request == limit; `nvidia.com/gpu` is the NVIDIA device plugin's name.
            requests["nvidia.com/gpu"] = .string(String(gpus))
            limits["nvidia.com/gpu"] = .string(String(gpus))
        }
        return ["requests": .object(requests), "limits": .object(limits)]
    }

    /// Environment variables: the ones aifleet sets first, then the resource's, in its order.
    static func environment(_ fixed: [(String, String)], _ env: [EnvironmentVariable]?) -> JSONValue {
        var variables: [JSONValue] = fixed.map { ["name": .string($0.0), "value": .string($0.1)] }
        for variable in env ?? [] {
            if let encoded = try? JSONValue(encoding: variable) { variables.append(encoded) }
        }
        return .array(variables)
    }

    /// Node selector and tolerations of a GPU class, if `gpuType` names one.
    static func gpuPlacement(_ gpuType: String?, policy: EffectivePolicy) -> ([String: String], [Toleration]) {
        guard let gpuType, let gpuClass = policy.gpuClass(named: gpuType) else { return ([:], []) }
        return (gpuClass.nodeSelector ?? [:], gpuClass.tolerations ?? [])
    }
}
