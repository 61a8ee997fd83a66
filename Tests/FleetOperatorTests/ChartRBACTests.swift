import FleetOperator
import Foundation
import KubeCore
import Testing

/// One permission: a verb on a resource of an API group. Rules are compared as sets of these, so
/// that how permissions are grouped into rules does not matter, only what they grant.
struct Grant: Hashable, Comparable, CustomStringConvertible {
    var group: String
    var resource: String
    var verb: String

    var description: String { "\(verb) \(group.isEmpty ? "core" : group)/\(resource)" }

    static func < (lhs: Grant, rhs: Grant) -> Bool { lhs.description < rhs.description }
}

/// Why a chart template's rules could not be read.
struct ChartTemplateError: Error, CustomStringConvertible {
    var description: String
}

/// The RBAC rules of the Helm chart's templates (charts/aifleet/templates), read without Helm.
///
/// The templates keep their `rules:` list as plain YAML so that this can work: every line holding
/// `{{ }}` templating outside `rules:` (metadata, the `if` around the object) is dropped and the rest
/// is parsed as YAML. Templating inside `rules:` is an error, because then what Helm renders could
/// differ from what is checked here.
enum ChartRBAC {
    /// The package root, found from this file's path (Tests/FleetOperatorTests/ChartRBACTests.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The `rules` of the chart template at `relativePath`.
    static func rules(ofTemplate relativePath: String) throws -> [JSONValue] {
        let text = try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
        return try rules(inTemplate: text, source: relativePath)
    }

    /// The `rules` of a template's text; `source` names it in errors.
    static func rules(inTemplate text: String, source: String) throws -> [JSONValue] {
        var kept: [Substring] = []
        var inRules = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("rules:") {
                inRules = true
            } else if inRules, let first = line.first, !first.isWhitespace, first != "#" {
                inRules = false  // the next top-level line (or a closing `{{- end }}`) ends the list
            }
            guard line.contains("{{") else {
                kept.append(line)
                continue
            }
            if inRules {
                throw ChartTemplateError(
                    description: "\(source):\(index + 1): templating inside rules: write the rules as plain YAML")
            }
            // Dropped: templating outside the rules (names, labels, conditionals) grants nothing.
        }
        let document = try YAML.parse(kept.joined(separator: "\n"), source: source)
        guard let rules = document["rules"]?.arrayValue else {
            throw ChartTemplateError(description: "\(source): no rules list")
        }
        return rules
    }

    /// Every permission a list of rules grants.
    static func grants(of rules: [JSONValue], source: String) throws -> Set<Grant> {
        var grants: Set<Grant> = []
        for (index, rule) in rules.enumerated() {
            let (groups, resources, verbs) = try fields(of: rule, at: "\(source): rules[\(index)]")
            for group in groups { for resource in resources { for verb in verbs {
                grants.insert(Grant(group: group, resource: resource, verb: verb))
            } } }
        }
        return grants
    }

    /// A rule's apiGroups, resources and verbs; any other key (resourceNames, nonResourceURLs) is an
    /// error, since it would change what the rule grants.
    static func fields(of rule: JSONValue, at location: String) throws
        -> (groups: [String], resources: [String], verbs: [String])
    {
        guard let object = rule.objectValue else { throw ChartTemplateError(description: "\(location): not a map") }
        if let other = object.keys.first(where: { !["apiGroups", "resources", "verbs"].contains($0) }) {
            throw ChartTemplateError(description: "\(location): unexpected key \(other)")
        }
        func strings(_ key: String) throws -> [String] {
            guard let items = object[key]?.arrayValue, !items.isEmpty else {
                throw ChartTemplateError(description: "\(location).\(key): missing or empty")
            }
            return try items.map { item in
                guard let string = item.stringValue else {
                    throw ChartTemplateError(description: "\(location).\(key): \(item.typeName), not a string")
                }
                return string
            }
        }
        return (try strings("apiGroups"), try strings("resources"), try strings("verbs"))
    }

    /// Every permission the operator's declared rules grant.
    static func grants(of permissions: [PermissionRule]) -> Set<Grant> {
        Set(permissions.flatMap { rule in
            rule.resources.flatMap { resource in
                rule.verbs.map { Grant(group: rule.group, resource: resource, verb: $0) }
            }
        })
    }
}

@Suite("Chart RBAC")
struct ChartRBACTests {
    /// The chart's role templates and the declaration each must match.
    static let declared: [String: [PermissionRule]] = [
        "charts/aifleet/templates/clusterrole.yaml": OperatorPermissions.cluster,
        "charts/aifleet/templates/role.yaml": OperatorPermissions.ownNamespace,
    ]

    @Test("the chart's ClusterRole and Role grant exactly what OperatorPermissions declares",
          arguments: declared.keys.sorted())
    func chartGrantsExactlyTheDeclaredPermissions(path: String) throws {
        let granted = try ChartRBAC.grants(of: ChartRBAC.rules(ofTemplate: path), source: path)
        let declared = ChartRBAC.grants(of: try #require(Self.declared[path]))
        #expect(granted.subtracting(declared).sorted() == [], "\(path) grants more than the code declares")
        #expect(declared.subtracting(granted).sorted() == [], "\(path) is missing permissions the code uses")
    }

    @Test("the chart has one rule per declared PermissionRule, in the same order", arguments: declared.keys.sorted())
    func chartRulesMirrorTheDeclaration(path: String) throws {
        let declared = try #require(Self.declared[path])
        let rules = try ChartRBAC.rules(ofTemplate: path).enumerated().map { index, rule in
            let fields = try ChartRBAC.fields(of: rule, at: "\(path): rules[\(index)]")
            return PermissionRule(
                group: fields.groups.joined(separator: ","), resources: fields.resources, verbs: fields.verbs)
        }
        #expect(rules.count == declared.count, "\(path) has \(rules.count) rules, the code declares \(declared.count)")
        for (index, (rule, expected)) in zip(rules, declared).enumerated() {
            #expect(rule == expected, "\(path): rules[\(index)]")
        }
    }

    @Test("templating outside the rules is dropped and the rules are read as written")
    func templatingOutsideRulesIsDropped() throws {
        let template = """
            {{- if .Values.rbac.create }}
            kind: Role
            metadata:
              name: {{ include "aifleet.fullname" . }}
            rules:
              # leases
              - apiGroups: [coordination.k8s.io]
                resources: [leases]
                verbs: [get]
            {{- end }}
            """
        let rules = try ChartRBAC.rules(inTemplate: template, source: "role.yaml")
        #expect(try ChartRBAC.grants(of: rules, source: "role.yaml")
            == [Grant(group: "coordination.k8s.io", resource: "leases", verb: "get")])
    }

    @Test("templating inside the rules is refused, naming the line")
    func templatingInsideRulesIsRefused() {
        let template = """
            kind: ClusterRole
            rules:
              - apiGroups: [""]
                resources: [{{ .Values.resource }}]
                verbs: [get]
            """
        let error = #expect(throws: ChartTemplateError.self) {
            try ChartRBAC.rules(inTemplate: template, source: "clusterrole.yaml")
        }
        #expect(error?.description.hasPrefix("clusterrole.yaml:4: templating inside rules") == true)
    }

    @Test("a rule that narrows or widens beyond apiGroups, resources and verbs is refused")
    func otherRuleKeysAreRefused() throws {
        let rules = try YAML.parse("- {apiGroups: [''], resources: [secrets], verbs: [get], resourceNames: [x]}")
        #expect(throws: ChartTemplateError.self) {
            try ChartRBAC.grants(of: rules.arrayValue ?? [], source: "test")
        }
    }
}
