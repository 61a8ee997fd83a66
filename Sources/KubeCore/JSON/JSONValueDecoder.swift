/// Decodes a typed value straight from a `JSONValue`, without serializing it to bytes and parsing
/// them again: the informer decodes every watched object, so this is on the hot path.
///
/// Numbers convert where JSON allows it (an integer into a `Double`, a whole double into an `Int`);
/// anything else that does not fit is a `DecodingError` with the coding path.
struct JSONValueDecoder {
    func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try ValueDecoder(value: value, codingPath: []).decodeValue(T.self)
    }
}

private struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else {
            throw mismatch(JSONObject.self, found: value, at: codingPath)
        }
        return KeyedDecodingContainer(KeyedValueContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let array) = value else {
            throw mismatch([JSONValue].self, found: value, at: codingPath)
        }
        return UnkeyedValueContainer(array: array, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(value: value, codingPath: codingPath)
    }

    /// Scalars and `JSONValue` itself are read directly; other types decode themselves.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == JSONValue.self, let same = value as? T { return same }
        if T.self == String.self {
            guard case .string(let string) = value, let result = string as? T else {
                throw mismatch(String.self, found: value, at: codingPath)
            }
            return result
        }
        return try T(from: self)
    }
}

private func mismatch(_ type: Any.Type, found value: JSONValue, at path: [any CodingKey]) -> DecodingError {
    DecodingError.typeMismatch(
        type, DecodingError.Context(codingPath: path, debugDescription: "expected \(type), found \(value.typeName)"))
}

private func integer<T: FixedWidthInteger>(_ type: T.Type, from value: JSONValue, at path: [any CodingKey]) throws -> T {
    guard let wide = value.intValue, let narrow = T(exactly: wide) else {
        throw mismatch(T.self, found: value, at: path)
    }
    return narrow
}

private struct KeyedValueContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObject
    let codingPath: [any CodingKey]

    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    private func member(_ key: Key) throws -> JSONValue {
        guard let value = object[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, DecodingError.Context(codingPath: codingPath, debugDescription: "no value for \(key.stringValue)"))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        try member(key).isNull
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try ValueDecoder(value: member(key), codingPath: codingPath + [key]).decodeValue(T.self)
    }

    /// A missing key and an explicit null both decode as nil, as the API server's JSON has both.
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = object[key.stringValue], !value.isNull else { return nil }
        return try ValueDecoder(value: value, codingPath: codingPath + [key]).decodeValue(T.self)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: member(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: member(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ValueDecoder(value: object["super"] ?? .null, codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoder(value: object[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

private struct UnkeyedValueContainer: UnkeyedDecodingContainer {
    let array: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(array: [JSONValue], codingPath: [any CodingKey]) {
        self.array = array
        self.codingPath = codingPath
    }

    var count: Int? { array.count }
    var isAtEnd: Bool { currentIndex >= array.count }

    private var currentKey: any CodingKey { AnyCodingKey(intValue: currentIndex) ?? AnyCodingKey("\(currentIndex)") }

    private mutating func next() throws -> JSONValue {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                JSONValue.self, DecodingError.Context(codingPath: codingPath + [currentKey], debugDescription: "unkeyed container is at its end"))
        }
        defer { currentIndex += 1 }
        return array[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, array[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let path = codingPath + [currentKey]
        return try ValueDecoder(value: next(), codingPath: path).decodeValue(T.self)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let path = codingPath + [currentKey]
        return try ValueDecoder(value: next(), codingPath: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let path = codingPath + [currentKey]
        return try ValueDecoder(value: next(), codingPath: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let path = codingPath + [currentKey]
        return ValueDecoder(value: try next(), codingPath: path)
    }
}

private struct SingleValueContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { value.isNull }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let bool) = value else { throw mismatch(Bool.self, found: value, at: codingPath) }
        return bool
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let string) = value else { throw mismatch(String.self, found: value, at: codingPath) }
        return string
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard let double = value.doubleValue else { throw mismatch(Double.self, found: value, at: codingPath) }
        return double
    }

    func decode(_ type: Float.Type) throws -> Float {
        guard let double = value.doubleValue else { throw mismatch(Float.self, found: value, at: codingPath) }
        return Float(double)
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(Int.self, from: value, at: codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(Int8.self, from: value, at: codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(Int16.self, from: value, at: codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(Int32.self, from: value, at: codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(Int64.self, from: value, at: codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(UInt.self, from: value, at: codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(UInt8.self, from: value, at: codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(UInt16.self, from: value, at: codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(UInt32.self, from: value, at: codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(UInt64.self, from: value, at: codingPath) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try ValueDecoder(value: value, codingPath: codingPath).decodeValue(T.self)
    }
}
