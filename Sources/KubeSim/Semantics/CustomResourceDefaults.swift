import KubeCore

/// Structural-schema defaulting and pruning of custom resources, as kube-apiserver applies them on
/// every write: fields the schema does not declare are dropped (unless the schema says
/// `x-kubernetes-preserve-unknown-fields`), and absent fields with a `default` get it.
/// https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#defaulting-and-nullability
enum CustomResourceDefaults {
    static func apply(to object: inout JSONValue, resource: ServedResource) {
        let version = GroupVersion(apiVersion: object["apiVersion"]?.stringValue ?? "")?.version ?? resource.storageVersion
        guard let schema = resource.schemas[version] ?? resource.schemas[resource.storageVersion],
            case .object(var members) = object
        else { return }
        // apiVersion, kind and metadata are the server's, whatever the schema says of them.
        let system: Set<String> = ["apiVersion", "kind", "metadata"]
        let properties = schema["properties"]?.objectValue ?? [:]
        let preserve = schema["x-kubernetes-preserve-unknown-fields"]?.boolValue == true
        for key in Array(members.keys) where !system.contains(key) {
            guard let property = properties[key] else {
                if !preserve { members[key] = nil }
                continue
            }
            if var value = members[key] {
                visit(&value, schema: property)
                members[key] = value
            }
        }
        for (key, property) in properties where members[key] == nil && !system.contains(key) {
            if let value = property["default"] {
                var defaulted = value
                visit(&defaulted, schema: property)
                members[key] = defaulted
            }
        }
        object = .object(members)
    }

    private static func visit(_ value: inout JSONValue, schema: JSONValue) {
        switch value {
        case .object(var members):
            let preserve = schema["x-kubernetes-preserve-unknown-fields"]?.boolValue == true
            if let properties = schema["properties"]?.objectValue {
                for key in Array(members.keys) {
                    if let property = properties[key], var child = members[key] {
                        visit(&child, schema: property)
                        members[key] = child
                    } else if !preserve {
                        members[key] = nil
                    }
                }
                for (key, property) in properties where members[key] == nil {
                    if var defaulted = property["default"] {
                        visit(&defaulted, schema: property)
                        members[key] = defaulted
                    }
                }
            } else if let additional = schema["additionalProperties"], additional.objectValue != nil {
                for key in Array(members.keys) {
                    if var child = members[key] {
                        visit(&child, schema: additional)
                        members[key] = child
                    }
                }
            }
            value = .object(members)
        case .array(var elements):
            guard let items = schema["items"] else { return }
            for index in elements.indices { visit(&elements[index], schema: items) }
            value = .array(elements)
        default:
            return
        }
    }
}
