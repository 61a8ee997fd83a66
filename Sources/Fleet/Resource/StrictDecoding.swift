public import KubeCore

/// Decoding that rejects unknown fields, as `kubectl apply --validate=strict` and the API server's
/// strict field validation do: Codable alone ignores keys a type does not have, so a typo such as
/// `spec.maxReplica` would silently mean "unset".
public enum StrictDecoding {
    /// Decodes `json` as `T`, then encodes the value back and fails on the first member of `json`
    /// (depth first, in document order) that did not survive: a field `T` does not have.
    public static func decode<T: Codable>(_ type: T.Type, from json: JSONValue) throws(FleetDecodingError) -> T {
        let value: T
        do {
            value = try json.decode(T.self)
        } catch {
            throw FleetDecodingError(decoding: error)
        }
        let encoded: JSONValue
        do {
            encoded = try JSONValue(encoding: value)
        } catch {
            throw FleetDecodingError("(root)", error.description)
        }
        if let unknown = firstUnknownField(in: json, knownIn: encoded, path: "") {
            let name = unknown.split(separator: ".").last.map(String.init) ?? unknown
            throw FleetDecodingError(unknown, "unknown field \"\(name)\"")
        }
        return value
    }

    private static func firstUnknownField(in input: JSONValue, knownIn encoded: JSONValue, path: String) -> String? {
        switch (input, encoded) {
        case (.object(let members), .object(let known)):
            for (key, value) in members {
                let child = path.isEmpty ? key : "\(path).\(key)"
                guard let knownValue = known[key] else {
                    if value.isNull { continue }  // `field: null` (or `field:`) means unset
                    return child
                }
                if let unknown = firstUnknownField(in: value, knownIn: knownValue, path: child) { return unknown }
            }
        case (.array(let elements), .array(let known)):
            for (index, element) in elements.enumerated() where index < known.count {
                if let unknown = firstUnknownField(in: element, knownIn: known[index], path: "\(path)[\(index)]") {
                    return unknown
                }
            }
        default:
            break
        }
        return nil
    }
}
