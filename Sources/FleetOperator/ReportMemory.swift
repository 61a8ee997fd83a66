import KubeCore
import Synchronization

/// What the operator has said about workloads and their children, so that a finding (drift it
/// leaves in place, a policy violation it enforces, a child another object holds) is reported once
/// while it lasts, and again should it come back after it was gone.
///
/// Entries go when their finding does, and with the object they are about: a child's with the
/// child, a workload's with the workload. Without that, a finding that came back looked already
/// reported, and every workload that ever had one left its entries behind for the process's life.
final class ReportMemory: Sendable {
    /// What a report is about.
    enum Subject: Hashable, Sendable {
        /// Drift in a child, left in place as the policy says.
        case drift(child: WriteMemory.Key)
        /// A new intent for fields of a child that cannot change while it exists.
        case immutable(child: WriteMemory.Key)
        /// A workload's policy violations, enforced.
        case policy(workload: WriteMemory.Key)
        /// A child that the workload with uid `ownerUID` wants, and another object holds.
        case conflict(ownerUID: String, child: WriteMemory.Key)

        /// Whether the subject is about the workload `workload`, whose uid is `uid`.
        func concerns(workload: WriteMemory.Key, uid: String?) -> Bool {
            switch self {
            case .drift, .immutable: false
            case .policy(let subject): subject == workload
            case .conflict(let ownerUID, _): ownerUID == uid
            }
        }
    }

    private struct State {
        /// What was said last, per subject.
        var reported: [Subject: [String]] = [:]
        /// Conflicts found only when a create was refused: the cache cannot hold those children
        /// (they lack aifleet's label), so later passes read them before writing anything, until
        /// they are free.
        var conflictsOutsideCache: Set<Subject> = []
    }

    private let state = Mutex(State())

    /// Records a report about `subject`; false when the same was said last.
    func note(_ subject: Subject, _ findings: [String]) -> Bool {
        state.withLock { state in
            guard state.reported[subject] != findings else { return false }
            state.reported[subject] = findings
            return true
        }
    }

    /// The finding about `subject` is gone: should it come back, it is reported again.
    func forget(_ subject: Subject) {
        state.withLock { state in
            guard !state.reported.isEmpty else { return }
            state.reported[subject] = nil
        }
    }

    /// Forgets what was said about a child that is gone.
    func forgetChild(_ child: WriteMemory.Key) {
        forget(.drift(child: child))
        forget(.immutable(child: child))
    }

    /// Whether `subject` (a conflict) was last found while its child was outside the cache.
    func isConflictOutsideCache(_ subject: Subject) -> Bool {
        state.withLock { $0.conflictsOutsideCache.contains(subject) }
    }

    /// Notes whether the child of `subject` (a conflict) is another's, as the API server says.
    func noteConflictOutsideCache(_ subject: Subject, _ conflicted: Bool) {
        state.withLock { state in
            if conflicted { state.conflictsOutsideCache.insert(subject) } else { state.conflictsOutsideCache.remove(subject) }
        }
    }

    /// Forgets everything about a workload that is gone: `workload` is its key, `uid` its uid.
    func forgetWorkload(_ workload: WriteMemory.Key, uid: String?) {
        state.withLock { state in
            guard !state.reported.isEmpty || !state.conflictsOutsideCache.isEmpty else { return }
            state.reported = state.reported.filter { !$0.key.concerns(workload: workload, uid: uid) }
            state.conflictsOutsideCache = state.conflictsOutsideCache.filter { !$0.concerns(workload: workload, uid: uid) }
        }
    }

    /// The number of subjects remembered, reported or outside the cache.
    var count: Int {
        state.withLock { $0.reported.count + $0.conflictsOutsideCache.count }
    }
}
