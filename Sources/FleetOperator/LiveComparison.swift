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
public enum LiveComparison {
    /// The dotted paths of the desired fields that the live object lacks or holds differently;
    /// empty when the live object is up to date.
    public static func differences(desired: JSONValue, live: JSONValue) -> [String] {
        var paths: [String] = []
        collect(desired, live, path: "", into: &paths)
        return paths
    }

    private static func collect(_ desired: JSONValue, _ live: JSONValue?, path: String, into paths: inout [String]) {
        switch (desired, live) {
        case (.object(let wanted), .object(let present)?):
            for (key, value) in wanted {
                collect(value, present[key], path: path.isEmpty ? key : "\(path).\(key)", into: &paths)
            }
        case (.array(let wanted), .array(let present)?) where wanted.count == present.count:
            for (index, (value, other)) in zip(wanted, present).enumerated() {
                collect(value, other, path: "\(path)[\(index)]", into: &paths)
            }
        case (.object(let wanted), nil) where wanted.isEmpty:
            return
        case (_, let present?) where scalarsMatch(desired, present):
            return
        default:
            paths.append(path)
        }
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
