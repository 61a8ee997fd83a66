import KubeCore

/// The status kube-controller-manager and the kubelets would give workloads whose pods all start:
/// Deployments and StatefulSets become fully ready and available, Jobs complete. No pods are made.
enum WorkloadStatus {
    static let deployments = ResourceID(group: "apps", resource: "deployments")
    static let statefulSets = ResourceID(group: "apps", resource: "statefulsets")
    static let jobs = ResourceID(group: "batch", resource: "jobs")

    static func simulates(_ resource: ResourceID) -> Bool {
        resource == deployments || resource == statefulSets || resource == jobs
    }

    /// The status `object` would reach, or nil when it should stay as it is (a suspended or finished Job).
    static func status(of object: JSONValue, resource: ResourceID, now: String) -> JSONValue? {
        let generation = object[path: "metadata", "generation"] ?? 1
        let current = object["status"] ?? [:]
        switch resource {
        case jobs:
            guard object[path: "spec", "suspend"]?.boolValue != true, current["completionTime"] == nil else { return nil }
            let completions = object[path: "spec", "completions"]?.intValue ?? 1
            let start = current["startTime"] ?? .string(now)
            return [
                "startTime": start, "completionTime": .string(now), "succeeded": .int(completions), "active": 0,
                "ready": 0, "terminating": 0, "uncountedTerminatedPods": [:],
                "conditions": [
                    condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods", current, now),
                    condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods", current, now),
                ],
            ]
        case statefulSets:
            let replicas = object[path: "spec", "replicas"]?.intValue ?? 1
            let revision = JSONValue.string("\(object[path: "metadata", "name"]?.stringValue ?? "")-\(generation)")
            return [
                "observedGeneration": generation, "replicas": .int(replicas), "readyReplicas": .int(replicas),
                "currentReplicas": .int(replicas), "updatedReplicas": .int(replicas),
                "availableReplicas": .int(replicas), "currentRevision": revision, "updateRevision": revision,
                "collisionCount": 0,
            ]
        default:
            let replicas = object[path: "spec", "replicas"]?.intValue ?? 1
            var status: JSONObject = ["observedGeneration": generation]
            // A real Deployment omits zero counts.
            if replicas > 0 {
                for key in ["replicas", "updatedReplicas", "readyReplicas", "availableReplicas"] { status[key] = .int(replicas) }
            }
            let name = object[path: "metadata", "name"]?.stringValue ?? ""
            status["conditions"] = [
                condition("Available", "MinimumReplicasAvailable", "Deployment has minimum availability.", current, now),
                condition("Progressing", "NewReplicaSetAvailable", "ReplicaSet \"\(name)\" has successfully progressed.", current, now),
            ]
            return .object(status)
        }
    }

    /// A True condition, keeping its transition time when it was already True.
    private static func condition(_ type: String, _ reason: String, _ message: String, _ status: JSONValue, _ now: String) -> JSONValue {
        let previous = status["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == type }
        let since = previous?["status"]?.stringValue == "True" ? previous?["lastTransitionTime"] ?? .string(now) : .string(now)
        var condition: JSONObject = [
            "type": .string(type), "status": "True", "lastTransitionTime": since, "reason": .string(reason),
            "message": .string(message),
        ]
        if type == "Available" || type == "Progressing" { condition["lastUpdateTime"] = previous?["lastUpdateTime"] ?? since }
        if type == "Complete" || type == "SuccessCriteriaMet" { condition["lastProbeTime"] = since }
        return .object(condition)
    }
}
