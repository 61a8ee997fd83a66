import KubeCore
import Testing

/// Writing YAML: the layout, the quoting of strings that would read as something else, and the
/// round trip over generated values.
@Suite struct YAMLEmitTests {
    @Test("a manifest is written in block style with a 2-space indent and keys in stored order")
    func blockLayout() throws {
        let value: JSONValue = .object([
            "kind": .string("Deployment"),
            "metadata": .object(["name": .string("web"), "labels": .object([:])]),
            "spec": .object([
                "replicas": .int(3),
                "ratio": .double(1),
                "containers": .array([
                    .object(["name": .string("app"), "args": .array([.string("--port"), .string("8080")])]),
                    .array([.null, .bool(false)]),
                ]),
                "empty": .array([]),
            ]),
        ])
        let expected = """
            kind: Deployment
            metadata:
              name: web
              labels: {}
            spec:
              replicas: 3
              ratio: 1.0
              containers:
              - name: app
                args:
                - "--port"
                - "8080"
              - - null
                - false
              empty: []

            """
        #expect(YAML.emit(value) == expected)
        #expect(try YAML.parse(YAML.emit(value)) == value)
    }

    @Test("strings that would read as another type or break the syntax are quoted", arguments: [
        "yes", "No", "on", "y", "1.0", "12", "0755", "0o17", "0x1F", "1e3", "1_000", "null", "~", "", ".inf",
        " lead", "trail ", "a: b", "a #b", "#c", "-x", "- x", "*x", "&x", "!x", "{x", "[x", "]", "}", ",x",
        "?x", "|x", ">x", "'x", "\"x", "%x", "@x", "`x", "x:", "...", "---", "\tx", "x\ty", "\u{7F}", "\u{85}",
        "a\u{2028}b", "\u{FEFF}x", "\r\n",
    ])
    func quotedStrings(string: String) throws {
        let text = YAML.emit(.string(string))
        #expect(text.hasPrefix("\""))
        #expect(try YAML.parse(text) == .string(string))
    }

    @Test("ordinary strings stay plain", arguments: ["web", "nginx:1.25", "a b", "a-b", "x#y", "é日本🙂", "2001-12-14", "\\"])
    func plainStrings(string: String) throws {
        #expect(YAML.emit(.string(string)) == string + "\n")
        #expect(YAML.emit(.object([string: .string(string)])) == "\(string): \(string)\n")
    }

    @Test("keys that would read as another key are quoted", arguments: ["y", "1", "true", "<<", "null", ""])
    func quotedKeys(key: String) throws {
        let text = YAML.emit(.object([key: .int(1)]))
        #expect(text.hasPrefix("\""))
        #expect(try YAML.parse(text) == .object([key: .int(1)]))
    }

    @Test("multi-line strings are literal blocks with the chomping that keeps their line breaks")
    func literalBlocks() throws {
        let value: JSONValue = .object([
            "clip": .string("line 1\n  line 2\n"),
            "strip": .string("a\nb"),
            "keep": .string("a\n\n"),
            "list": .array([.string("x\ny\n")]),
        ])
        let text = YAML.emit(value)
        #expect(text == "clip: |\n  line 1\n    line 2\nstrip: |-\n  a\n  b\nkeep: |+\n  a\n\nlist:\n- |\n  x\n  y\n")
        #expect(try YAML.parse(text) == value)
    }

    @Test("doubles keep a fraction or exponent so they read back as doubles, integers stay integers")
    func numbers() throws {
        let value: JSONValue = .array([.double(1), .double(-0.5), .double(1e300), .double(.leastNonzeroMagnitude), .int(.min), .int(.max)])
        #expect(try YAML.parse(YAML.emit(value)) == value)
        #expect(YAML.emit(.double(2)) == "2.0\n")
    }

    @Test("a key too long to be an implicit key is written in the explicit form")
    func longKeys() throws {
        let key = String(repeating: "k", count: 1500)
        let value: JSONValue = .object([key: .object(["a": .array([.int(1)])]), "b": .string("x\ny")])
        #expect(try YAML.parse(YAML.emit(value)) == value)
    }

    @Test("documents are separated by --- and read back, null documents skipped")
    func documents() throws {
        let values: [JSONValue] = [.object(["a": .int(1)]), .string("s"), .null, .array([.int(2)])]
        let text = YAML.emitDocuments(values)
        #expect(text == "a: 1\n---\ns\n---\nnull\n---\n- 2\n")
        #expect(try YAML.parseDocuments(text) == values.filter { !$0.isNull })
    }

    // MARK: - Round trip

    @Test("emitting then parsing gives back any generated value", arguments: 0..<8)
    func roundTrip(seed: UInt64) {
        var generator = ValueGenerator(seed: seed)
        for _ in 0..<250 {
            let value = generator.value(depth: 0)
            let text = YAML.emit(value)
            do {
                let parsed = try YAML.parse(text)
                #expect(parsed == value, "seed \(seed): \(value) emitted as\n\(text)")
                if parsed != value { return }
            } catch {
                Issue.record("seed \(seed): \(error) reading \(value) emitted as\n\(text)")
                return
            }
        }
    }
}

/// Random JSON values with strings made of YAML's troublemakers; seeded, so a failure reproduces.
struct ValueGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    /// SplitMix64.
    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    private static let fragments = [
        "yes", "No", "on", "y", "1.0", "0755", "0o17", "0x1F", "1e3", "1_000", "null", "~", ".inf", "<<", "true",
        " ", "  ", ": ", ":", " #", "#", "-", "- ", "*", "&", "!", "{", "}", "[", "]", ",", "?", "|", ">", "'", "\"",
        "%", "@", "`", "\\", "---", "...", "\n", "\n\n", "\t", "\r", "\r\n", "\u{85}", "\u{2028}", "\u{FEFF}",
        "\u{7F}", "\u{1}", "\u{0}", "é", "日本", "🙂", "abc", "x", "Deployment", "12", "-1", "2001-12-14",
    ]

    mutating func string() -> String {
        if below(40) == 0 { return String(repeating: "long", count: 300) }
        var string = ""
        for _ in 0..<below(5) { string += Self.fragments[below(Self.fragments.count)] }
        return string
    }

    mutating func value(depth: Int) -> JSONValue {
        switch below(depth >= 4 ? 6 : 9) {
        case 0: return .null
        case 1: return .bool(below(2) == 0)
        case 2: return .int([0, -1, .max, .min, Int64(bitPattern: next()), Int64(below(1000))][below(6)])
        case 3:
            let doubles = [0.5, -2.0, 1e300, .leastNonzeroMagnitude, 123456.789, Double(below(100)), Double(bitPattern: next())]
            let double = doubles[below(doubles.count)]
            return .double(double.isFinite ? double : 1.5)
        case 4, 5: return .string(string())
        case 6, 7:
            var object = JSONObject()
            for _ in 0..<below(5) { object[string()] = value(depth: depth + 1) }
            return .object(object)
        default:
            return .array((0..<below(5)).map { _ in value(depth: depth + 1) })
        }
    }
}
