public import KubeCore

/// RFC 7386 JSON merge patch (`application/merge-patch+json`).
///
/// An object in the patch merges member by member into the target, `null` removes a member, and any
/// other value (arrays included) replaces what was there. Merge patch cannot fail: every JSON
/// document is a valid merge patch.
public enum JSONMergePatch {
    /// Applies `patch` to `target` as RFC 7386 section 2 describes.
    public static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let patchMembers) = patch else { return patch }
        var result: JSONObject
        if case .object(let members) = target { result = members } else { result = [:] }
        for (key, value) in patchMembers {
            if value.isNull {
                result.removeValue(forKey: key)
            } else {
                result[key] = apply(value, to: result[key] ?? .null)
            }
        }
        return .object(result)
    }
}
