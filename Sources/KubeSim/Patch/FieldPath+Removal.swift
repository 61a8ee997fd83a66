import KubeCore

/// Removing the value a ``FieldPath`` names inside an object.
extension JSONValue {
    /// Removes the value at `path` (a member, a list item, a set value); nothing when it is absent.
    mutating func remove(at path: FieldPath, schema: MergeSchema) {
        remove(path.elements[...], schemaPath: [], schema: schema)
    }

    private mutating func remove(_ elements: ArraySlice<PathElement>, schemaPath: [String], schema: MergeSchema) {
        guard let element = elements.first else { return }
        let rest = elements.dropFirst()
        switch (self, element) {
        case (.object(var members), .field(let name)):
            guard var child = members[name] else { return }
            self = .null
            if rest.isEmpty {
                members.removeValue(forKey: name)
            } else {
                members[name] = .null
                child.remove(rest, schemaPath: schemaPath + [name], schema: schema)
                members[name] = child
            }
            self = .object(members)
        case (.array(var items), _):
            guard let position = element.position(in: items, keyDefaults: schema.keyDefaults(at: schemaPath)) else { return }
            self = .null
            if rest.isEmpty {
                items.remove(at: position)
            } else {
                var child = items[position]
                items[position] = .null
                child.remove(rest, schemaPath: schemaPath, schema: schema)
                items[position] = child
            }
            self = .array(items)
        default:
            return
        }
    }
}
