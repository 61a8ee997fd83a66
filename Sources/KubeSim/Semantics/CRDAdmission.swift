import KubeCore

/// What kube-apiserver's apiextensions part does with a CustomResourceDefinition: validates the parts
/// that decide how it is served, accepts its names, marks it Established, and describes the resource to
/// serve. https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/
enum CRDAdmission {
    /// Validates a CRD and fills in `status` (acceptedNames, conditions, storedVersions).
    static func admit(_ crd: inout JSONValue, registry: ResourceRegistry) throws(APIError) {
        let name = crd[path: "metadata", "name"]?.stringValue ?? ""
        var causes: [StatusCause] = []
        func require(_ condition: Bool, _ field: String, _ message: String) {
            if !condition { causes.append(StatusCause(reason: "FieldValueInvalid", message: message, field: field)) }
        }
        let group = crd[path: "spec", "group"]?.stringValue ?? ""
        let names = crd[path: "spec", "names"] ?? [:]
        let plural = names["plural"]?.stringValue ?? ""
        let kind = names["kind"]?.stringValue ?? ""
        let scope = crd[path: "spec", "scope"]?.stringValue ?? ""
        let versions = crd[path: "spec", "versions"]?.arrayValue ?? []
        require(!group.isEmpty && ObjectNames.subdomainProblem(group) == nil, "spec.group", "Required value: a DNS-1123 subdomain")
        require(!plural.isEmpty && ObjectNames.labelProblem(plural) == nil, "spec.names.plural", "Required value: a DNS-1035 label")
        require(!kind.isEmpty, "spec.names.kind", "Required value")
        require(["Namespaced", "Cluster"].contains(scope), "spec.scope", "Unsupported value: \"\(scope)\": supported values: \"Cluster\", \"Namespaced\"")
        require(name == "\(plural).\(group)", "metadata.name", "Invalid value: \"\(name)\": must be spec.names.plural+\".\"+spec.group")
        require(!versions.isEmpty, "spec.versions", "Required value: must have exactly one version marked as storage version")
        require(versions.filter { $0["storage"]?.boolValue == true }.count == 1, "spec.versions", "Invalid value: must have exactly one version marked as storage version")
        for (index, version) in versions.enumerated() {
            require(version["name"]?.stringValue?.isEmpty == false, "spec.versions[\(index)].name", "Required value")
        }
        guard causes.isEmpty else {
            throw APIError.invalid(group: "apiextensions.k8s.io", kind: "CustomResourceDefinition", name: name, causes: causes)
        }
        var accepted = names
        if accepted["singular"]?.stringValue?.isEmpty ?? true { accepted["singular"] = .string(kind.lowercased()) }
        if accepted["listKind"]?.stringValue?.isEmpty ?? true { accepted["listKind"] = .string(kind + "List") }
        let now = Timestamp.now()
        func condition(_ type: String, _ reason: String, _ message: String) -> JSONValue {
            let previous = crd[path: "status", "conditions"]?.arrayValue?.first { $0["type"]?.stringValue == type }
            return [
                "type": .string(type), "status": "True",
                "lastTransitionTime": previous?["lastTransitionTime"] ?? .string(now),
                "reason": .string(reason), "message": .string(message),
            ]
        }
        let storage = versions.first { $0["storage"]?.boolValue == true }?["name"] ?? .null
        var stored = crd[path: "status", "storedVersions"]?.arrayValue ?? []
        if !stored.contains(storage) { stored.append(storage) }
        crd["status"] = [
            "acceptedNames": accepted,
            "conditions": [
                condition("NamesAccepted", "NoConflicts", "no conflicts found"),
                condition("Established", "InitialNamesAccepted", "the initial names have been accepted"),
            ],
            "storedVersions": .array(stored),
        ]
    }

    /// The resource an admitted CRD serves; nil when it serves no version.
    static func servedResource(from crd: JSONValue) -> ServedResource? {
        guard let group = crd[path: "spec", "group"]?.stringValue,
            let names = crd[path: "spec", "names"], let kind = names["kind"]?.stringValue,
            let plural = names["plural"]?.stringValue
        else { return nil }
        let all = crd[path: "spec", "versions"]?.arrayValue ?? []
        let served = all.filter { $0["served"]?.boolValue ?? true }
        // The storage version first: it is the preferred version discovery reports.
        let ordered = served.filter { $0["storage"]?.boolValue == true } + served.filter { $0["storage"]?.boolValue != true }
        let versions = ordered.compactMap { $0["name"]?.stringValue }
        guard !versions.isEmpty else { return nil }
        var schemas: [String: JSONValue] = [:]
        var columns: [String: [JSONValue]] = [:]
        var hasStatus = false
        var scale: ScalePaths?
        for version in ordered {
            guard let name = version["name"]?.stringValue else { continue }
            schemas[name] = version[path: "schema", "openAPIV3Schema"]
            columns[name] = version["additionalPrinterColumns"]?.arrayValue
            if version[path: "subresources", "status"] != nil { hasStatus = true }
            if let paths = version[path: "subresources", "scale"], scale == nil,
                let spec = paths["specReplicasPath"]?.stringValue, let status = paths["statusReplicasPath"]?.stringValue
            {
                scale = ScalePaths(
                    specReplicasPath: spec, statusReplicasPath: status,
                    labelSelectorPath: paths["labelSelectorPath"]?.stringValue)
            }
        }
        var resource = ServedResource(
            group: group, versions: versions, kind: kind, plural: plural,
            namespaced: crd[path: "spec", "scope"]?.stringValue != "Cluster",
            shortNames: names["shortNames"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            categories: names["categories"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            hasStatus: hasStatus, scale: scale, isCustom: true, schemas: schemas, printerColumns: columns)
        if let singular = names["singular"]?.stringValue, !singular.isEmpty { resource.singular = singular }
        return resource
    }
}
