import Foundation
import KubeCore

/// Request and response bodies: JSON text to and from typed models or `JSONValue`.
enum BodyCoding {
    static func encode<Object: Encodable>(_ object: Object) throws(KubeAPIError) -> [UInt8] {
        if let value = object as? JSONValue { return value.serialized() }
        do {
            return try JSONValue(encoding: object).serialized()
        } catch {
            throw .invalidRequest(error.description)
        }
    }

    /// A `JSONValue` is read with the order-keeping parser; other types with `JSONDecoder`.
    static func decode<Object: Decodable>(_ type: Object.Type, from bytes: [UInt8]) throws(KubeAPIError) -> Object {
        if Object.self == JSONValue.self {
            do {
                if let value = try JSONValue(parsing: bytes) as? Object { return value }
            } catch {
                throw .decoding("the body is not JSON: \(error)")
            }
        }
        do {
            return try JSONDecoder().decode(Object.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw .decoding("cannot decode \(Object.self): \(error.readableDescription)")
        } catch {
            throw .decoding("cannot decode \(Object.self): \(error)")
        }
    }

    /// Decodes an object from its JSON form (a watch event's `object`).
    static func decode<Object: Decodable>(_ type: Object.Type, from value: JSONValue) throws(KubeAPIError) -> Object {
        if let same = value as? Object { return same }
        do {
            return try value.decode(Object.self)
        } catch {
            throw .decoding(error.description)
        }
    }
}

extension ResourceDescriptor {
    /// The collection path with the namespace percent-encoded.
    func encodedCollectionPath(namespace: String?) -> String {
        collectionPath(namespace: namespace.map(PathSegment.encode))
    }

    /// The object path with the name and namespace percent-encoded (names such as
    /// `system:controller:deployment-controller` keep their colons).
    func encodedObjectPath(name: String, namespace: String?, subresource: String? = nil) -> String {
        objectPath(name: PathSegment.encode(name), namespace: namespace.map(PathSegment.encode), subresource: subresource)
    }
}

enum PathSegment {
    static func encode(_ segment: String) -> String {
        QueryItems.percentEncode(segment, keeping: ":@!$&'()*+,;=")
    }
}
