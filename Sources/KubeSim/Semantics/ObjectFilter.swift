import KubeCore

/// The predicate of a list or watch: namespace, `labelSelector` and `fieldSelector` together.
enum ObjectFilter {
    /// Nil when nothing is filtered. Bad selectors are a 400, as kube-apiserver answers; field selectors
    /// support `metadata.name` and `metadata.namespace` (what every resource supports).
    static func predicate(resource: ServedResource, namespace: String?, options: ListOptions) throws(APIError) -> ObjectPredicate? {
        var tests: [ObjectPredicate] = []
        if resource.namespaced, let namespace {
            tests.append { $0[path: "metadata", "namespace"]?.stringValue == namespace }
        }
        if let text = options.labelSelector, !text.isEmpty {
            let selector: LabelSelectorExpression
            do {
                selector = try LabelSelectorExpression(parsing: text)
            } catch {
                throw APIError.badRequest("unable to parse requirement: \(error.description)")
            }
            tests.append { selector.matches(Self.labels(of: $0)) }
        }
        if let text = options.fieldSelector, !text.isEmpty {
            for term in text.split(separator: ",") {
                tests.append(try fieldTest(String(term), resource: resource))
            }
        }
        guard !tests.isEmpty else { return nil }
        let all = tests
        return { object in all.allSatisfy { $0(object) } }
    }

    static func labels(of object: JSONValue) -> [String: String] {
        guard let members = object[path: "metadata", "labels"]?.objectValue else { return [:] }
        var labels: [String: String] = [:]
        for (key, value) in members { labels[key] = value.stringValue ?? "" }
        return labels
    }

    private static func fieldTest(_ term: String, resource: ServedResource) throws(APIError) -> ObjectPredicate {
        let operators = ["!=", "==", "="]
        guard let op = operators.first(where: { term.contains($0) }),
            let range = term.range(of: op)
        else {
            throw APIError.badRequest("invalid field selector: \"\(term)\": expected an operator (=, == or !=)")
        }
        let field = String(term[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
        let value = String(term[range.upperBound...]).trimmingCharacters(in: .whitespaces)
        let path: [String]
        switch field {
        case "metadata.name": path = ["metadata", "name"]
        case "metadata.namespace" where resource.namespaced: path = ["metadata", "namespace"]
        default:
            throw APIError.badRequest("field label not supported: \(field)")
        }
        let negated = op == "!="
        return { object in ((object[path: path]?.stringValue ?? "") == value) != negated }
    }
}
