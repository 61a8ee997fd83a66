import KubeCore

/// FeatureStore -> headless Service and StatefulSet `NAME-online`, PodDisruptionBudget and
/// NetworkPolicy `NAME-online`, Deployment and Service `NAME-server`.
struct FeatureStoreExpansion {
    let store: FeatureStore
    let context: ExpansionContext

    static let onlineComponent = "online-store"
    static let serverComponent = "feature-server"
    /// The Redis protocol port the online store serves.
    static let onlinePort: Int64 = 6379
    /// The `redis` user of the official Redis image, so the store runs as non-root without changes.
    static let onlineUser: Int64 = 999

    init(_ store: FeatureStore, policy: EffectivePolicy, owner: OwnerReference?) {
        self.store = store.withCRDDefaults()
        context = ExpansionContext(resource: .featureStore(self.store), policy: policy, owner: owner, extraLabels: [:])
    }

    var spec: FeatureStoreSpec { store.spec }
    var onlineName: String { "\(context.name)-online" }
    var serverName: String { "\(context.name)-server" }
    var serverPort: Int32 { spec.featureServer.port ?? FeatureServer.defaultPort }

    var children: [ChildObject] {
        [
            onlineService, statefulSet, context.podDisruptionBudget(onlineName, component: Self.onlineComponent),
            networkPolicy, serverDeployment, serverService,
        ]
    }

    // MARK: Online store

    private var onlineService: ChildObject {
        context.manifest(ChildKind.service, name: onlineName, component: Self.onlineComponent, [
            "spec": [
                "clusterIP": "None",
                "selector": sortedObject(context.selector(Self.onlineComponent)),
                "ports": [["name": "redis", "port": .int(Self.onlinePort), "targetPort": "redis", "protocol": "TCP"]],
            ],
        ])
    }

    private var statefulSet: ChildObject {
        let online = spec.onlineStore
        var container: JSONObject = [
            "name": "online-store", "image": .string(online.image ?? OnlineStore.defaultImage),
            "args": ["--appendonly", "yes", "--dir", "/data"],
            "ports": [["name": "redis", "containerPort": .int(Self.onlinePort), "protocol": "TCP"]],
        ]
        container["resources"] = PodTemplate.resources(cpu: online.cpu, memory: online.memory, gpus: 0, policy: context.policy)
        container["readinessProbe"] = ["tcpSocket": ["port": "redis"], "periodSeconds": 5]
        container["volumeMounts"] = [["name": "data", "mountPath": "/data"]]
        container["securityContext"] = PodTemplate.containerSecurity(nil)
        let user = SecurityOverrides(runAsUser: Self.onlineUser, runAsGroup: Self.onlineUser, fsGroup: Self.onlineUser)
        let template = PodTemplate(
            labels: context.labels(Self.onlineComponent), containers: [.object(container)], overrides: user)
        var claimSpec: JSONObject = [
            "accessModes": ["ReadWriteOnce"],
            "resources": ["requests": ["storage": .string(online.persistence.size.description)]],
        ]
        if let storageClass = online.persistence.storageClassName { claimSpec["storageClassName"] = .string(storageClass) }
        return context.manifest(ChildKind.statefulSet, name: onlineName, component: Self.onlineComponent, [
            "spec": [
                "serviceName": .string(onlineName),
                "replicas": .int(Int64(online.replicas ?? OnlineStore.defaultReplicas)),
                "podManagementPolicy": "Parallel",
                "selector": ["matchLabels": sortedObject(context.selector(Self.onlineComponent))],
                "template": template.json,
                "volumeClaimTemplates": [["metadata": ["name": "data"], "spec": .object(claimSpec)]],
            ],
        ])
    }

    /// Only the store's own pods (feature server and replicas) reach the online store.
    private var networkPolicy: ChildObject {
        let storePods: JSONValue = ["podSelector": ["matchLabels": sortedObject([
            FleetLabels.name: context.appName, FleetLabels.instance: context.name,
        ])]]
        return context.manifest(ChildKind.networkPolicy, name: onlineName, component: Self.onlineComponent, [
            "spec": [
                "podSelector": ["matchLabels": sortedObject(context.selector(Self.onlineComponent))],
                "policyTypes": ["Ingress"],
                "ingress": [["from": [storePods], "ports": [["protocol": "TCP", "port": .int(Self.onlinePort)]]]],
            ],
        ])
    }

    // MARK: Feature server

    private var serverDeployment: ChildObject {
        let server = spec.featureServer
        var container: JSONObject = ["name": "feature-server", "image": .string(server.image)]
        container["ports"] = [["name": "http", "containerPort": .int(Int64(serverPort)), "protocol": "TCP"]]
        container["env"] = PodTemplate.environment([
            ("ONLINE_STORE_ADDRESS", "\(onlineName):\(Self.onlinePort)"),
            ("OFFLINE_STORE_URI", spec.offlineStore.uri),
            ("REGISTRY_URI", spec.registry.uri),
            ("PORT", String(serverPort)),
        ], server.env)
        container["resources"] = PodTemplate.resources(cpu: server.cpu, memory: server.memory, gpus: 0, policy: context.policy)
        container["readinessProbe"] = ["tcpSocket": ["port": "http"], "periodSeconds": 5]
        container["securityContext"] = PodTemplate.containerSecurity(nil)
        let template = PodTemplate(labels: context.labels(Self.serverComponent), containers: [.object(container)])
        return context.manifest(ChildKind.deployment, name: serverName, component: Self.serverComponent, [
            "spec": [
                "replicas": .int(Int64(server.replicas ?? FeatureServer.defaultReplicas)),
                "selector": ["matchLabels": sortedObject(context.selector(Self.serverComponent))],
                "template": template.json,
            ],
        ])
    }

    private var serverService: ChildObject {
        context.manifest(ChildKind.service, name: serverName, component: Self.serverComponent, [
            "spec": [
                "type": "ClusterIP",
                "selector": sortedObject(context.selector(Self.serverComponent)),
                "ports": [["name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"]],
            ],
        ])
    }
}
