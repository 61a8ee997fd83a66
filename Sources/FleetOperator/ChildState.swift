import Fleet
import KubeCore

/// Reads the state of live children (as cached) that a custom resource's status reports.
struct ChildState {
    let context: OperatorContext

    /// The live copy of the first desired child of `kind`, if it exists.
    func live(_ kind: ResourceDescriptor, among children: [ChildObject], named name: String? = nil) -> JSONValue? {
        guard let child = children.first(where: { $0.descriptor == kind && (name == nil || $0.name == name) }) else {
            return nil
        }
        return context.childInformer(kind).store.get(namespace: child.namespace, name: child.name)?.value
    }

    /// A workload (Deployment or StatefulSet) and whether all its wanted replicas are ready.
    struct Workload {
        var replicas: Int64
        var readyReplicas: Int64
        var wanted: Int64

        var isReady: Bool { readyReplicas >= wanted }

        init(_ object: JSONValue) {
            replicas = object[path: "status", "replicas"]?.intValue ?? 0
            readyReplicas = object[path: "status", "readyReplicas"]?.intValue ?? 0
            wanted = object[path: "spec", "replicas"]?.intValue ?? 1
        }
    }

    /// A Job's progress.
    struct JobProgress {
        var active: Int64
        var succeeded: Bool
        var failed: Bool
        var suspended: Bool
        var startTime: String?
        var completionTime: String?

        init(_ object: JSONValue) {
            active = object[path: "status", "active"]?.intValue ?? 0
            let conditions = object[path: "status", "conditions"]?.arrayValue ?? []
            func holding(_ type: String) -> JSONValue? {
                conditions.first { $0["type"]?.stringValue == type && $0["status"]?.stringValue == "True" }
            }
            func holds(_ type: String) -> Bool { holding(type) != nil }
            succeeded = holds("Complete")
            failed = holds("Failed")
            suspended = object[path: "spec", "suspend"]?.boolValue == true
            startTime = object[path: "status", "startTime"]?.stringValue
            // A Job sets completionTime only when it succeeds; a failed one ended when its Failed
            // condition became true. Without that time the TrainingJob's TTL never fell due, and
            // once Kubernetes' TTL controller had removed the failed Job the operator made it again.
            completionTime = object[path: "status", "completionTime"]?.stringValue
                ?? holding("Failed")?["lastTransitionTime"]?.stringValue
        }
    }
}
