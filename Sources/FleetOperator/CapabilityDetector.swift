import Fleet
import KubeClient
import Logging
import Synchronization

/// Which optional APIs the cluster serves (KEDA, Kueue), found through discovery and checked again
/// periodically, since they can be installed or removed while the operator runs.
final class CapabilityDetector: Sendable {
    private let client: KubernetesClient
    private let current = Mutex<ClusterCapabilities?>(nil)
    private let logger: Logger

    init(client: KubernetesClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The capabilities last detected (none until the first check).
    var capabilities: ClusterCapabilities { current.withLock { $0 } ?? [] }

    /// Checks discovery once; returns the capabilities if they changed since the last check.
    func refresh() async -> ClusterCapabilities? {
        var found: ClusterCapabilities = []
        do {
            if try await client.serves(resource: "scaledobjects", group: "keda.sh") { found.insert(.keda) }
            if try await client.serves(resource: "workloads", group: "kueue.x-k8s.io") { found.insert(.kueue) }
        } catch {
            // Keep what was known: a discovery hiccup must not flip every service from KEDA to HPA.
            logger.warning("discovery failed; keeping the known capabilities", metadata: ["error": "\(error)"])
            return nil
        }
        let previous = current.withLock { state -> ClusterCapabilities? in
            defer { state = found }
            return state
        }
        guard previous != found else { return nil }
        logger.info(
            "cluster capabilities", metadata: ["keda": "\(found.contains(.keda))", "kueue": "\(found.contains(.kueue))"])
        return found
    }
}
