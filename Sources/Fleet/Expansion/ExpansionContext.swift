import KubeCore

/// What every expansion of one custom resource shares: its identity, labels and owner.
struct ExpansionContext {
    let name: String
    let namespace: String
    /// `inferenceservice`, `trainingjob`, `featurestore` or `fleetpolicy`: the `app.kubernetes.io/name`.
    let appName: String
    /// Cost labels copied from the resource, plus the model labels.
    let inheritedLabels: [String: String]
    let owner: OwnerReference?
    let policy: EffectivePolicy

    init(
        resource: FleetResource, policy: EffectivePolicy, owner: OwnerReference?, extraLabels: [String: String],
        namespace: String? = nil
    ) {
        name = resource.name
        self.namespace = namespace ?? resource.namespace ?? ""
        appName = resource.descriptor.kind.kind.lowercased()
        var labels: [String: String] = [:]
        let sourceLabels = resource.metadata.labels ?? [:]
        for key in Set(FleetLabels.costLabels + policy.requiredLabels) {
            if let value = sourceLabels[key] { labels[key] = value }
        }
        labels.merge(extraLabels) { _, extra in extra }
        inheritedLabels = labels
        self.owner = owner
        self.policy = policy
    }

    /// The labels that select the pods of one component; never change once objects exist, as a
    /// Deployment's selector is immutable.
    func selector(_ component: String) -> [String: String] {
        [FleetLabels.name: appName, FleetLabels.instance: name, FleetLabels.component: component]
    }

    /// Every label of a child object or pod template of `component`.
    func labels(_ component: String) -> [String: String] {
        inheritedLabels.merging(selector(component)) { _, own in own }
            .merging([FleetLabels.managedBy: FleetLabels.managedByValue]) { _, own in own }
    }

    /// `metadata` of a child: name, namespace, sorted labels (plus `extraLabels`, which only this
    /// child carries), the owner reference when given.
    func metadata(_ childName: String, component: String, extraLabels: [String: String] = [:]) -> JSONValue {
        var metadata: JSONObject = ["name": .string(childName), "namespace": .string(namespace)]
        metadata["labels"] = sortedObject(labels(component).merging(extraLabels) { _, extra in extra })
        if let owner, let reference = try? JSONValue(encoding: owner) {
            metadata["ownerReferences"] = [reference]
        }
        return .object(metadata)
    }

    /// A manifest with apiVersion, kind, metadata and the given body members.
    func manifest(
        _ kind: ResourceDescriptor, name childName: String, component: String, extraLabels: [String: String] = [:],
        createOnlyFields: [[String]] = [], immutableFields: [[String]] = [], _ body: JSONObject
    ) -> ChildObject {
        var object: JSONObject = [
            "apiVersion": .string(kind.kind.apiVersion), "kind": .string(kind.kind.kind),
            "metadata": metadata(childName, component: component, extraLabels: extraLabels),
        ]
        for (key, value) in body { object[key] = value }
        return ChildObject(
            descriptor: kind, manifest: .object(object), createOnlyFields: createOnlyFields, immutableFields: immutableFields)
    }
}

extension ExpansionContext {
    /// A PodDisruptionBudget that lets voluntary disruptions (node drains) take one pod of
    /// `component` at a time.
    func podDisruptionBudget(_ childName: String, component: String) -> ChildObject {
        manifest(ChildKind.podDisruptionBudget, name: childName, component: component, [
            "spec": [
                "maxUnavailable": 1,
                "selector": ["matchLabels": sortedObject(selector(component))],
            ],
        ])
    }
}

/// A JSON object with the dictionary's keys sorted, so that output is deterministic.
func sortedObject(_ dictionary: [String: String]) -> JSONValue {
    .object(JSONObject(uniqueKeysWithValues: dictionary.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }))
}
