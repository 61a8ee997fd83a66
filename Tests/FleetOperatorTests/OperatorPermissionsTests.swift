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

    @Test("no rule uses a wildcard")
    func noWildcards() {
        for rule in OperatorPermissions.cluster + OperatorPermissions.ownNamespace {
            #expect(!rule.group.contains("*"))
            #expect(!rule.resources.contains { $0.contains("*") })
            #expect(!rule.verbs.contains("*"))
        }
    }
}
