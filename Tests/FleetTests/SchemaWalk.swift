import KubeCore

/// Walks OpenAPI v3 schemas of CRDs, and values against them.
enum SchemaWalk {
    /// Calls `visit` for the schema node at `path` and every property, item and map value under it.
    /// Paths use `.` between properties, `[]` for array items and `{}` for map values.
    static func visit(_ node: JSONValue, path: String, _ visitor: (String, JSONValue) -> Void) {
        visitor(path, node)
        for (name, child) in node["properties"]?.objectValue ?? [:] {
            visit(child, path: path.isEmpty ? name : "\(path).\(name)", visitor)
        }
        if let items = node["items"] { visit(items, path: "\(path)[]", visitor) }
        if let values = node["additionalProperties"], values.objectValue != nil { visit(values, path: "\(path){}", visitor) }
    }

    /// Where `value` and `schema` disagree: fields the schema does not have, and schema properties
    /// the value does not set. An object schema without properties (metadata) is opaque.
    static func compare(schema: JSONValue, value: JSONValue, path: String) -> [String] {
        var mismatches: [String] = []
        switch value {
        case .object(let members):
            if let properties = schema["properties"]?.objectValue {
                for (key, member) in members {
                    let child = path.isEmpty ? key : "\(path).\(key)"
                    guard let propertySchema = properties[key] else {
                        mismatches.append("\(child) is not in the schema")
                        continue
                    }
                    mismatches += compare(schema: propertySchema, value: member, path: child)
                }
                for key in properties.keys where members[key] == nil {
                    mismatches.append("\(path.isEmpty ? key : "\(path).\(key)") is not set")
                }
            } else if let values = schema["additionalProperties"], values.objectValue != nil {
                for (key, member) in members { mismatches += compare(schema: values, value: member, path: "\(path){\(key)}") }
            }
        case .array(let elements):
            guard let items = schema["items"] else { return ["\(path) is an array, the schema's is not"] }
            if elements.isEmpty { mismatches.append("\(path) is empty") }
            for (index, element) in elements.enumerated() {
                mismatches += compare(schema: items, value: element, path: "\(path)[\(index)]")
            }
        default:
            break
        }
        return mismatches
    }

    /// Stored properties of a value (and of every struct and array element in it) that are nil.
    /// `metadata` is not looked into: it is Kubernetes' ObjectMeta, not part of the CRD schema.
    static func unsetProperties(of value: Any, path: String = "") -> [String] {
        var unset: [String] = []
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .struct:
            for child in mirror.children {
                guard let label = child.label, label != "metadata" else { continue }
                let childPath = path.isEmpty ? label : "\(path).\(label)"
                let childMirror = Mirror(reflecting: child.value)
                if childMirror.displayStyle == .optional {
                    guard let wrapped = childMirror.children.first?.value else {
                        unset.append(childPath)
                        continue
                    }
                    unset += unsetProperties(of: wrapped, path: childPath)
                } else {
                    unset += unsetProperties(of: child.value, path: childPath)
                }
            }
        case .collection:
            for (index, element) in mirror.children.enumerated() {
                unset += unsetProperties(of: element.value, path: "\(path)[\(index)]")
            }
        default:
            break
        }
        return unset
    }
}
