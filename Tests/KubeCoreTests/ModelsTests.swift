import KubeCore
import Testing

/// The value with every `null` member removed: what a model re-encodes, as unset fields are omitted.
private func withoutNulls(_ value: JSONValue) -> JSONValue {
    switch value {
    case .object(let members): return .object(members.filter { !$0.value.isNull }.mapValues(withoutNulls))
    case .array(let elements): return .array(elements.map(withoutNulls))
    default: return value
    }
}

@Suite struct ModelsTests {
    @Test func aDeploymentAsTheAPIServerReturnsItDecodes() throws {
        let deployment: Deployment = try JSONValue(parsing: ModelsFixtures.deployment).decode()
        #expect(deployment.metadata.controllerReference?.kind == "InferenceService")
        #expect(deployment.metadata.managedFields?.count == 2)
        let spec = try #require(deployment.spec)
        #expect(spec.selector.matchLabels == ["app.kubernetes.io/instance": "llama-3-8b"])
        #expect(spec.template.metadata?.creationTimestamp == nil)
        #expect(spec.strategy?.rollingUpdate?.maxUnavailable == .string("25%"))
        #expect(spec.strategy?.rollingUpdate?.maxSurge == .int(1))
        let container = try #require(spec.template.spec?.containers.first)
        #expect(container.env?[0].valueFrom?.secretKeyRef == SecretKeySelector(name: "hf", key: "token"))
        #expect(container.env?[1].valueFrom?.fieldRef?.fieldPath == "metadata.name")
        #expect(container.resources?.requests?["cpu"]?.value == 0.5)
        #expect(container.readinessProbe?.httpGet?.port == "http")
        #expect(container.livenessProbe?.tcpSocket?.port == 8080)
        #expect(container.securityContext?.capabilities?.drop == ["ALL"])
        #expect(container.securityContext?.seccompProfile?.type == "RuntimeDefault")
        #expect(spec.template.spec?.volumes?[1].emptyDir?.sizeLimit == "10Gi")
        #expect(spec.template.spec?.tolerations?.first?.operator == "Exists")
        #expect(deployment.status?.conditions?.map(\.type) == ["Available", "Progressing"])
        #expect(deployment.status?.readyReplicas == 2)
    }

    @Test(arguments: [ModelsFixtures.deployment, ModelsFixtures.customResourceDefinition, ModelsFixtures.horizontalPodAutoscaler])
    func reencodingKeepsEveryFieldAndEmitsNoNulls(fixture: String) throws {
        let json = try JSONValue(parsing: fixture)
        let reencoded: JSONValue
        switch json["kind"] {
        case "Deployment": reencoded = try JSONValue(encoding: json.decode(Deployment.self))
        case "CustomResourceDefinition": reencoded = try JSONValue(encoding: json.decode(CustomResourceDefinition.self))
        default: reencoded = try JSONValue(encoding: json.decode(HorizontalPodAutoscaler.self))
        }
        #expect(reencoded == withoutNulls(json))
        #expect(!reencoded.jsonString().contains("null"))
    }

    @Test func aNewObjectEncodesOnlyWhatWasSetInAPIOrder() throws {
        let deployment = Deployment(
            metadata: ObjectMeta(name: "web", namespace: "team-a"),
            spec: DeploymentSpec(
                selector: LabelSelector(matchLabels: ["app": "web"]),
                template: PodTemplateSpec(
                    metadata: ObjectMeta(labels: ["app": "web"]),
                    spec: PodSpec(containers: [Container(name: "web", image: "nginx")]))))
        #expect(try JSONValue(encoding: deployment).jsonString() == #"""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"team-a"},"spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}}}
            """#)
    }

    @Test func listItemsWithoutKindDecode() throws {
        let list: ObjectList<Deployment> = try JSONValue(parsing: """
            {"kind":"DeploymentList","apiVersion":"apps/v1","metadata":{"resourceVersion":"9"},
             "items":[\(ModelsFixtures.deployment.replacingOccurrences(of: #""kind": "Deployment","#, with: ""))]}
            """).decode()
        #expect(list.items.count == 1)
        #expect(list.items[0].kind == nil)
        #expect(list.items[0].metadata.name == "llama-3-8b")
    }

    @Test func aMissingRequiredFieldNamesItsPath() throws {
        let json: JSONValue = [
            "metadata": ["name": "x"],
            "spec": ["selector": [:], "template": ["spec": ["containers": [["image": "nginx"]]]]],
        ]
        let error = #expect(throws: JSONConversionError.self) { try json.decode(Deployment.self) }
        #expect(error?.description == "cannot decode Deployment: spec.template.spec.containers[0].name: required field is missing")
    }

    @Test func theCustomResourceDefinitionKeepsSchemaAndSubresources() throws {
        let crd: CustomResourceDefinition = try JSONValue(parsing: ModelsFixtures.customResourceDefinition).decode()
        let version = try #require(crd.spec?.versions.first)
        #expect(crd.spec?.names.shortNames == ["isvc"])
        #expect(version.schema?.openAPIV3Schema?["x-kubernetes-preserve-unknown-fields"] == true)
        #expect(version.subresources?.status == CustomResourceSubresourceStatus())
        #expect(version.subresources?.scale?.labelSelectorPath == ".status.selector")
        #expect(version.additionalPrinterColumns?.map(\.name) == ["Ready", "Age"])
        #expect(crd.status?.conditions?.contains { $0.type == "Established" && $0.status == "True" } == true)
    }

    @Test func theAutoscalerKeepsEveryMetricSource() throws {
        let hpa: HorizontalPodAutoscaler = try JSONValue(parsing: ModelsFixtures.horizontalPodAutoscaler).decode()
        let metrics = try #require(hpa.spec?.metrics)
        #expect(metrics.map(\.type) == ["Resource", "Pods", "Object", "External"])
        #expect(metrics[0].resource?.target.averageUtilization == 70)
        #expect(metrics[2].object?.target.value?.value == 2000)
        #expect(metrics[3].external?.metric.selector?.matchLabels == ["queue": "llama"])
        #expect(hpa.spec?.behavior?.scaleDown?.policies?.first == HPAScalingPolicy(type: "Percent", value: 100, periodSeconds: 15))
    }

    @Test func jobLeaseAndEventDecodeTheirFields() throws {
        let job: Job = try JSONValue(parsing: """
            {"metadata":{"name":"train"},"spec":{"completionMode":"Indexed","completions":4,"parallelism":4,
             "backoffLimit":2,"activeDeadlineSeconds":7200,"ttlSecondsAfterFinished":3600,"suspend":true,
             "template":{"spec":{"restartPolicy":"Never","containers":[{"name":"worker"}]}}},
             "status":{"startTime":"2026-11-20T09:00:00Z","succeeded":4,"failed":1,"completionTime":"2026-11-20T10:00:00Z",
             "conditions":[{"type":"Complete","status":"True"}]}}
            """).decode()
        #expect(job.spec?.completionMode == "Indexed")
        #expect(job.spec?.activeDeadlineSeconds == 7200)
        #expect(job.status?.conditions?.first?.type == "Complete")
        let lease: Lease = try JSONValue(parsing: """
            {"metadata":{"name":"aifleet-leader"},"spec":{"holderIdentity":"pod-a","leaseDurationSeconds":15,
             "acquireTime":"2026-11-20T09:00:00.000000Z","renewTime":"2026-11-20T09:00:10.123456Z","leaseTransitions":3}}
            """).decode()
        #expect(lease.spec?.renewTime == "2026-11-20T09:00:10.123456Z")
        #expect(lease.spec?.leaseTransitions == 3)
        let event: Event = try JSONValue(parsing: """
            {"metadata":{"name":"web.17f","namespace":"a"},"involvedObject":{"kind":"InferenceService","name":"web",
             "namespace":"a","uid":"u"},"reason":"PolicyViolation","message":"gpu count over budget","type":"Warning",
             "count":3,"firstTimestamp":"2026-11-20T09:00:00Z","lastTimestamp":"2026-11-20T09:05:00Z",
             "source":{"component":"aifleet"},"reportingComponent":"aifleet","reportingInstance":"pod-a"}
            """).decode()
        #expect(event.involvedObject.kind == "InferenceService")
        #expect(event.count == 3)
        #expect(event.source?.component == "aifleet")
    }

    @Test(arguments: [
        (Deployment.descriptor, "apps/v1", "Deployment", "deployments", true),
        (StatefulSet.descriptor, "apps/v1", "StatefulSet", "statefulsets", true),
        (Service.descriptor, "v1", "Service", "services", true),
        (HorizontalPodAutoscaler.descriptor, "autoscaling/v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true),
        (Job.descriptor, "batch/v1", "Job", "jobs", true),
        (PersistentVolumeClaim.descriptor, "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true),
        (ResourceQuota.descriptor, "v1", "ResourceQuota", "resourcequotas", true),
        (LimitRange.descriptor, "v1", "LimitRange", "limitranges", true),
        (NetworkPolicy.descriptor, "networking.k8s.io/v1", "NetworkPolicy", "networkpolicies", true),
        (Ingress.descriptor, "networking.k8s.io/v1", "Ingress", "ingresses", true),
        (PodDisruptionBudget.descriptor, "policy/v1", "PodDisruptionBudget", "poddisruptionbudgets", true),
        (Lease.descriptor, "coordination.k8s.io/v1", "Lease", "leases", true),
        (Event.descriptor, "v1", "Event", "events", true),
        (Namespace.descriptor, "v1", "Namespace", "namespaces", false),
        (Pod.descriptor, "v1", "Pod", "pods", true),
        (ConfigMap.descriptor, "v1", "ConfigMap", "configmaps", true),
        (Secret.descriptor, "v1", "Secret", "secrets", true),
        (CustomResourceDefinition.descriptor, "apiextensions.k8s.io/v1", "CustomResourceDefinition", "customresourcedefinitions", false),
    ])
    func eachKindIsServedWhereTheAPIServerServesIt(
        descriptor: ResourceDescriptor, apiVersion: String, kind: String, plural: String, namespaced: Bool
    ) {
        #expect(descriptor.kind.apiVersion == apiVersion)
        #expect(descriptor.kind.kind == kind)
        #expect(descriptor.resource.resource == plural)
        #expect(descriptor.namespaced == namespaced)
    }

    @Test func theInitializerSetsApiVersionAndKind() throws {
        let encoded = try JSONValue(encoding: Namespace(metadata: ObjectMeta(name: "team-a")))
        #expect(encoded == ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "team-a"]])
        let crd = try JSONValue(encoding: CustomResourceDefinition())
        #expect(crd["apiVersion"] == "apiextensions.k8s.io/v1")
    }
}

@Suite struct QuantityAndIntOrStringTests {
    @Test(arguments: [
        ("500m", 0.5), ("2", 2), ("2Gi", 2_147_483_648), ("1Ki", 1024), ("1.5Mi", 1_572_864), ("1e3", 1000),
        ("1E3", 1000), ("2.5e-3", 0.0025), ("1k", 1000), ("3M", 3e6), ("1G", 1e9), ("100n", 1e-7), ("10u", 1e-5),
        ("-1", -1), ("+4", 4), ("0.5", 0.5), (".5", 0.5), ("1E", 1e18), ("1Ei", 1_152_921_504_606_846_976),
    ])
    func parsesTheQuantitySyntax(text: String, expected: Double) throws {
        let value = try #require(Quantity(text).value)
        #expect(abs(value - expected) <= abs(expected) * 1e-12)
    }

    @Test(arguments: ["", "m", "1x", "1 Gi", "1.2.3", "Gi", "1e", "1e+", "1gi", "1KiB", "--1", "1.5e3.2"])
    func refusesTextThatIsNotAQuantity(text: String) {
        #expect(Quantity(text).value == nil)
    }

    @Test func quantitiesKeepTheirTextAndAcceptNumbers() throws {
        let decoded: [String: Quantity] = try JSONValue(parsing: #"{"a":"1.50Gi","b":2,"c":0.5}"#).decode()
        #expect(decoded == ["a": "1.50Gi", "b": "2", "c": "0.5"])
        #expect(try JSONValue(encoding: decoded) == ["a": "1.50Gi", "b": "2", "c": "0.5"])
        #expect(throws: JSONConversionError.self) { try JSONValue(parsing: #"{"a":true}"#).decode([String: Quantity].self) }
    }

    @Test func intOrStringCodesAsEitherForm() throws {
        let decoded: [IntOrString] = try JSONValue(parsing: #"[8080,"http","25%"]"#).decode()
        #expect(decoded == [.int(8080), .string("http"), .string("25%")])
        #expect(try JSONValue(encoding: decoded) == [8080, "http", "25%"])
        #expect(decoded.map(\.description) == ["8080", "http", "25%"])
        #expect(throws: JSONConversionError.self) { try JSONValue(parsing: "[1.5]").decode([IntOrString].self) }
        #expect(throws: JSONConversionError.self) { try JSONValue(parsing: "[true]").decode([IntOrString].self) }
    }
}
