/// The shape of a protobuf message of the Kubernetes API: field number → JSON name and type, as the
/// `generated.proto` files of k8s.io/api and k8s.io/apimachinery number them.
struct ProtobufMessage: Sendable {
    let name: String
    let fields: [Int: ProtobufField]

    init(_ name: String, _ fields: [Int: ProtobufField]) {
        self.name = name
        self.fields = fields
    }
}

/// One field of a message.
struct ProtobufField: Sendable {
    /// What the field holds.
    indirect enum Kind: Sendable {
        case string
        case integer
        case bool
        /// Bytes, base64 in JSON (`[]byte`).
        case bytes
        case message(String)
        /// A `map<string, V>` (entries are messages with key 1 and value 2).
        case map(Kind)
        /// metav1.Time: `{seconds 1, nanos 2}`, RFC 3339 in JSON.
        case time
        /// resource.Quantity: `{string 1}`, a string in JSON.
        case quantity
        /// intstr.IntOrString: `{type 1, intVal 2, strVal 3}`, a number or a string in JSON.
        case intOrString
    }

    let json: String
    let kind: Kind
    let repeated: Bool
    /// A Go pointer (`*int32`, `*bool`): present on the wire only when set, so a zero is kept. Other
    /// scalars are Go values, always on the wire, and their zero is left out of the JSON (`omitempty`).
    let pointer: Bool

    static func string(_ json: String) -> ProtobufField { ProtobufField(json: json, kind: .string, repeated: false, pointer: false) }
    static func strings(_ json: String) -> ProtobufField { ProtobufField(json: json, kind: .string, repeated: true, pointer: false) }
    static func integer(_ json: String, pointer: Bool = false) -> ProtobufField {
        ProtobufField(json: json, kind: .integer, repeated: false, pointer: pointer)
    }
    static func bool(_ json: String, pointer: Bool = false) -> ProtobufField {
        ProtobufField(json: json, kind: .bool, repeated: false, pointer: pointer)
    }
    static func message(_ json: String, _ type: String) -> ProtobufField {
        ProtobufField(json: json, kind: .message(type), repeated: false, pointer: false)
    }
    static func messages(_ json: String, _ type: String) -> ProtobufField {
        ProtobufField(json: json, kind: .message(type), repeated: true, pointer: false)
    }
    static func map(_ json: String, _ value: Kind = .string) -> ProtobufField {
        ProtobufField(json: json, kind: .map(value), repeated: true, pointer: false)
    }
    static func of(_ json: String, _ kind: Kind) -> ProtobufField {
        ProtobufField(json: json, kind: kind, repeated: false, pointer: false)
    }
}
