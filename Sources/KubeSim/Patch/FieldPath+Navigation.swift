import KubeCore

/// Reading and removing the value a ``FieldPath`` names inside an object.
extension JSONValue {
    /// The value at `path`, matching list items by key (with the schema's key defaults), by value or
    /// by index; nil when it is absent.
    func value(at path: FieldPath, schema: MergeSchema) -> JSONValue? {
        var current = self
        var schemaPath: [String] = []
        for element in path.elements {
            guard let next = current.child(element, schemaPath: schemaPath, schema: schema) else { return nil }
            if case .field(let name) = element { schemaPath.append(name) }
            current = next
        }
        return current
    }

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
            guard let position = items.firstIndex(where: { Self.matches($0, element, at: schemaPath, schema: schema) }) ??
                Self.indexPosition(element, count: items.count)
            else { return }
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

    private func child(_ element: PathElement, schemaPath: [String], schema: MergeSchema) -> JSONValue? {
        switch (self, element) {
        case (.object(let members), .field(let name)):
            return members[name]
        case (.array(let items), .index(let position)):
            return items.indices.contains(position) ? items[position] : nil
        case (.array(let items), _):
            return items.first { Self.matches($0, element, at: schemaPath, schema: schema) }
        default:
            return nil
        }
    }

    /// Whether a list item is the one a key or value element names.
    private static func matches(_ item: JSONValue, _ element: PathElement, at schemaPath: [String], schema: MergeSchema) -> Bool {
        switch element {
        case .key(let key):
            let defaults = schema.keyDefaults(at: schemaPath)
            return key.allSatisfy { name, value in (item[name] ?? defaults[name]) == value }
        case .value(let value):
            return item == value
        case .field, .index:
            return false
        }
    }

    private static func indexPosition(_ element: PathElement, count: Int) -> Int? {
        guard case .index(let position) = element, position >= 0, position < count else { return nil }
        return position
    }
}
