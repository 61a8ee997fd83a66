import Fleet
import KubeCore

/// A child that a workload would make but another object already holds. Children of different kinds
/// can share a name (an InferenceService `x-server` and a FeatureStore `x` both want a Deployment
/// `x-server`); a workload deleted and made again under the same name finds its predecessor's
/// children until garbage collection removes them; and anyone can make an object of that name.
///
/// The operator never writes such a child: applying it would take the object from its holder, and
/// two workloads would then take it from each other at every reconcile. It leaves the child alone
/// and says so in the workload's status, as controller-runtime refuses to set a second controller
/// reference.
struct ChildConflict: Sendable, Equatable {
    static let reason = "ChildConflict"

    let child: ChildObject
    let holder: Holder

    enum Holder: Sendable, Equatable {
        /// Another object is the child's controller.
        case controller(kind: String, name: String, uid: String)
        /// A deleted workload of the same kind and name: the conflict ends when garbage collection
        /// removes the child, and the workload then makes its own.
        case predecessor(kind: String, name: String, uid: String)
        /// The child has no controller and not aifleet's label: someone made it outside aifleet.
        case unmanaged
    }

    var isPredecessor: Bool {
        if case .predecessor = holder { return true }
        return false
    }

    /// The conflict between `child`, whose live copy is `live`, and `owner`, the workload that wants
    /// it; nil when `owner` is the child's controller, or when the child has no controller but
    /// aifleet's label (the operator adopts it, as controller-runtime adopts an orphan).
    init?(_ child: ChildObject, live: JSONValue, owner: JSONValue) {
        guard let ownerUID = owner[path: "metadata", "uid"]?.stringValue else { return nil }
        self.child = child
        // Read from the JSON rather than through `controllerOwner`, which decodes every reference:
        // this runs for every child at every reconcile.
        guard let reference = live[path: "metadata", "ownerReferences"]?.arrayValue?.first(where: { $0["controller"]?.boolValue == true })
        else {
            guard live[path: "metadata", "labels", FleetLabels.managedBy]?.stringValue != FleetLabels.managedByValue else { return nil }
            holder = .unmanaged
            return
        }
        let uid = reference["uid"]?.stringValue ?? ""
        guard uid != ownerUID else { return nil }
        let kind = reference["kind"]?.stringValue ?? ""
        let name = reference["name"]?.stringValue ?? ""
        let sameKind = kind == owner["kind"]?.stringValue && Self.group(reference["apiVersion"]) == Self.group(owner["apiVersion"])
        holder = sameKind && name == owner.objectName ? .predecessor(kind: kind, name: name, uid: uid) : .controller(kind: kind, name: name, uid: uid)
    }

    /// The group of an apiVersion (`apps/v1` → `apps`, `v1` → the core group).
    private static func group(_ apiVersion: JSONValue?) -> Substring {
        let text = apiVersion?.stringValue ?? ""
        return text.firstIndex(of: "/").map { text[..<$0] } ?? ""
    }

    /// One line for the workload's Ready condition and its event.
    var message: String {
        switch holder {
        case .controller(let kind, let name, let uid):
            return "\(child.reference) is controlled by \(kind) \(name) (uid \(uid)); rename one of the two, aifleet leaves it alone"
        case .predecessor(let kind, let name, let uid):
            return "\(child.reference) still belongs to a deleted \(kind) \(name) (uid \(uid)); it is made again once garbage collection removes it"
        case .unmanaged:
            return "\(child.reference) exists and was not made by aifleet; delete it, or label it \(FleetLabels.managedBy)=\(FleetLabels.managedByValue) for aifleet to adopt it"
        }
    }

    /// The Ready condition's message for `conflicts`; nil when there are none.
    static func summary(_ conflicts: [ChildConflict]) -> String? {
        conflicts.isEmpty ? nil : conflicts.map(\.message).joined(separator: "; ")
    }
}
