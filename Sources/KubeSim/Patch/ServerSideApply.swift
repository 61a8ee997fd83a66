public import KubeCore

/// Server-side apply and the field ownership every write records, as
/// https://kubernetes.io/docs/reference/using-api/server-side-apply/ describes.
///
/// ## Expected flow
/// The server calls ``apply(config:to:manager:force:managedFields:schema:apiVersion:subresource:now:statusIsSubresource:)``
/// for an apply patch and ``recordUpdate(old:new:manager:managedFields:schema:apiVersion:subresource:now:statusIsSubresource:)``
/// after any other write, then stores the returned entries in `metadata.managedFields`.
///
/// ## Guarantees
/// - One entry per (manager, operation, subresource); entries whose set becomes empty are dropped.
/// - A write to the main resource ignores `status` and one to the `status` subresource only considers
///   `status` (when the kind has a status subresource), so their managers are separate entries.
/// - `apiVersion`, `kind` and the server-set metadata (`name`, `namespace`, `uid`, `resourceVersion`,
///   `generation`, `creationTimestamp`, `managedFields`, …) are never owned.
public enum ServerSideApply {
    /// Applies `config` (the applier's intent: exactly the fields it owns) from `manager` to `live`
    /// (nil on create).
    ///
    /// The configuration merges into the live object under `schema`. A field owned by another manager
    /// (applier or updater) whose value would change is a conflict, unless `force`, which takes it
    /// from them; applying the value a field already has shares its ownership. A field the manager
    /// applied before and no longer applies is removed, unless another manager also owns it.
    ///
    /// - Returns: the merged object, with `metadata.managedFields` set to the returned entries.
    /// - Throws: ``ApplyError/conflicts(_:)``, or ``ApplyError/invalid(_:)`` for a configuration that
    ///   is not an object or an associative list item without its key.
    public static func apply(
        config: JSONValue, to live: JSONValue?, manager: String, force: Bool,
        managedFields: [ManagedFieldsEntry], schema: MergeSchema, apiVersion: String,
        subresource: String?, now: String, statusIsSubresource: Bool = true
    ) throws(ApplyError) -> (object: JSONValue, managedFields: [ManagedFieldsEntry]) {
        guard case .object = config else { throw .invalid("apply configuration must be an object, found \(config.typeName)") }
        let scope = Scope(subresource: subresource, statusIsSubresource: statusIsSubresource)
        var intent = scope.restrict(config)
        if intent["metadata"]?["managedFields"] != nil { intent[path: "metadata", "managedFields"] = nil }
        try ApplyMerge.validate(intent, at: FieldPath([]), schema: schema)
        let applied = scope.owned(FieldSet.of(intent, schema: schema))
        let before = live ?? .object([:])
        var merged = ApplyMerge.merge(intent, into: before, schemaPath: [], schema: schema)

        var entries = managedFields.compactMap(ManagedSet.init)
        let applierIndex = entries.firstIndex { $0.isEntry(manager: manager, operation: "Apply", subresource: subresource) }
        let changed = changedPaths(from: before, to: merged, schema: schema)
        var conflicts: [ApplyConflict] = []
        for index in entries.indices where index != applierIndex {
            let taken = entries[index].set.intersection(changed)
            guard !taken.isEmpty else { continue }
            let entry = entries[index].entry
            conflicts += taken.paths.map { field in
                ApplyConflict(
                    manager: entry.manager ?? "", field: field, operation: entry.operation ?? "",
                    apiVersion: entry.apiVersion, subresource: entry.subresource)
            }
            if force { entries[index].set = entries[index].set.subtracting(taken) }
        }
        if !force && !conflicts.isEmpty { throw .conflicts(conflicts) }

        let previous = applierIndex.map { entries[$0].set } ?? FieldSet()
        let owners = entries.indices.filter { $0 != applierIndex }.reduce(applied) { $0.union(entries[$1].set) }
        prune(previous, keeping: owners, from: &merged, schema: schema)
        // A field the apply removed (set to null) is no longer anyone's.
        for path in removedPaths(from: before, to: merged, schema: schema) {
            for index in entries.indices where index != applierIndex {
                entries[index].set = entries[index].set.removing(under: path)
            }
        }

        let sameFields = applierIndex != nil && previous == applied
        let unchanged = merged == before && sameFields && applierIndex.map { entries[$0].entry.apiVersion } == apiVersion
        var entry = ManagedFieldsEntry(
            manager: manager, operation: "Apply", apiVersion: apiVersion,
            time: unchanged ? applierIndex.flatMap { entries[$0].entry.time } ?? now : now,
            fieldsType: "FieldsV1", subresource: subresource)
        // The usual re-apply owns the fields it owned: its trie is the one already stored.
        if sameFields, let applierIndex { entry.fieldsV1 = entries[applierIndex].entry.fieldsV1 }
        if let applierIndex {
            entries[applierIndex] = ManagedSet(entry: entry, set: applied)
        } else {
            entries.append(ManagedSet(entry: entry, set: applied))
        }
        let result = sorted(entries.compactMap(\.encoded))
        merged[path: "metadata", "managedFields"] = encode(result)
        return (merged, result)
    }

    /// Records an ordinary write (create, update, JSON/merge/strategic patch) by `manager` (operation
    /// `Update`): the fields whose values it changed (or set, on create) become owned by it and are
    /// taken from the other managers; fields it removed are no longer owned by anyone.
    public static func recordUpdate(
        old: JSONValue?, new: JSONValue, manager: String, managedFields: [ManagedFieldsEntry],
        schema: MergeSchema, apiVersion: String, subresource: String?, now: String,
        statusIsSubresource: Bool = true
    ) -> [ManagedFieldsEntry] {
        let change = UpdateChange(
            old: old, new: new, schema: schema,
            scope: Scope(subresource: subresource, statusIsSubresource: statusIsSubresource))
        return record(change, manager: manager, managedFields: managedFields, apiVersion: apiVersion, subresource: subresource, now: now)
    }

    /// What an ordinary write changed, as field paths in the writer's scope.
    struct UpdateChange {
        /// The paths the write added or gave another value.
        var changed: FieldSet
        /// The paths the write removed.
        var removed: [FieldPath]

        init(old: JSONValue?, new: JSONValue, schema: MergeSchema, scope: Scope) {
            let before = Scope.withoutUnowned(scope.restrict(old ?? .object([:])))
            let after = Scope.withoutUnowned(scope.restrict(new))
            changed = scope.owned(changedPaths(from: before, to: after, schema: schema))
            removed = removedPaths(from: before, to: after, schema: schema)
        }
    }

    /// The entries after `change` by `manager` (see ``recordUpdate(old:new:manager:managedFields:schema:apiVersion:subresource:now:statusIsSubresource:)``).
    static func record(
        _ change: UpdateChange, manager: String, managedFields: [ManagedFieldsEntry], apiVersion: String,
        subresource: String?, now: String
    ) -> [ManagedFieldsEntry] {
        let changed = change.changed
        let removed = change.removed
        var entries = managedFields.compactMap(ManagedSet.init)
        for index in entries.indices {
            var set = entries[index].set.subtracting(changed)
            for path in removed { set = set.removing(under: path) }
            entries[index].set = set
        }
        if !changed.isEmpty {
            let entry = ManagedFieldsEntry(
                manager: manager, operation: "Update", apiVersion: apiVersion, time: now, fieldsType: "FieldsV1",
                subresource: subresource)
            if let index = entries.firstIndex(where: { $0.isEntry(manager: manager, operation: "Update", subresource: subresource) }) {
                entries[index] = ManagedSet(entry: entry, set: entries[index].set.union(changed))
            } else {
                entries.append(ManagedSet(entry: entry, set: changed))
            }
        }
        return sorted(entries.compactMap(\.encoded))
    }

    /// The `metadata.managedFields` JSON of `entries`, members in the order the API server writes them.
    public static func encode(_ entries: [ManagedFieldsEntry]) -> JSONValue {
        .array(entries.map { entry in
            var object: JSONObject = [:]
            object["manager"] = entry.manager.map(JSONValue.string)
            object["operation"] = entry.operation.map(JSONValue.string)
            object["apiVersion"] = entry.apiVersion.map(JSONValue.string)
            object["time"] = entry.time.map(JSONValue.string)
            object["fieldsType"] = entry.fieldsType.map(JSONValue.string)
            object["fieldsV1"] = entry.fieldsV1
            object["subresource"] = entry.subresource.map(JSONValue.string)
            return .object(object)
        })
    }

    // MARK: Internals

    /// The entries in the API server's order: `Apply` before `Update`, then by time, manager and
    /// API version (apimachinery's fieldmanager sorts them so before encoding).
    private static func sorted(_ entries: [ManagedFieldsEntry]) -> [ManagedFieldsEntry] {
        entries.sorted(by: precedes)
    }

    /// Whether `p` comes before `q` in the API server's order (their sets play no part).
    static func precedes(_ p: ManagedFieldsEntry, _ q: ManagedFieldsEntry) -> Bool {
        if p.operation != q.operation { return (p.operation ?? "") < (q.operation ?? "") }
        if p.time != q.time { return (p.time ?? "") < (q.time ?? "") }
        if p.manager != q.manager { return (p.manager ?? "") < (q.manager ?? "") }
        return (p.apiVersion ?? "") < (q.apiVersion ?? "")
    }

    /// The paths of `new` that `old` lacks or holds a different value at: what a write from `old`
    /// to `new` adds or modifies.
    static func changedPaths(from old: JSONValue, to new: JSONValue, schema: MergeSchema) -> FieldSet {
        var changed: Set<FieldPath> = []
        FieldWalk.visit(new, alongside: old, schema: schema) { path, value, previous, isLeaf in
            if previous == nil || (isLeaf && previous != value) { changed.insert(path) }
        }
        return FieldSet(changed)
    }

    /// The paths of `old` that `new` no longer has.
    static func removedPaths(from old: JSONValue, to new: JSONValue, schema: MergeSchema) -> [FieldPath] {
        var removed: [FieldPath] = []
        FieldWalk.visit(old, alongside: new, schema: schema) { path, _, counterpart, _ in
            if counterpart == nil { removed.append(path) }
        }
        return removed
    }

    /// Removes what the applier owned before and no manager owns now, as structured-merge-diff's
    /// prune does: a path goes only when nothing at or under it is still owned, and never the
    /// metadata the server sets.
    private static func prune(_ previous: FieldSet, keeping owners: FieldSet, from object: inout JSONValue, schema: MergeSchema) {
        // Nothing applied before (a first apply): nothing to prune, and no need to expand the owners.
        guard !previous.isEmpty else { return }
        let kept = owners.withAncestors
        let candidates = previous.withAncestors.subtracting(kept)
        for path in candidates.sorted() where !Scope.unowned.contains(where: { $0.hasPrefix(path) }) && !isKeyField(path) {
            object.remove(at: path, schema: schema)
        }
    }

    /// Whether `path` is a key field of a list item (`[name="web"].name`): it stays while the item does.
    private static func isKeyField(_ path: FieldPath) -> Bool {
        guard path.elements.count >= 2, case .field(let name) = path.elements[path.elements.count - 1],
            case .key(let key) = path.elements[path.elements.count - 2]
        else { return false }
        return key[name] != nil
    }
}

/// A managed-fields entry with its decoded field set.
///
/// Invariant: the set of an entry read from an object is only ever shrunk (fields taken by another
/// manager or removed); a set that grows is a new `ManagedSet`.
private struct ManagedSet {
    var entry: ManagedFieldsEntry
    var set: FieldSet
    /// How many members the set had when `entry.fieldsV1` was its trie; nil when the entry has no
    /// trie yet. By the invariant, the same count means the same set, whose trie is then
    /// `entry.fieldsV1`, and writing it again (sorting and serializing the trie) is skipped.
    private let countAsRead: Int?

    /// `entry.fieldsV1`, when set, must be the trie of `set`.
    init(entry: ManagedFieldsEntry, set: FieldSet) {
        self.entry = entry
        self.set = set
        countAsRead = entry.fieldsV1 == nil ? nil : set.members.count
    }

    /// Nil for an entry whose `fieldsV1` cannot be read: the API server drops managed fields it
    /// cannot decode rather than failing the write.
    init?(_ entry: ManagedFieldsEntry) {
        guard let fields = entry.fieldsV1, let set = try? FieldSet(fieldsV1: fields) else { return nil }
        self.init(entry: entry, set: set)
    }

    func isEntry(manager: String, operation: String, subresource: String?) -> Bool {
        entry.manager == manager && entry.operation == operation && (entry.subresource ?? "") == (subresource ?? "")
    }

    /// The entry with its set written back; nil when the set is empty, as such entries are dropped.
    var encoded: ManagedFieldsEntry? {
        guard !set.isEmpty else { return nil }
        if set.members.count == countAsRead { return entry }
        var result = entry
        result.fieldsV1 = set.fieldsV1
        return result
    }
}

/// Which part of an object a write to the main resource or to a subresource may touch and own.
struct Scope {
    var subresource: String?
    var statusIsSubresource: Bool

    /// Paths nobody owns: type and the metadata the server sets (structured-merge-diff's strip set).
    static let unowned: [FieldPath] = [FieldPath(fields: "apiVersion"), FieldPath(fields: "kind")]
        + unownedMetadata.map { FieldPath(fields: "metadata", $0) }

    private static let unownedMetadata = [
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "selfLink", "managedFields",
        "deletionTimestamp", "deletionGracePeriodSeconds",
    ]

    /// `object` without the paths nobody owns, so that comparing two versions neither walks them
    /// (`managedFields` above all, which every write changes) nor reports them changed or removed.
    static func withoutUnowned(_ object: JSONValue) -> JSONValue {
        guard case .object(var members) = object else { return object }
        members.removeValue(forKey: "apiVersion")
        members.removeValue(forKey: "kind")
        if case .object(var metadata)? = members["metadata"] {
            for name in unownedMetadata { metadata.removeValue(forKey: name) }
            members["metadata"] = .object(metadata)
        }
        return .object(members)
    }

    /// The object reduced to what the write may change: only `status` for the status subresource,
    /// everything but `status` for the main resource of a kind with a status subresource.
    func restrict(_ object: JSONValue) -> JSONValue {
        guard case .object(var members) = object, statusIsSubresource else { return object }
        if subresource == "status" {
            return .object(members["status"].map { ["status": $0] } ?? [:])
        }
        members.removeValue(forKey: "status")
        return .object(members)
    }

    /// `set` without the paths nobody owns (nor `metadata` itself, were it applied empty).
    func owned(_ set: FieldSet) -> FieldSet {
        FieldSet(set.members.filter { member in
            member != FieldPath(fields: "metadata") && !Self.unowned.contains { member.hasPrefix($0) }
        })
    }
}
