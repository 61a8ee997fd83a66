public import KubeCore

/// Whether a live object already holds what the operator would apply, without applying it: the
/// check that keeps the steady state free of writes.
///
/// The desired manifest holds only the fields the operator owns; the live object also holds what
/// the API server and other controllers added (defaults, status, other managers' fields). So the
/// comparison is by inclusion: every field of the desired manifest must be in the live object with
/// an equal value. Lists must have the same length and their items compare the same way, since the
/// server defaults fields inside list items (a container's `terminationMessagePath`).
/// Quantities compare by value, as the server canonicalizes them (`1000m` is stored as `1`).
///
/// Lists whose desired items all have a `name` (containers, volumes, env, ports) are matched by
/// name, as server-side apply merges them: an item someone else added (a sidecar container) is then
/// a difference of its own, `containers[+sidecar]`, and does not hide a changed field of the items
/// the operator owns.
public enum LiveComparison {
    /// The dotted paths of the desired fields that the live object lacks or holds differently, and
    /// of items added to the operator's named lists (`[+name]`); empty when the live object is up to
    /// date.
    public static func differences(desired: JSONValue, live: JSONValue) -> [String] {
        var walk = Walk()
        walk.collect(desired, live, path: "")
        return walk.paths
    }

    /// The dotted paths under which `live` does not hold everything `desired` holds, each list read
    /// as a set (a desired item is held when some live item holds it): additions made by others (the
    /// API server's defaults, tolerations Kueue adds to a Job it admits) are not differences here.
    public static func missing(desired: JSONValue, live: JSONValue?, path: String = "") -> [String] {
        switch (desired, live) {
        case (.object(let wanted), .object(let present)?):
            return wanted.flatMap { key, value in
                missing(desired: value, live: present[key], path: path.isEmpty ? key : "\(path).\(key)")
            }
        case (.array(let wanted), .array(let present)?):
            if let wantedNames = names(wanted) {
                // Named items (containers, env) against the live item of their name.
                return zip(wanted, wantedNames).flatMap { item, name in
                    missing(desired: item, live: present.first { $0["name"]?.stringValue == name }, path: "\(path)[\(name)]")
                }
            }
            let held = wanted.allSatisfy { item in present.contains { missing(desired: item, live: $0).isEmpty } }
            return held ? [] : [path]
        case (.object(let wanted), nil) where wanted.isEmpty:
            return []
        case (_, let present?) where scalarsMatch(desired, present):
            return []
        default:
            return [path]
        }
    }

    /// An item of a named list that the live object holds and the desired manifest does not.
    public struct AddedItem: Equatable, Sendable {
        /// The item's JSON pointer in the live object (`/spec/template/spec/containers/1`).
        public let pointer: String
        public let name: String
    }

    /// The items added to the operator's named lists: what an apply cannot take away, since
    /// another field manager owns them.
    public static func addedItems(desired: JSONValue, live: JSONValue) -> [AddedItem] {
        var walk = Walk()
        walk.collect(desired, live, path: "")
        return walk.added
    }

    /// Whether a path of ``differences(desired:live:)`` is an added list item.
    public static func isAddedItem(_ path: String) -> Bool {
        path.hasSuffix("]") && path.contains("[+")
    }

    private struct Walk {
        var paths: [String] = []
        var added: [AddedItem] = []
        /// The live object's keys and indices down to the value being compared; joined into a
        /// pointer only for an added item.
        var liveLocation: [String] = []

        mutating func collect(_ desired: JSONValue, _ live: JSONValue?, path: String) {
            switch (desired, live) {
            case (.object(let wanted), .object(let present)?):
                for (key, value) in wanted {
                    descend(key) { $0.collect(value, present[key], path: path.isEmpty ? key : "\(path).\(key)") }
                }
            case (.array(let wanted), .array(let present)?):
                if let wantedNames = names(wanted) {
                    collectNamed(wanted, wantedNames, present, path: path)
                } else if wanted.count == present.count {
                    for (index, (value, other)) in zip(wanted, present).enumerated() {
                        descend(String(index)) { $0.collect(value, other, path: "\(path)[\(index)]") }
                    }
                } else {
                    paths.append(path)
                }
            case (.object(let wanted), nil) where wanted.isEmpty:
                return
            case (_, let present?) where scalarsMatch(desired, present):
                return
            default:
                paths.append(path)
            }
        }

        /// A list matched by item name: each desired item against the live item of its name, then
        /// the live items of other names.
        private mutating func collectNamed(_ wanted: [JSONValue], _ wantedNames: [String], _ present: [JSONValue], path: String) {
            var liveIndex: [String: Int] = [:]
            for (index, item) in present.enumerated() {
                if let name = item["name"]?.stringValue, liveIndex[name] == nil { liveIndex[name] = index }
            }
            for (index, (value, name)) in zip(wanted, wantedNames).enumerated() {
                let match = liveIndex[name]
                descend(String(match ?? index)) { $0.collect(value, match.map { present[$0] }, path: "\(path)[\(index)]") }
            }
            let known = Set(wantedNames)
            for (index, item) in present.enumerated() {
                let name = item["name"]?.stringValue ?? ""
                guard !known.contains(name) else { continue }
                paths.append("\(path)[+\(name)]")
                let pointer = (liveLocation + [String(index)]).map { "/" + escaped($0) }.joined()
                added.append(AddedItem(pointer: pointer, name: name))
            }
        }

        private mutating func descend(_ component: String, _ body: (inout Walk) -> Void) {
            liveLocation.append(component)
            body(&self)
            liveLocation.removeLast()
        }
    }

    /// The names of a list's items, when every item is an object with a string `name`.
    private static func names(_ items: [JSONValue]) -> [String]? {
        guard !items.isEmpty else { return nil }
        var names: [String] = []
        for item in items {
            guard let name = item["name"]?.stringValue else { return nil }
            names.append(name)
        }
        return names
    }

    /// A JSON pointer reference token (RFC 6901).
    private static func escaped(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    private static func scalarsMatch(_ desired: JSONValue, _ live: JSONValue) -> Bool {
        if desired == live { return true }
        // Quantities: "1000m" == "1", "1Gi" == "1073741824", 2 == "2".
        guard let wanted = quantity(desired), let present = quantity(live) else { return false }
        return wanted == present
    }

    private static func quantity(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        case .string(let text): return Quantity(text).value
        default: return nil
        }
    }
}
