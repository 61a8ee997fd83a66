import Synchronization

/// Applies a `FaultSpec` to requests; the spec can be changed while the server runs.
final class FaultInjector: Sendable {
    private let spec: Mutex<FaultSpec>

    init(_ spec: FaultSpec) {
        self.spec = Mutex(spec)
    }

    var current: FaultSpec {
        get { spec.withLock { $0 } }
        set { spec.withLock { $0 = newValue } }
    }

    /// Waits the configured response latency, once a request is handled.
    func delayResponse() async {
        if let latency = current.responseLatency { try? await Task.sleep(for: latency) }
    }

    /// Waits the configured latency, then picks the fault (if any) this request gets.
    /// Watches are never failed this way (they are dropped by `watch-drop` instead).
    func intercept(isWrite: Bool, resource: ResourceID?, name: String?) async -> APIError? {
        let faults = current
        if let latency = faults.latency { try? await Task.sleep(for: latency) }
        if faults.throttleRate > 0, Double.random(in: 0..<1) < faults.throttleRate {
            return .tooManyRequests(retryAfterSeconds: 1)
        }
        if faults.errorRate > 0, Double.random(in: 0..<1) < faults.errorRate {
            return .internalError("injected fault")
        }
        if isWrite, let resource, faults.conflictRate > 0, Double.random(in: 0..<1) < faults.conflictRate {
            return .conflict(
                resource, name: name ?? "",
                message: "the object has been modified; please apply your changes to the latest version and try again")
        }
        return nil
    }
}
