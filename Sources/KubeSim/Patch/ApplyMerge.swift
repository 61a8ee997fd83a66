import KubeCore

/// How server-side apply merges an applied configuration into the live object, under a
/// ``MergeSchema``: maps member by member (atomic maps replaced), associative lists item by item on
/// all their keys, sets by value, atomic lists and scalars replaced.
enum ApplyMerge {
    /// `config` merged into `live`; `null` in the configuration removes the field.
    static func merge(_ config: JSONValue, into live: JSONValue?, schemaPath: [String], schema: MergeSchema) -> JSONValue {
        switch (config, live) {
        case (.object(let configMembers), _) where schemaPath.isEmpty || !schema.isAtomicMap(at: schemaPath):
            var result = live?.objectValue ?? [:]
            for (name, value) in configMembers {
                if value.isNull {
                    result.removeValue(forKey: name)
                } else {
                    result[name] = merge(value, into: result[name], schemaPath: schemaPath + [name], schema: schema)
                }
            }
            return .object(result)
        case (.array(let configItems), .array(let liveItems)?):
            return .array(mergeList(configItems, into: liveItems, schemaPath: schemaPath, schema: schema))
        default:
            return config
        }
    }

    private static func mergeList(_ config: [JSONValue], into live: [JSONValue], schemaPath: [String], schema: MergeSchema) -> [JSONValue] {
        switch schema.listStrategy(at: schemaPath) {
        case .atomic:
            return config
        case .set:
            var merged = live
            for value in config where !merged.contains(value) { merged.append(value) }
            return merged
        case .map(let keys):
            let defaults = schema.keyDefaults(at: schemaPath)
            var merged = live
            for item in config {
                let key = FieldWalk.key(of: item, keys: keys, defaults: defaults)
                if let key, let position = merged.firstIndex(where: { FieldWalk.key(of: $0, keys: keys, defaults: defaults) == key }) {
                    merged[position] = merge(item, into: merged[position], schemaPath: schemaPath, schema: schema)
                } else {
                    merged.append(merge(item, into: nil, schemaPath: schemaPath, schema: schema))
                }
            }
            return merged
        }
    }

    /// Checks that every item of an associative list in `config` has its key fields and that no key
    /// repeats, as the API server requires of an applied configuration.
    static func validate(_ config: JSONValue, at path: FieldPath, schema: MergeSchema) throws(ApplyError) {
        switch config {
        case .object(let members):
            for (name, member) in members { try validate(member, at: path.appending(.field(name)), schema: schema) }
        case .array(let items):
            let schemaPath = path.schemaPath
            guard case .map(let keys) = schema.listStrategy(at: schemaPath) else { return }
            let defaults = schema.keyDefaults(at: schemaPath)
            var seen: Set<JSONValue> = []
            for item in items {
                guard let key = FieldWalk.key(of: item, keys: keys, defaults: defaults) else {
                    let missing = keys.first { item[$0] == nil && defaults[$0] == nil } ?? keys.joined(separator: ",")
                    throw .invalid("\(path): associative list with keys has an element that omits key field \"\(missing)\"")
                }
                let element = PathElement.key(sorting: key)
                guard seen.insert(.object(key)).inserted else {
                    throw .invalid("\(path): duplicate entries for key \(element)")
                }
                for (name, member) in item.objectValue ?? [:] {
                    try validate(member, at: path.appending(element).appending(.field(name)), schema: schema)
                }
            }
        default:
            return
        }
    }
}
