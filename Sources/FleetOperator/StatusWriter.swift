import KubeClient
import KubeCore

/// Writes a custom resource's status with server-side apply, only when it differs from the cached
/// status and is not already on its way.
struct StatusWriter {
    let context: OperatorContext
    let descriptor: ResourceDescriptor

    func write(_ status: JSONValue, for live: JSONValue) async throws {
        let key = WriteMemory.Key(descriptor, namespace: live.objectNamespace, name: live.objectName ?? "", status: true)
        // Compared without transition times: a condition recomputed from a cache that has not seen
        // the last write yet gets a new time, but is the same condition.
        let intent = WriteMemory.Digest(ConditionSet.withoutTransitionTimes(status))
        if context.memory.isInFlight(intent, to: key, liveResourceVersion: live.objectResourceVersion) { return }
        if LiveComparison.differences(desired: status, live: live["status"] ?? .object([:])).isEmpty { return }
        var metadata: JSONObject = ["name": .string(live.objectName ?? "")]
        if let namespace = live.objectNamespace { metadata["namespace"] = .string(namespace) }
        let body: JSONValue = [
            "apiVersion": .string(descriptor.kind.apiVersion), "kind": .string(descriptor.kind.kind),
            "metadata": .object(metadata), "status": status,
        ]
        _ = try await context.memory.write(intent, to: key, over: live.objectResourceVersion) { () async throws(KubeAPIError) in
            try await context.client.applyStatus(
                body, resource: descriptor, options: ApplyOptions(fieldManager: context.configuration.fieldManager, force: true))
        }
    }
}
