import KubeCore

/// InferenceService -> Deployment, Service, HorizontalPodAutoscaler or KEDA ScaledObject,
/// PodDisruptionBudget (critical), NetworkPolicy, Ingress (routing), all named after the service.
struct InferenceServiceExpansion {
    let service: InferenceService
    let context: ExpansionContext
    let plan: ScalePlan

    static let component = "server"

    init(_ service: InferenceService, policy: EffectivePolicy, capabilities: ClusterCapabilities, owner: OwnerReference?) {
        self.service = service.withCRDDefaults()
        plan = ScalePlan(self.service.spec, policy: policy, capabilities: capabilities)
        context = ExpansionContext(
            resource: .inferenceService(self.service), policy: policy, owner: owner,
            extraLabels: [FleetLabels.model: service.spec.model.name, FleetLabels.modelVersion: service.spec.model.version])
    }

    var spec: InferenceServiceSpec { service.spec }
    var name: String { context.name }
    var port: Int32 { spec.port ?? InferenceServiceSpec.defaultPort }

    var children: [ChildObject] {
        var children = [deployment, kubernetesService]
        switch plan.autoscaler {
        case .horizontalPodAutoscaler: children.append(horizontalPodAutoscaler)
        case .scaledObject: children.append(scaledObject)
        case .none: break
        }
        if spec.tier == .critical && spec.stopped != true {
            children.append(context.podDisruptionBudget(name, component: Self.component))
        }
        children.append(networkPolicy)
        if let routing = spec.routing { children.append(ingress(routing)) }
        return children
    }

    // MARK: Workload

    private var deployment: ChildObject {
        var deploymentSpec: JSONObject = [:]
        // While an autoscaler runs it owns the replica count; setting it here would make every apply
        // fight the autoscaler (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#migrating-deployments-and-statefulsets-to-horizontal-autoscaling).
        if plan.autoscaler == .none { deploymentSpec["replicas"] = .int(Int64(plan.maxReplicas)) }
        deploymentSpec["selector"] = ["matchLabels": sortedObject(context.selector(Self.component))]
        deploymentSpec["template"] = podTemplate
        return context.manifest(ChildKind.deployment, name: name, component: Self.component, ["spec": .object(deploymentSpec)])
    }

    private var podTemplate: JSONValue {
        let resources = spec.resources
        var fixedEnv = [("MODEL_NAME", spec.model.name), ("MODEL_VERSION", spec.model.version), ("PORT", String(port))]
        if let uri = spec.model.storageUri { fixedEnv.append(("STORAGE_URI", uri)) }
        var container: JSONObject = ["name": "server", "image": .string(spec.image)]
        if let command = spec.command { container["command"] = .array(command.map { .string($0) }) }
        if let args = spec.args { container["args"] = .array(args.map { .string($0) }) }
        container["ports"] = [["name": "http", "containerPort": .int(Int64(port)), "protocol": "TCP"]]
        container["env"] = PodTemplate.environment(fixedEnv, spec.env)
        container["resources"] = PodTemplate.resources(
            cpu: resources?.cpu, memory: resources?.memory, gpus: resources?.gpuCount ?? 0, policy: context.policy)
        let probe: JSONValue = ["httpGet": ["path": .string(spec.healthPath ?? InferenceServiceSpec.defaultHealthPath), "port": "http"]]
        // Loading weights takes minutes: the startup probe allows 10 minutes before liveness applies.
        container["startupProbe"] = Self.probe(probe, period: 10, failures: 60)
        container["readinessProbe"] = Self.probe(probe, period: 5, failures: 3)
        container["livenessProbe"] = Self.probe(probe, period: 10, failures: 3)
        container["securityContext"] = PodTemplate.containerSecurity(spec.securityContext)
        let (nodeSelector, tolerations) = PodTemplate.gpuPlacement(resources?.gpuType, policy: context.policy)
        return PodTemplate(
            labels: context.labels(Self.component), containers: [.object(container)], nodeSelector: nodeSelector,
            tolerations: tolerations, overrides: spec.securityContext
        ).json
    }

    private static func probe(_ handler: JSONValue, period: Int64, failures: Int64) -> JSONValue {
        var probe = handler
        probe["periodSeconds"] = .int(period)
        probe["failureThreshold"] = .int(failures)
        return probe
    }

    private var kubernetesService: ChildObject {
        context.manifest(ChildKind.service, name: name, component: Self.component, [
            "spec": [
                "type": "ClusterIP",
                "selector": sortedObject(context.selector(Self.component)),
                "ports": [["name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"]],
            ],
        ])
    }

    // MARK: Autoscaling

    private var horizontalPodAutoscaler: ChildObject {
        let metric: JSONValue
        switch plan.metric {
        case .cpu, .memory, .prometheus:
            // prometheus only reaches here without KEDA, where the plan has already fallen back to cpu.
            metric = ["type": "Resource", "resource": [
                "name": .string(plan.metric == .memory ? "memory" : "cpu"),
                "target": ["type": "Utilization", "averageUtilization": .int(Int64(plan.target))],
            ]]
        case .concurrency:
            metric = ["type": "Pods", "pods": [
                "metric": ["name": .string(context.policy.concurrencyMetric)],
                "target": ["type": "AverageValue", "averageValue": .string(String(plan.target))],
            ]]
        }
        return context.manifest(ChildKind.horizontalPodAutoscaler, name: name, component: Self.component, [
            "spec": [
                "scaleTargetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": .string(name)],
                "minReplicas": .int(Int64(plan.minReplicas)),
                "maxReplicas": .int(Int64(plan.maxReplicas)),
                "metrics": [metric],
            ],
        ])
    }

    /// KEDA ScaledObject (https://keda.sh/docs/2.16/reference/scaledobject-spec/): idles at 0 replicas
    /// after `idleAfter` without activity when scale-to-zero is on, else follows a Prometheus query.
    private var scaledObject: ChildObject {
        var body: JSONObject = ["scaleTargetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": .string(name)]]
        body["pollingInterval"] = 15
        if plan.scalesToZero {
            let idleAfter = spec.scaleToZero?.idleAfter ?? context.policy.defaultIdleAfter
            body["cooldownPeriod"] = .int(FleetDuration.seconds(idleAfter) ?? 300)
            // KEDA allows idleReplicaCount only below minReplicaCount; with a floor of 1 the floor is 0.
            if plan.minReplicas > 1 {
                body["idleReplicaCount"] = 0
                body["minReplicaCount"] = .int(Int64(plan.minReplicas))
            } else {
                body["minReplicaCount"] = 0
            }
        } else {
            body["minReplicaCount"] = .int(Int64(plan.minReplicas))
        }
        body["maxReplicaCount"] = .int(Int64(plan.maxReplicas))
        body["triggers"] = .array(triggers)
        return context.manifest(ChildKind.scaledObject, name: name, component: Self.component, ["spec": .object(body)])
    }

    private var triggers: [JSONValue] {
        let inFlight = "sum(\(context.policy.concurrencyMetric){namespace=\"\(context.namespace)\",pod=~\"\(name)-[a-z0-9]+-[a-z0-9]+\"})"
        switch plan.metric {
        case .cpu, .memory:
            let utilization: JSONValue = [
                "type": .string(plan.metric.rawValue), "metricType": "Utilization",
                "metadata": ["value": .string(String(plan.target))],
            ]
            // KEDA cannot wake a deployment from zero on cpu or memory (no pod, no usage): requests in
            // flight are the activation signal.
            guard plan.scalesToZero else { return [utilization] }
            return [utilization, prometheusTrigger(query: inFlight, threshold: plan.target)]
        case .concurrency:
            return [prometheusTrigger(query: inFlight, threshold: plan.target)]
        case .prometheus:
            return [prometheusTrigger(query: spec.scaleQuery ?? "", threshold: plan.target)]
        }
    }

    private func prometheusTrigger(query: String, threshold: Int32) -> JSONValue {
        ["type": "prometheus", "metadata": [
            "serverAddress": .string(context.policy.prometheusAddress),
            "query": .string(query),
            "threshold": .string(String(threshold)),
            "activationThreshold": "0",
        ]]
    }

    // MARK: Availability and network

    /// Only the serving port is reachable; everything else to the pods is dropped.
    private var networkPolicy: ChildObject {
        context.manifest(ChildKind.networkPolicy, name: name, component: Self.component, [
            "spec": [
                "podSelector": ["matchLabels": sortedObject(context.selector(Self.component))],
                "policyTypes": ["Ingress"],
                "ingress": [["ports": [["protocol": "TCP", "port": .int(Int64(port))]]]],
            ],
        ])
    }

    private func ingress(_ routing: Routing) -> ChildObject {
        var body: JSONObject = [:]
        if let className = routing.ingressClassName { body["ingressClassName"] = .string(className) }
        if let secret = routing.tlsSecretName {
            body["tls"] = [["hosts": [.string(routing.host)], "secretName": .string(secret)]]
        }
        body["rules"] = [[
            "host": .string(routing.host),
            "http": ["paths": [[
                "path": .string(routing.path ?? InferenceServiceSpec.defaultRoutingPath), "pathType": "Prefix",
                "backend": ["service": ["name": .string(name), "port": ["name": "http"]]],
            ]]],
        ]]
        return context.manifest(ChildKind.ingress, name: name, component: Self.component, ["spec": .object(body)])
    }
}
