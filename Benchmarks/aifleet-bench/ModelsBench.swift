// Suite `models`: decoding a 5,000-item DeploymentList such as an operator's informer lists at start-up.
// Two figures: through `JSONValue(parsing:)` then `decode` (the client's dynamic path), and straight
// `JSONDecoder` from the bytes; plus their ratio, so it is clear which is faster.
import Foundation
import KubeCore

func modelsBench() throws {
    let itemCount = 5_000
    let bytes = try deploymentListJSON(count: itemCount)
    let data = Data(bytes)

    func itemsPerSecond(_ body: () throws -> Int) throws -> Double {
        var rates: [Double] = []
        for run in 0...5 {  // run 0 is the warm-up
            let start = ContinuousClock.now
            let decoded = try body()
            let elapsed = ContinuousClock.now - start
            precondition(decoded == itemCount, "decoded \(decoded) of \(itemCount) items")
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            if run > 0 { rates.append(Double(itemCount) / seconds) }
        }
        return rates.sorted()[rates.count / 2]
    }

    let viaJSONValue = try itemsPerSecond {
        try JSONValue(parsing: bytes).decode(ObjectList<Deployment>.self).items.count
    }
    let viaJSONDecoder = try itemsPerSecond {
        try JSONDecoder().decode(ObjectList<Deployment>.self, from: data).items.count
    }
    print("models.decode_deployment_list_items_per_s \(Int(viaJSONValue)) items/s")
    print("models.jsondecoder_deployment_list_items_per_s \(Int(viaJSONDecoder)) items/s")
    print("models.jsondecoder_speedup \(String(format: "%.2f", viaJSONDecoder / viaJSONValue)) x")
    print("models.deployment_list_bytes \(bytes.count) bytes")
}

/// A DeploymentList as the API server would return the Deployments of an operator: owner references,
/// managed fields, a GPU container with probes and a restricted security context, and status.
private func deploymentListJSON(count: Int) throws -> [UInt8] {
    var items: [Deployment] = []
    items.reserveCapacity(count)
    for index in 0..<count {
        let name = "model-\(index)"
        let labels = [
            "app.kubernetes.io/name": "inference", "app.kubernetes.io/instance": name,
            "app.kubernetes.io/managed-by": "aifleet", "aifleet.dev/team": "team-\(index % 17)",
            "aifleet.dev/cost-center": "cc-\(index % 5)", "aifleet.dev/environment": "prod",
            "aifleet.dev/data-classification": "internal", "aifleet.dev/model": "llama-\(index % 9)",
        ]
        let container = Container(
            name: "server", image: "ghcr.io/acme/vllm:0.6.\(index % 4)", imagePullPolicy: "IfNotPresent",
            args: ["--model", "/models/\(name)", "--port", "8080"],
            ports: [ContainerPort(name: "http", containerPort: 8080, protocol: "TCP")],
            env: [
                EnvVar(name: "HF_TOKEN", valueFrom: EnvVarSource(secretKeyRef: SecretKeySelector(name: "hf", key: "token"))),
                EnvVar(name: "MODEL_NAME", value: name),
            ],
            resources: ResourceRequirements(
                limits: ["cpu": "4", "memory": "32Gi", "nvidia.com/gpu": "1"],
                requests: ["cpu": "2", "memory": "16Gi", "nvidia.com/gpu": "1"]),
            volumeMounts: [VolumeMount(name: "models", mountPath: "/models", readOnly: true)],
            livenessProbe: Probe(tcpSocket: TCPSocketAction(port: "http"), periodSeconds: 10),
            readinessProbe: Probe(httpGet: HTTPGetAction(path: "/health", port: "http"), initialDelaySeconds: 10),
            terminationMessagePath: "/dev/termination-log", terminationMessagePolicy: "File",
            securityContext: SecurityContext(
                capabilities: Capabilities(drop: ["ALL"]), runAsNonRoot: true, readOnlyRootFilesystem: true,
                allowPrivilegeEscalation: false, seccompProfile: SeccompProfile(type: "RuntimeDefault")))
        let metadata = ObjectMeta(
            name: name, namespace: "team-\(index % 17)", uid: "uid-\(index)", resourceVersion: "\(1000 + index)",
            generation: 2, creationTimestamp: "2026-11-20T09:14:03Z", labels: labels,
            annotations: ["deployment.kubernetes.io/revision": "2"],
            ownerReferences: [
                OwnerReference(
                    apiVersion: "aifleet.dev/v1alpha1", kind: "InferenceService", name: name, uid: "owner-\(index)",
                    controller: true, blockOwnerDeletion: true)
            ],
            managedFields: [
                ManagedFieldsEntry(
                    manager: "aifleet", operation: "Apply", apiVersion: "apps/v1", time: "2026-11-20T09:14:03Z",
                    fieldsType: "FieldsV1",
                    fieldsV1: ["f:spec": ["f:template": ["f:spec": ["f:containers": [#"k:{"name":"server"}"#: [".": [:]]]]]]])
            ])
        let spec = DeploymentSpec(
            replicas: 2, selector: LabelSelector(matchLabels: ["app.kubernetes.io/instance": name]),
            template: PodTemplateSpec(
                metadata: ObjectMeta(labels: labels),
                spec: PodSpec(
                    containers: [container],
                    volumes: [Volume(name: "models", persistentVolumeClaim: PersistentVolumeClaimVolumeSource(claimName: "cache"))],
                    nodeSelector: ["nvidia.com/gpu.product": "NVIDIA-A100-SXM4-80GB"],
                    tolerations: [Toleration(key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule")],
                    securityContext: PodSecurityContext(runAsNonRoot: true, fsGroup: 1000),
                    restartPolicy: "Always", terminationGracePeriodSeconds: 30)),
            strategy: DeploymentStrategy(
                type: "RollingUpdate", rollingUpdate: RollingUpdateDeployment(maxUnavailable: "25%", maxSurge: "25%")),
            revisionHistoryLimit: 10, progressDeadlineSeconds: 600)
        let status = DeploymentStatus(
            observedGeneration: 2, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2,
            conditions: [
                DeploymentCondition(
                    type: "Available", status: "True", lastUpdateTime: "2026-11-20T09:15:41Z",
                    lastTransitionTime: "2026-11-20T09:15:41Z", reason: "MinimumReplicasAvailable",
                    message: "Deployment has minimum availability.")
            ])
        var deployment = Deployment(metadata: metadata, spec: spec, status: status)
        // List items from the API server carry no apiVersion/kind of their own.
        deployment.apiVersion = nil
        deployment.kind = nil
        items.append(deployment)
    }
    let list = ObjectList(apiVersion: "apps/v1", kind: "DeploymentList", metadata: ListMeta(resourceVersion: "99999"), items: items)
    return try JSONValue(encoding: list).serialized()
}
