import Foundation
import KubeCore

/// Decodes a body of type `application/vnd.kubernetes.protobuf` into the JSON object the API server
/// would have read: the 4-byte magic `k8s\0`, then a runtime.Unknown `{typeMeta 1 {apiVersion 1,
/// kind 2}, raw 2, contentEncoding 3, contentType 4}` whose `raw` is the object's message
/// (https://kubernetes.io/docs/reference/using-api/api-concepts/#protobuf-encoding).
enum KubernetesProtobuf {
    static let magic: [UInt8] = [0x6B, 0x38, 0x73, 0x00]

    static func decode(_ bytes: [UInt8]) throws(APIError) -> JSONValue {
        do {
            return try decodeEnvelope(bytes)
        } catch {
            throw APIError(
                code: 415, reason: "UnsupportedMediaType",
                message: "KubeSim cannot read this protobuf body (\(error)); send it as application/json")
        }
    }

    private static func decodeEnvelope(_ bytes: [UInt8]) throws(ProtobufError) -> JSONValue {
        guard bytes.starts(with: magic) else { throw ProtobufError("the body does not start with the k8s magic bytes") }
        var reader = ProtobufReader(bytes[magic.count...])
        var apiVersion = "", kind = ""
        var raw: ArraySlice<UInt8> = []
        while let (number, value) = try reader.next() {
            switch (number, value) {
            case (1, .bytes(let typeMeta)):
                var meta = ProtobufReader(typeMeta)
                while let (field, part) = try meta.next() {
                    if case .bytes(let text) = part, field == 1 { apiVersion = String(decoding: text, as: UTF8.self) }
                    if case .bytes(let text) = part, field == 2 { kind = String(decoding: text, as: UTF8.self) }
                }
            case (2, .bytes(let bytes)): raw = bytes
            case (3, .bytes(let encoding)) where !encoding.isEmpty:
                throw ProtobufError("content encoding \(String(decoding: encoding, as: UTF8.self)) is not supported")
            default: break
            }
        }
        guard let type = KubernetesProtobufTypes.kinds["\(apiVersion)/\(kind)"] else {
            throw ProtobufError("kind \(kind) of \(apiVersion) is not one KubeSim decodes")
        }
        var object = try message(type, raw)
        object["apiVersion"] = .string(apiVersion)
        object["kind"] = .string(kind)
        return object
    }

    /// One message as a JSON object: Go zero values of plain fields are left out, as `omitempty` does.
    private static func message(_ name: String, _ bytes: ArraySlice<UInt8>) throws(ProtobufError) -> JSONValue {
        guard let type = KubernetesProtobufTypes.messages[name] else { throw ProtobufError("no message \(name)") }
        var object: JSONValue = [:]
        var reader = ProtobufReader(bytes)
        while let (number, wire) = try reader.next() {
            guard let field = type.fields[number] else {
                // Go writes every non-pointer field, zero or not; only a zero may be ignored.
                if isZero(wire) { continue }
                throw ProtobufError("field \(number) of \(name) is not one KubeSim decodes")
            }
            let value = try self.value(field.kind, wire, in: "\(name).\(field.json)")
            if field.repeated {
                if case .map = field.kind {
                    guard case .array(let entry) = value, entry.count == 2, let key = entry[0].stringValue else { continue }
                    var members = object[field.json] ?? [:]
                    members[key] = entry[1]
                    object[field.json] = members
                } else {
                    object[field.json] = .array((object[field.json]?.arrayValue ?? []) + [value])
                }
            } else if field.pointer || !isZero(value) {
                object[field.json] = value
            }
        }
        return object
    }

    private static func isZero(_ wire: ProtobufReader.Value) -> Bool {
        switch wire {
        case .varint(let value): value == 0
        case .bytes(let bytes): bytes.isEmpty
        case .fixed: false
        }
    }

    /// Zero scalars are omitted; messages are kept even when empty (Go structs have no `omitempty`),
    /// except a Time with no seconds, which is Go's zero time (`null`).
    private static func isZero(_ value: JSONValue) -> Bool {
        switch value {
        case .null: true
        case .string(let text): text.isEmpty
        case .int(let number): number == 0
        case .bool(let flag): !flag
        default: false
        }
    }

    private static func value(
        _ kind: ProtobufField.Kind, _ wire: ProtobufReader.Value, in path: String
    ) throws(ProtobufError) -> JSONValue {
        switch (kind, wire) {
        case (.integer, .varint(let number)): return .int(Int64(bitPattern: number))
        case (.bool, .varint(let number)): return .bool(number != 0)
        case (.string, .bytes(let text)): return .string(String(decoding: text, as: UTF8.self))
        case (.bytes, .bytes(let data)): return .string(Data(data).base64EncodedString())
        case (.message(let name), .bytes(let bytes)): return try message(name, bytes)
        case (.map(let valueKind), .bytes(let entry)):
            var reader = ProtobufReader(entry)
            var key: JSONValue = ""
            var value: JSONValue = try self.value(valueKind, .bytes([]), in: path)
            while let (number, part) = try reader.next() {
                if number == 1 { key = try self.value(.string, part, in: path) }
                if number == 2 { value = try self.value(valueKind, part, in: path) }
            }
            return [key, value]
        case (.time, .bytes(let bytes)):
            var seconds: Int64?
            var reader = ProtobufReader(bytes)
            while let (number, part) = try reader.next() {
                if number == 1, case .varint(let value) = part { seconds = Int64(bitPattern: value) }
            }
            return seconds.map { .string(Timestamp.format(secondsSinceEpoch: $0)) } ?? .null
        case (.quantity, .bytes(let bytes)):
            var reader = ProtobufReader(bytes)
            var text: JSONValue = ""
            while let (number, part) = try reader.next() {
                if number == 1 { text = try self.value(.string, part, in: path) }
            }
            return text
        case (.intOrString, .bytes(let bytes)):
            var reader = ProtobufReader(bytes)
            var isString = false, number: JSONValue = 0, text: JSONValue = ""
            while let (field, part) = try reader.next() {
                switch field {
                case 1: isString = try self.value(.integer, part, in: path) == 1
                case 2: number = try self.value(.integer, part, in: path)
                case 3: text = try self.value(.string, part, in: path)
                default: break
                }
            }
            return isString ? text : number
        default:
            throw ProtobufError("\(path) has an unexpected wire type")
        }
    }
}
