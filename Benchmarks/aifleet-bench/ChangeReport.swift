import Foundation
import KubeClient
import KubeCore

/// Prints, on standard error, each change to watched objects while it runs: the time since it
/// started, the event, the object, and the entries of its managed fields written last (who wrote
/// what when), or an Event's reason, message and count. The operator benchmark uses it to say what
/// its writes after convergence were, when there are any. A watch that ends early or fails says so,
/// so that a silent report means no change.
struct ChangeReport {
    private let task: Task<Void, Never>

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
            await withDiscardingTaskGroup { group in
                for (resource, events) in watching {
                    group.addTask {
                        do {
                            for try await event in events {
                                report(event, of: resource, at: ContinuousClock.now - start)
                            }
                            if !Task.isCancelled { print("the watch of \(resource.kind.kind) ended early") }
                        } catch {
                            if !Task.isCancelled { print("the watch of \(resource.kind.kind) failed: \(error)") }
                        }
                    }
                }
            }
        }
        return ChangeReport(task: task)
    }

    /// Ends the watches and waits until they have.
    func stop() async {
        task.cancel()
        await task.value
    }

    private static func report(_ event: WatchEvent<JSONValue>, of resource: ResourceDescriptor, at elapsed: Duration) {
        let (type, object): (String, JSONValue)
        switch event {
        case .added(let added): (type, object) = ("ADDED", added)
        case .modified(let modified): (type, object) = ("MODIFIED", modified)
        case .deleted(let deleted): (type, object) = ("DELETED", deleted)
        case .bookmark: return
        case .error(let status):
            print("the watch of \(resource.kind.kind) sent an error: \(status.message ?? "") (\(status.code ?? 0))")
            return
        }
        let detail: String
        if resource.kind.kind == "Event" {
            detail = "\(object["reason"]?.stringValue ?? "") \(object["message"]?.stringValue ?? "") count=\(object["count"]?.intValue ?? 0)"
        } else {
            // Times are whole seconds: every entry of the latest second, as any may be the writer.
            let entries = object[path: "metadata", "managedFields"]?.arrayValue ?? []
            let latest = entries.compactMap { $0["time"]?.stringValue }.max()
            detail = entries.filter { $0["time"]?.stringValue == latest }
                .map { String(decoding: $0.serialized(), as: UTF8.self) }.joined(separator: " ")
        }
        print("change after convergence, at +\(elapsed): \(type) \(resource.kind.kind)/\(object.objectName ?? "") \(detail)")
    }

    private static func print(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
