import Fleet
import KubeCore

/// A child that a workload would make but another object already controls: children of different
/// kinds can share a name (an InferenceService `x-server` and a FeatureStore `x` both want a
/// Deployment `x-server`), and a workload deleted and made again under the same name finds its
/// predecessor's children until garbage collection removes them.
///
/// The operator never writes such a child: applying it would take the object from its controller,
/// and the two workloads would then take it from each other at every reconcile. It leaves the child
/// alone and says so in the workload's status, as controller-runtime refuses to set a second
/// controller reference.
struct ChildConflict: Sendable, Equatable {
    static let reason = "ChildConflict"

    let child: ChildObject
    /// The controller reference the live child carries.
    let controller: Controller

    struct Controller: Sendable, Equatable {
        let kind: String
        let name: String
        let uid: String
    }

    /// The controller is an earlier object of the workload's own kind and name: the conflict ends
    /// when garbage collection removes the child, and the workload then makes its own.
    let isPredecessor: Bool

    /// The conflict between `child`, whose live copy is `live`, and `owner`, the workload that wants
    /// it; nil when the live child has no controller or `owner` is its controller (the operator
    /// adopts a child without a controller, as controller-runtime does).
    init?(_ child: ChildObject, live: JSONValue, owner: JSONValue) {
        guard let ownerUID = owner[path: "metadata", "uid"]?.stringValue,
            let reference = live[path: "metadata", "ownerReferences"]?.arrayValue?
                .first(where: { $0["controller"]?.boolValue == true }),
            let uid = reference["uid"]?.stringValue, uid != ownerUID
        else { return nil }
        self.child = child
        controller = Controller(
            kind: reference["kind"]?.stringValue ?? "", name: reference["name"]?.stringValue ?? "", uid: uid)
        isPredecessor = controller.kind == owner["kind"]?.stringValue && controller.name == owner.objectName
    }

    /// One line for the workload's Ready condition and its event.
    var message: String {
        let holder = "\(controller.kind) \(controller.name) (uid \(controller.uid))"
        if isPredecessor {
            return "\(child.reference) still belongs to a deleted \(holder); it is made again once garbage collection removes it"
        }
        return "\(child.reference) is controlled by \(holder); rename one of the two, aifleet leaves it alone"
    }

    /// The Ready condition's message for `conflicts`; nil when there are none.
    static func summary(_ conflicts: [ChildConflict]) -> String? {
        conflicts.isEmpty ? nil : conflicts.map(\.message).joined(separator: "; ")
    }
}
