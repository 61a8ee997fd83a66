/// Wakes the in-process controllers after writes that concern them. Signals coalesce: a controller
/// that is busy sees one wake-up for all the writes made meanwhile, then rescans.
final class ControllerSignals: Sendable {
    /// Ownership changed (an object with owner references was written, or something was deleted).
    let garbage: AsyncStream<Void>
    private let garbageContinuation: AsyncStream<Void>.Continuation
    /// A workload (Deployment, StatefulSet, Job) was written: the status simulator looks at it.
    let workloads: AsyncStream<WorkloadRef>
    private let workloadsContinuation: AsyncStream<WorkloadRef>.Continuation

    init() {
        (garbage, garbageContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        (workloads, workloadsContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(100_000))
    }

    func collectGarbage() { garbageContinuation.yield() }

    func workloadChanged(_ ref: WorkloadRef) { workloadsContinuation.yield(ref) }

    func finish() {
        garbageContinuation.finish()
        workloadsContinuation.finish()
    }
}

/// A stored workload object the status simulator should bring up to date.
struct WorkloadRef: Sendable, Hashable {
    var resource: ResourceID
    var key: String
}
