public import KubeCore

/// Strategic merge patch (`application/strategic-merge-patch+json`), for built-in kinds only: the API
/// server answers 415 for custom resources, which have no patch strategies.
///
/// Maps merge key by key and `null` deletes a key, as in a JSON merge patch. A list merges by the
/// schema's ``ListStrategy``: an atomic list is replaced, a set of scalars gains the patch's values,
/// and a list of objects merges item by item on the merge key (the first key of
/// ``ListStrategy/map(keys:)``, as `patchMergeKey` names one field).
///
/// Directives, as in https://github.com/kubernetes/community/blob/master/contributors/devel/sig-api-machinery/strategic-merge-patch.md:
/// - `$patch: replace` in a map replaces the map; in a list (an item `{"$patch": "replace"}`) replaces the
///   list; on a list item with its merge key replaces that item.
/// - `$patch: delete` in a map empties it; on a list item with its merge key deletes that item.
/// - `$patch: merge` is the default and changes nothing.
/// - `$deleteFromPrimitiveList/FIELD: [values]` removes those values from a list of scalars.
/// - `$setElementOrder/FIELD: [...]` orders the merged list: the listed values (or items, by merge key)
///   first in that order, the others after them in their order.
/// - `$retainKeys: [keys]` drops the original's keys not listed (the patch may only set listed keys).
public enum StrategicMergePatch {
    /// Applies `patch` to `target`; both must be objects.
    public static func apply(_ patch: JSONValue, to target: JSONValue, schema: MergeSchema) throws(PatchError) -> JSONValue {
        guard case .object(let patchMembers) = patch else {
            throw .malformed("strategic merge patch must be a JSON object, found \(patch.typeName)")
        }
        guard case .object(let original) = target else {
            throw .invalid("cannot apply a strategic merge patch to a \(target.typeName)")
        }
        return .object(try mergeMap(original, patchMembers, path: [], schema: schema))
    }

    private static let directive = "$patch"
    private static let retainKeys = "$retainKeys"
    private static let deleteFromPrimitiveList = "$deleteFromPrimitiveList/"
    private static let setElementOrder = "$setElementOrder/"

    // MARK: Maps

    private static func mergeMap(
        _ original: JSONObject, _ patch: JSONObject, path: [String], schema: MergeSchema
    ) throws(PatchError) -> JSONObject {
        var patch = patch
        if let value = patch.removeValue(forKey: directive) {
            switch value.stringValue {
            case "replace": return try mergeMap([:], patch, path: path, schema: schema)
            case "delete": return [:]
            case "merge": break
            default: throw .malformed("unknown patch type \(value.jsonString()) in map at \(display(path))")
            }
        }
        var result = original
        if let retained = patch.removeValue(forKey: retainKeys) {
            guard let keys = retained.arrayValue?.compactMap(\.stringValue) else {
                throw .malformed("$retainKeys at \(display(path)) must be a list of strings")
            }
            let kept = Set(keys)
            for key in patch.keys where !key.hasPrefix("$") && !kept.contains(key) && !(patch[key]?.isNull ?? true) {
                throw .invalid("the patch sets \(display(path + [key])), which is not in $retainKeys")
            }
            result = result.filter { kept.contains($0.key) }
        }
        var orders: [(field: String, order: [JSONValue])] = []
        for (key, value) in patch where key.hasPrefix(deleteFromPrimitiveList) {
            let field = String(key.dropFirst(deleteFromPrimitiveList.count))
            guard case .array(let removed) = value else {
                throw .malformed("\(key) at \(display(path)) must be a list")
            }
            if case .array(let list) = result[field] {
                result[field] = .array(list.filter { !removed.contains($0) })
            }
        }
        for (key, value) in patch {
            if key.hasPrefix(deleteFromPrimitiveList) { continue }
            if key.hasPrefix(setElementOrder) {
                guard case .array(let order) = value else { throw .malformed("\(key) at \(display(path)) must be a list") }
                orders.append((String(key.dropFirst(setElementOrder.count)), order))
                continue
            }
            if key.hasPrefix("$") { throw .malformed("unknown directive \(key) at \(display(path))") }
            if value.isNull {
                result.removeValue(forKey: key)
                continue
            }
            result[key] = try merge(result[key], value, path: path + [key], schema: schema)
        }
        for (field, order) in orders {
            guard case .array(let list) = result[field] else { continue }
            result[field] = .array(reorder(list, by: order, strategy: schema.listStrategy(at: path + [field])))
        }
        return result
    }

    /// Merges one patch value into the original value of a field (nil when the field is new).
    private static func merge(_ original: JSONValue?, _ patch: JSONValue, path: [String], schema: MergeSchema) throws(PatchError) -> JSONValue {
        switch patch {
        case .object(let patchMembers):
            return .object(try mergeMap(original?.objectValue ?? [:], patchMembers, path: path, schema: schema))
        case .array(let patchItems):
            return .array(try mergeList(original?.arrayValue ?? [], patchItems, path: path, schema: schema))
        default:
            return patch
        }
    }

    // MARK: Lists

    private static func mergeList(
        _ original: [JSONValue], _ patch: [JSONValue], path: [String], schema: MergeSchema
    ) throws(PatchError) -> [JSONValue] {
        let strategy = schema.listStrategy(at: path)
        if strategy == .atomic { return patch }
        var items: [JSONValue] = []
        var replaceAll = false
        var deletions: [JSONValue] = []
        for item in patch {
            guard let directiveValue = item[directive] else {
                items.append(item)
                continue
            }
            switch (directiveValue.stringValue, item.objectValue?.count) {
            case ("replace"?, 1?): replaceAll = true
            case ("replace"?, _): items.append(item)
            case ("delete"?, _): deletions.append(item)
            case ("merge"?, 1?): break
            default: throw .malformed("unknown patch type \(directiveValue.jsonString()) in list at \(display(path))")
            }
        }
        switch strategy {
        case .atomic, .set:
            let base = replaceAll ? [] : original
            var merged = base
            for value in items where !merged.contains(value) { merged.append(value) }
            return merged
        case .map(let keys):
            guard let key = keys.first else { return items }
            var merged = replaceAll ? [] : original
            for deletion in deletions {
                let id = try mergeKey(deletion, key: key, path: path)
                merged.removeAll { $0[key] == id }
            }
            for item in items {
                let id = try mergeKey(item, key: key, path: path)
                var members = item.objectValue ?? [:]
                let replaceItem = members.removeValue(forKey: directive)?.stringValue == "replace"
                if let position = merged.firstIndex(where: { $0[key] == id }) {
                    let base = replaceItem ? [:] : (merged[position].objectValue ?? [:])
                    merged[position] = .object(try mergeMap(base, members, path: path, schema: schema))
                } else {
                    merged.append(.object(try mergeMap([:], members, path: path, schema: schema)))
                }
            }
            return merged
        }
    }

    private static func mergeKey(_ item: JSONValue, key: String, path: [String]) throws(PatchError) -> JSONValue {
        guard let id = item[key] else {
            throw .invalid("map: \(item.jsonString()) does not contain declared merge key: \(key) at \(display(path))")
        }
        return id
    }

    /// Orders `list` as `$setElementOrder` asks: the listed elements first in the listed order, then the
    /// rest in their present order.
    private static func reorder(_ list: [JSONValue], by order: [JSONValue], strategy: ListStrategy) -> [JSONValue] {
        let identity: (JSONValue) -> JSONValue? =
            switch strategy {
            case .map(let keys): { item in keys.first.flatMap { item[$0] } }
            case .set, .atomic: { $0 }
            }
        let wanted = order.compactMap(identity)
        var ordered: [JSONValue] = []
        var rest = list
        for id in wanted {
            if let position = rest.firstIndex(where: { identity($0) == id }) {
                ordered.append(rest.remove(at: position))
            }
        }
        return ordered + rest
    }

    private static func display(_ path: [String]) -> String {
        path.isEmpty ? "the top level" : "." + path.joined(separator: ".")
    }
}
