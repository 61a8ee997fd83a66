public import KubeCore

extension ServerSideApply {
    /// ``recordUpdate(old:new:manager:managedFields:schema:apiVersion:subresource:now:statusIsSubresource:)``
    /// on a `metadata.managedFields` value as JSON, returning the value to store (nil for none).
    ///
    /// Most writes rewrite fields that only their own manager owns: a controller updating what it
    /// manages, a client editing its own fields. Then the only change is that entry's `time`, and
    /// when `storedByServer` (the value is the one this server stored, not one the client sent) the
    /// entries are kept as stored instead of being decoded, compared as sets and encoded again.
    public static func recordUpdate(
        old: JSONValue?, new: JSONValue, manager: String, managedFields: JSONValue?, storedByServer: Bool,
        schema: MergeSchema, apiVersion: String, subresource: String?, now: String, statusIsSubresource: Bool = true
    ) -> JSONValue? {
        let change = UpdateChange(
            old: old, new: new, schema: schema,
            scope: Scope(subresource: subresource, statusIsSubresource: statusIsSubresource))
        if storedByServer, let managedFields,
            let retimed = retimed(managedFields, by: change, manager: manager, apiVersion: apiVersion, subresource: subresource, now: now)
        {
            return retimed
        }
        var entries = entries(of: managedFields)
        // What a client sent is stored in the server's own spelling, so that what the server stores
        // is always as `encode` writes it, which the shortcut relies on.
        if !storedByServer { entries = entries.map(canonical) }
        let updated = record(
            change, manager: manager, managedFields: entries, apiVersion: apiVersion, subresource: subresource, now: now)
        // `.none`, not `nil`: JSONValue is ExpressibleByNilLiteral, so a bare nil here would be `null`.
        return updated.isEmpty ? .none : encode(updated)
    }

    /// The entries of a `metadata.managedFields` value; an invalid value counts as none.
    public static func entries(of value: JSONValue?) -> [ManagedFieldsEntry] {
        guard let value, case .array = value else { return [] }
        return (try? value.decode([ManagedFieldsEntry].self)) ?? []
    }

    /// `entry` with its trie written again from its set; unchanged when the trie cannot be read
    /// (the general path drops such an entry).
    private static func canonical(_ entry: ManagedFieldsEntry) -> ManagedFieldsEntry {
        guard let fields = entry.fieldsV1, let set = try? FieldSet(fieldsV1: fields) else { return entry }
        var result = entry
        result.fieldsV1 = set.fieldsV1
        return result
    }

    /// The stored entries with only `manager`'s `Update` entry stamped `now`, sorted: what the
    /// general path returns when `change` rewrites only fields that entry already owns and no other
    /// entry owns. Nil when that cannot be shown cheaply, and the general path must run.
    ///
    /// Only paths of field names are looked up in the tries: their trie keys (`f:NAME`) have one
    /// spelling, so a key that is not found is a field not owned. A list item's key (`k:{...}`) can be
    /// spelled several ways, so a change to list items takes the general path.
    static func retimed(
        _ stored: JSONValue, by change: UpdateChange, manager: String, apiVersion: String, subresource: String?, now: String
    ) -> JSONValue? {
        guard change.removed.isEmpty, case .array(var items) = stored else { return nil }
        let changed = change.changed.members
        guard changed.allSatisfy({ $0.elements.allSatisfy(\.isField) }) else { return nil }
        var own: Int?
        for (index, item) in items.enumerated() {
            guard case .object(let entry) = item, isAsEncoded(entry), case .object(let trie)? = entry["fieldsV1"] else {
                return nil
            }
            let isOwn = entry["manager"]?.stringValue == manager && entry["operation"]?.stringValue == "Update"
                && (entry["subresource"]?.stringValue ?? "") == (subresource ?? "")
            if isOwn {
                // Every member the general path writes into this entry, spelled as it writes them.
                guard own == nil, entry["apiVersion"]?.stringValue == apiVersion, entry["time"] != nil,
                    entry["fieldsType"]?.stringValue == "FieldsV1", entry["subresource"] == subresource.map(JSONValue.string),
                    changed.allSatisfy({ owns(trie, $0) })
                else { return nil }
                own = index
            } else if changed.contains(where: { owns(trie, $0) }) {
                return nil
            }
        }
        if !changed.isEmpty {
            // A manager without its entry yet gets a new one: the general path adds it.
            guard let own, case .object(var entry) = items[own] else { return nil }
            entry["time"] = .string(now)
            items[own] = .object(entry)
        }
        if items.isEmpty { return nil }
        let order = items.map { item in
            ManagedFieldsEntry(
                manager: item["manager"]?.stringValue, operation: item["operation"]?.stringValue,
                apiVersion: item["apiVersion"]?.stringValue, time: item["time"]?.stringValue)
        }
        return .array(order.indices.sorted { precedes(order[$0], order[$1]) }.map { items[$0] })
    }

    /// The members an entry has when ``encode(_:)`` wrote it: known members in its order, strings but
    /// for `fieldsV1`. An entry written otherwise would change on the general path's round trip.
    private static func isAsEncoded(_ entry: JSONObject) -> Bool {
        var expected = encodedMembers[...]
        for (name, value) in entry {
            guard let position = expected.firstIndex(of: name) else { return false }
            expected = expected[(position + 1)...]
            if name != "fieldsV1", value.stringValue == nil { return false }
        }
        return true
    }

    private static let encodedMembers = ["manager", "operation", "apiVersion", "time", "fieldsType", "fieldsV1", "subresource"]

    /// Whether the `fieldsV1` trie `root` has `path` (field names only) as a member: the node there
    /// is `{}` or carries the `"."` self marker.
    private static func owns(_ root: JSONObject, _ path: FieldPath) -> Bool {
        var node = root
        for element in path.elements {
            guard case .object(let children)? = node[element.trieKey] else { return false }
            node = children
        }
        return path.elements.isEmpty ? false : node.isEmpty || node["."] != nil
    }
}
