import KubeCore
import Synchronization

/// What the operator has said about workloads and their children, so that a finding (drift it
/// leaves in place, a policy violation it enforces, a child another object holds, a change a child
/// cannot take) is reported once while it lasts, and again should it come back after it was gone.
///
/// Entries go when their finding does, and with the object they are about: a child's with the
/// child, a workload's (or FleetPolicy's) with it. Without that, a finding that came back looked
/// already reported, and every object that ever had one left its entries behind for the process's life.
final class ReportMemory: Sendable {
    /// The workload (or FleetPolicy) a report is about, by kind and name: what a reconcile that
    /// finds it gone knows of it.
    struct Owner: Hashable, Sendable {
        var kind: String
        var namespace: String?
        var name: String
    }

    /// What a report is about.
    enum Subject: Hashable, Sendable {
        /// Drift in a child, left in place as the policy says.
        case drift(child: WriteMemory.Key)
        /// A new intent for fields of a child that cannot change while it exists.
        case immutable(child: WriteMemory.Key)
        /// A workload's policy violations, enforced.
        case policy(workload: Owner)
        /// A child that `owner` (with uid `ownerUID`) wants, and another object holds.
        case conflict(owner: Owner, ownerUID: String, child: WriteMemory.Key)

        /// The workload the subject goes with; nil for a child's, which goes with the child.
        var owner: Owner? {
            switch self {
            case .drift, .immutable: nil
            case .policy(let owner), .conflict(let owner, _, _): owner
            }
        }

        /// Whether the subject goes with the owner whose uid is `uid` (any uid when nil): a workload
        /// made again under its name has another uid, and its own conflicts.
        func belongs(toUID uid: String?) -> Bool {
            guard let uid, case .conflict(_, let ownerUID, _) = self else { return true }
            return ownerUID == uid
        }
    }

    private struct State {
        /// What was said last, per subject.
        var reported: [Subject: [String]] = [:]
        /// Conflicts found only when a create was refused: the cache cannot hold those children
        /// (they lack aifleet's label), so later passes read them before writing anything, until
        /// they are free.
        var conflictsOutsideCache: Set<Subject> = []
        /// The subjects remembered per owner, so that an owner's deletion finds its own without
        /// going through everyone's (a namespace of thousands being deleted).
        var byOwner: [Owner: Set<Subject>] = [:]

        mutating func index(_ subject: Subject) {
            guard let owner = subject.owner else { return }
            byOwner[owner, default: []].insert(subject)
        }

        /// Drops `subject` from the index once nothing about it is remembered.
        mutating func unindex(_ subject: Subject) {
            guard let owner = subject.owner, reported[subject] == nil, !conflictsOutsideCache.contains(subject) else { return }
            byOwner[owner]?.remove(subject)
            if byOwner[owner]?.isEmpty == true { byOwner[owner] = nil }
        }
    }

    private let state = Mutex(State())

    /// Records a report about `subject`; false when the same was said last.
    func note(_ subject: Subject, _ findings: [String]) -> Bool {
        state.withLock { state in
            guard state.reported[subject] != findings else { return false }
            state.reported[subject] = findings
            state.index(subject)
            return true
        }
    }

    /// The finding about `subject` is gone: should it come back, it is reported again.
    func forget(_ subject: Subject) {
        state.withLock { state in
            guard !state.reported.isEmpty, state.reported.removeValue(forKey: subject) != nil else { return }
            state.unindex(subject)
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
            if conflicted {
                state.conflictsOutsideCache.insert(subject)
                state.index(subject)
            } else if state.conflictsOutsideCache.remove(subject) != nil {
                state.unindex(subject)
            }
        }
    }

    /// Forgets everything about `owner`, which is gone: only what belongs to its uid `uid` when
    /// given (the informer's delete, which a successor of the same name may follow at once), all of
    /// it when nil (a reconcile that found no object of that name).
    func forgetOwner(_ owner: Owner, uid: String?) {
        state.withLock { state in
            guard let subjects = state.byOwner[owner] else { return }
            for subject in subjects where subject.belongs(toUID: uid) {
                state.reported[subject] = nil
                state.conflictsOutsideCache.remove(subject)
                state.unindex(subject)
            }
        }
    }

    /// The number of subjects remembered, reported or outside the cache.
    var count: Int {
        state.withLock { $0.reported.count + $0.conflictsOutsideCache.count }
    }
}
