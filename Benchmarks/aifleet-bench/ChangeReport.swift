import Foundation
import KubeClient
import KubeCore

/// Prints, on standard error, each change to watched objects while it runs: the time since it
/// started, the event, the object, and the newest entry of its managed fields (who wrote what
/// when), or an Event's reason, message and count. The operator benchmark uses it to say what the
/// writes of the steady state were, when there are any.
struct ChangeReport {
    private let task: Task<Void, any Error>

    /// Starts a watch on each resource from `resourceVersion`; returns once all are open.
    static func start(
        client: KubernetesClient, resources: [ResourceDescriptor], namespace: String, from resourceVersion: String?
    ) async throws -> ChangeReport {
        let start = ContinuousClock.now
        var streams: [(ResourceDescriptor, AsyncThrowingStream<WatchEvent<JSONValue>, any Error>)] = []
        for resource in resources {
            let events = try await client.watch(resource, namespace: namespace, options: WatchOptions(resourceVersion: resourceVersion))
            streams.append((resource, events))
        }
        let watching = streams
        let task = Task {
            try await withThrowingDiscardingTaskGroup { group in
                for (resource, events) in watching {
                    group.addTask {
                        for try await event in events {
                            report(event, of: resource, at: ContinuousClock.now - start)
                        }
                    }
                }
            }
        }
        return ChangeReport(task: task)
    }

    func stop() {
        task.cancel()
    }

    private static func report(_ event: WatchEvent<JSONValue>, of resource: ResourceDescriptor, at elapsed: Duration) {
        let (type, object): (String, JSONValue)
        switch event {
        case .added(let added): (type, object) = ("ADDED", added)
        case .modified(let modified): (type, object) = ("MODIFIED", modified)
        case .deleted(let deleted): (type, object) = ("DELETED", deleted)
        case .bookmark, .error: return
        }
        let detail: String
        if resource.kind.kind == "Event" {
            detail = "\(object["reason"]?.stringValue ?? "") \(object["message"]?.stringValue ?? "") count=\(object["count"]?.intValue ?? 0)"
        } else {
            let newest = object[path: "metadata", "managedFields"]?.arrayValue?
                .max { ($0["time"]?.stringValue ?? "") < ($1["time"]?.stringValue ?? "") }
            detail = newest.map { String(decoding: $0.serialized(), as: UTF8.self) } ?? ""
        }
        let line = "steady-state change at +\(elapsed): \(type) \(resource.kind.kind)/\(object.objectName ?? "") \(detail)\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
