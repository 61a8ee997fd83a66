/// Reads the protobuf wire format (varints and length-delimited fields; fixed-width ones are skipped,
/// since no field of the Kubernetes types KubeSim decodes uses them).
/// See https://protobuf.dev/programming-guides/encoding/.
struct ProtobufReader {
    /// One field as it appears on the wire.
    enum Value {
        case varint(UInt64)
        case bytes(ArraySlice<UInt8>)
        /// A fixed32 or fixed64 field, never used by the kinds decoded here.
        case fixed
    }

    private let bytes: ArraySlice<UInt8>
    private var index: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.index = bytes.startIndex
    }

    var isAtEnd: Bool { index >= bytes.endIndex }

    /// The next field's number and value, or nil at the end.
    mutating func next() throws(ProtobufError) -> (number: Int, value: Value)? {
        guard !isAtEnd else { return nil }
        let key = try varint()
        let number = Int(key >> 3)
        guard number > 0 else { throw ProtobufError("field number 0 at byte \(index - bytes.startIndex)") }
        switch key & 7 {
        case 0: return (number, .varint(try varint()))
        case 2:
            let length = try varint()
            guard length <= UInt64(bytes.endIndex - index) else {
                throw ProtobufError("field \(number) is longer than its message")
            }
            let start = index
            index += Int(length)
            return (number, .bytes(bytes[start..<index]))
        case 1: try skip(8); return (number, .fixed)
        case 5: try skip(4); return (number, .fixed)
        default: throw ProtobufError("field \(number) has the unsupported wire type \(key & 7)")
        }
    }

    private mutating func varint() throws(ProtobufError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.endIndex, shift < 64 {
            let byte = bytes[index]
            index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
        throw ProtobufError("truncated varint")
    }

    private mutating func skip(_ count: Int) throws(ProtobufError) {
        guard bytes.endIndex - index >= count else { throw ProtobufError("truncated fixed-width field") }
        index += count
    }
}

/// A protobuf body KubeSim cannot read.
struct ProtobufError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
