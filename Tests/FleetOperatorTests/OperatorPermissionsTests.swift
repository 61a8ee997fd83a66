import Fleet
import FleetOperator
import Testing

@Suite("Operator permissions")
struct OperatorPermissionsTests {
    @Test("every kind of child the expansion can produce may be applied, watched and deleted")
    func everyChildKindIsCovered() {
        for child in ChildKind.all {
            let verbs = Set(
                OperatorPermissions.cluster
                    .filter { $0.group == child.kind.group && $0.resources.contains(child.resource.resource) }
                    .flatMap(\.verbs))
            #expect(verbs.isSuperset(of: ["create", "patch", "delete", "get", "list", "watch"]), "\(child.resource.resource)")
        }
    }

    /// Every kind the operator reconciles gets its status written, and owns children through a
    /// controller reference with blockOwnerDeletion, which the OwnerReferencesPermissionEnforcement
    /// admission plugin allows only with `update` on the owner's finalizers.
    @Test("every reconciled kind's status may be written and its finalizers updated")
    func everyReconciledKindIsCovered() {
        for descriptor in FleetResource.descriptors {
            func verbs(_ subresource: String) -> Set<String> {
                Set(OperatorPermissions.cluster
                    .filter { $0.group == descriptor.kind.group && $0.resources.contains("\(descriptor.resource.resource)/\(subresource)") }
                    .flatMap(\.verbs))
            }
            #expect(verbs("status").isSuperset(of: ["get", "patch", "update"]), "\(descriptor.resource.resource)/status")
            #expect(verbs("finalizers").contains("update"), "\(descriptor.resource.resource)/finalizers")
        }
    }

    @Test("no rule uses a wildcard")
    func noWildcards() {
        for rule in OperatorPermissions.cluster + OperatorPermissions.ownNamespace {
            #expect(!rule.group.contains("*"))
            #expect(!rule.resources.contains { $0.contains("*") })
            #expect(!rule.verbs.contains("*"))
        }
    }
}
