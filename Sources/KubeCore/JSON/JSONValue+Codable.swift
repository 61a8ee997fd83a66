extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !array.isAtEnd { elements.append(try array.decode(JSONValue.self)) }
            self = .array(elements)
            return
        }
        if let object = try? decoder.container(keyedBy: AnyCodingKey.self) {
            var members = JSONObject()
            for key in object.allKeys { members[key.stringValue] = try object.decode(JSONValue.self, forKey: key) }
            self = .object(members)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? single.decode(Double.self) {
            self = .double(value)
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .int(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .double(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .string(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .array(let elements):
            var array = encoder.unkeyedContainer()
            for element in elements { try array.encode(element) }
        case .object(let members):
            var object = encoder.container(keyedBy: AnyCodingKey.self)
            for (key, member) in members { try object.encode(member, forKey: AnyCodingKey(key)) }
        }
    }
}

/// A coding key for arbitrary member names.
public struct AnyCodingKey: CodingKey, Hashable, Sendable {
    public var stringValue: String
    public var intValue: Int?

    public init(_ string: String) {
        stringValue = string
        intValue = nil
    }

    public init?(stringValue: String) { self.init(stringValue) }

    public init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

// MARK: - Typed <-> dynamic

/// A value that could not be converted between its typed and its JSON form.
public struct JSONConversionError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

extension JSONValue {
    /// The JSON form of a typed value (a model of a Kubernetes kind, say).
    ///
    /// Key order follows the type's coding keys, so that manifests rendered from models read the way
    /// Kubernetes documents them (apiVersion, kind, metadata, spec).
    public init(encoding value: some Encodable) throws(JSONConversionError) {
        do {
            self = try JSONValueEncoder().encode(value)
        } catch {
            throw JSONConversionError(description: "cannot encode \(type(of: value)): \(error)")
        }
    }

    /// Decodes a typed value from this JSON, with the decoding path in the error.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws(JSONConversionError) -> T {
        do {
            return try JSONValueDecoder().decode(T.self, from: self)
        } catch let error as DecodingError {
            throw JSONConversionError(description: "cannot decode \(T.self): \(error.readableDescription)")
        } catch {
            throw JSONConversionError(description: "cannot decode \(T.self): \(error)")
        }
    }
}

extension DecodingError {
    /// One line naming the field path, e.g. `spec.template.spec.containers[0].image: expected String`.
    public var readableDescription: String {
        func path(_ context: Context) -> String {
            var text = ""
            for key in context.codingPath {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return text.isEmpty ? "(root)" : text
        }
        switch self {
        case .typeMismatch(let type, let context):
            return "\(path(context)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context)): missing \(type) value"
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return parent == "(root)" ? "\(key.stringValue): required field is missing"
                : "\(parent).\(key.stringValue): required field is missing"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return String(describing: self)
        }
    }
}
