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

    /// Parsed with KubeCore's parser, then decoded from the `JSONValue`.
    ///
    /// Not with Foundation's `JSONDecoder`: every `JSONValue` inside a model (such as the `fieldsV1`
    /// of managed fields) decoded through it probes each node's type by catching thrown errors, which
    /// made decoding a list of Deployments most of an informer's sync time.
    static func decode<Object: Decodable>(_ type: Object.Type, from bytes: [UInt8]) throws(KubeAPIError) -> Object {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw .decoding("the body is not JSON: \(error)")
        }
        return try decode(Object.self, from: value)
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
