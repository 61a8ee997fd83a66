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
            let selector: Selector
            do {
                selector = try Selector(parsing: text)
            } catch {
                throw APIError.badRequest("unable to parse requirement: \(error.description)")
            }
            tests.append { selector.matches(Self.labels(of: $0)) }
        }
        if let text = options.fieldSelector, !text.isEmpty {
            let fields = resource.namespaced ? FieldSelector.metadataFields : ["metadata.name"]
            let selector: FieldSelector
            do {
                selector = try FieldSelector(parsing: text, supportedFields: fields)
            } catch {
                throw APIError.badRequest(error.description)
            }
            tests.append { selector.matches($0) }
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
}
