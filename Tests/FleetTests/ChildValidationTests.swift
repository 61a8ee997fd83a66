import Fleet
import KubeCore
import Testing

/// Every child the expansion produces must be a valid object of its Kubernetes kind: it decodes
/// strictly (no field the kind lacks, every value of the right type) into KubeCore's model of it,
/// and KEDA's ScaledObject into the shape KEDA v2 documents.
@Suite("Rendered children are valid Kubernetes objects")
struct ChildValidationTests {
    static let resources: [FleetResource] = ExpansionTests.all + [
        .inferenceService(Fixtures.inference { $0.scaleMetric = .concurrency; $0.tier = .critical; $0.minReplicas = 2 }),
        .inferenceService(Fixtures.inference { $0.scaleMetric = .prometheus; $0.scaleQuery = "sum(q)"; $0.scaleTarget = 5 }),
        .inferenceService(Fixtures.inference {
            $0.securityContext = SecurityOverrides(runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, readOnlyRootFilesystem: true)
            $0.env = [EnvironmentVariable(name: "A", valueFrom: EnvironmentSource(configMapKeyRef: KeyReference(name: "c", key: "k")))]
            $0.routing = Routing(host: "x.example.com", path: "/v1", ingressClassName: "nginx", tlsSecretName: "x-tls")
            $0.command = ["serve"]
            $0.args = ["--fast"]
        }),
        .fleetPolicy(Fixtures.policy("budgets") { $0.namespaceBudgets = [NamespaceBudget(namespace: "ml-a", maxGPUs: 4)] }),
    ]

    static func validate(_ child: ChildObject) throws {
        let manifest = child.manifest
        switch child.descriptor {
        case Deployment.descriptor: _ = try StrictDecoding.decode(Deployment.self, from: manifest)
        case StatefulSet.descriptor: _ = try StrictDecoding.decode(StatefulSet.self, from: manifest)
        case Service.descriptor: _ = try StrictDecoding.decode(Service.self, from: manifest)
        case PersistentVolumeClaim.descriptor: _ = try StrictDecoding.decode(PersistentVolumeClaim.self, from: manifest)
        case ResourceQuota.descriptor: _ = try StrictDecoding.decode(ResourceQuota.self, from: manifest)
        case LimitRange.descriptor: _ = try StrictDecoding.decode(LimitRange.self, from: manifest)
        case HorizontalPodAutoscaler.descriptor: _ = try StrictDecoding.decode(HorizontalPodAutoscaler.self, from: manifest)
        case Job.descriptor: _ = try StrictDecoding.decode(Job.self, from: manifest)
        case PodDisruptionBudget.descriptor: _ = try StrictDecoding.decode(PodDisruptionBudget.self, from: manifest)
        case NetworkPolicy.descriptor: _ = try StrictDecoding.decode(NetworkPolicy.self, from: manifest)
        case Ingress.descriptor: _ = try StrictDecoding.decode(Ingress.self, from: manifest)
        case ChildKind.scaledObject: _ = try StrictDecoding.decode(ScaledObject.self, from: manifest)
        default: Issue.record("\(child.reference): no model to validate \(child.descriptor.kind) against")
        }
    }

    @Test("every child decodes strictly into its kind's model", arguments: resources)
    func childrenAreValid(_ resource: FleetResource) {
        for capabilities in [ClusterCapabilities.all, []] {
            for child in Expansion.expand(resource, policy: .builtIn, capabilities: capabilities) {
                #expect(throws: Never.self, "\(child.reference)") { try Self.validate(child) }
            }
        }
    }

    @Test("a field a kind does not have is caught")
    func strictnessWorks() throws {
        let child = try #require(Expansion.expand(.inferenceService(Fixtures.inference()), policy: .builtIn, capabilities: .all).first)
        var manifest = child.manifest
        manifest[path: "spec", "template", "spec", "containers"] = [["name": "x", "imagee": "typo"]]
        #expect(throws: FleetDecodingError.self) { try Self.validate(ChildObject(descriptor: child.descriptor, manifest: manifest)) }
    }
}

/// keda.sh/v1alpha1 ScaledObject, the fields KEDA v2 documents
/// (https://keda.sh/docs/2.16/reference/scaledobject-spec/); trigger metadata values are strings.
struct ScaledObject: Codable {
    var apiVersion: String
    var kind: String
    var metadata: ObjectMeta
    var spec: Spec

    struct Spec: Codable {
        var scaleTargetRef: Target
        var pollingInterval: Int32?
        var cooldownPeriod: Int32?
        var initialCooldownPeriod: Int32?
        var idleReplicaCount: Int32?
        var minReplicaCount: Int32?
        var maxReplicaCount: Int32?
        var fallback: JSONValue?
        var advanced: JSONValue?
        var triggers: [Trigger]
    }

    struct Target: Codable {
        var apiVersion: String?
        var kind: String?
        var name: String
        var envSourceContainerName: String?
    }

    struct Trigger: Codable {
        var type: String
        var name: String?
        var metricType: String?
        var useCachedMetrics: Bool?
        var metadata: [String: String]
        var authenticationRef: JSONValue?
    }
}
