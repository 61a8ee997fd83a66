import KubeCore
import Testing

@Suite struct JSONValueTests {
    @Test func parsesAndKeepsKeyOrder() throws {
        let value = try JSONValue(parsing: #"{"z":1,"a":[true,null,1.5,"x\u00e9\n"],"m":{}}"#)
        #expect(value.objectValue.map { Array($0.keys) } == ["z", "a", "m"])
        #expect(value["a"] == [true, nil, 1.5, "xé\n"])
        #expect(value.jsonString() == #"{"z":1,"a":[true,null,1.5,"xé\n"],"m":{}}"#)
    }

    @Test func integersAndDoublesStayDistinct() throws {
        #expect(try JSONValue(parsing: "1") == .int(1))
        #expect(try JSONValue(parsing: "1.0") == .double(1))
        #expect(try JSONValue(parsing: "-1e3") == .double(-1000))
        #expect(JSONValue.double(1).jsonString() == "1.0")
        #expect(try JSONValue(parsing: "9223372036854775808") == .double(9223372036854775808))
    }

    @Test func surrogatePairsDecode() throws {
        #expect(try JSONValue(parsing: #""\ud83d\ude80""#) == "🚀")
    }

    @Test(arguments: [
        ("{", 1, 2), ("[1,]", 1, 4), ("{\"a\" 1}", 1, 6), ("\n\n  tru", 3, 3), ("1 2", 1, 3), ("\"\u{1}\"", 1, 2),
    ])
    func errorsCarryPosition(text: String, line: Int, column: Int) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
        do {
            _ = try JSONValue(parsing: text)
        } catch {
            #expect(error.line == line)
            #expect(error.column == column)
        }
    }

    @Test func deepNestingIsRefusedNotCrashed() {
        let text = String(repeating: "[", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    @Test func pathSubscriptCreatesIntermediateObjects() {
        var value: JSONValue = [:]
        value[path: "metadata", "labels", "team"] = "ml"
        #expect(value.jsonString() == #"{"metadata":{"labels":{"team":"ml"}}}"#)
        value[path: "metadata", "labels", "team"] = nil
        #expect(value.jsonString() == #"{"metadata":{"labels":{}}}"#)
    }

    @Test func typedRoundTrip() throws {
        struct Sample: Codable, Equatable { var name: String; var count: Int?; var tags: [String] }
        let sample = Sample(name: "a", count: nil, tags: ["x"])
        let json = try JSONValue(encoding: sample)
        #expect(json == ["name": "a", "tags": ["x"]])
        #expect(try json.decode(Sample.self) == sample)
        let broken: JSONValue = ["name": 3, "tags": []]
        #expect(throws: JSONConversionError.self) { try broken.decode(Sample.self) }
    }
}

@Suite struct JSONValueEqualityTests {
    @Test func objectsCompareRegardlessOfOrder() throws {
        let a = try JSONValue(parsing: #"{"a":1,"b":{"x":[1,2],"y":null}}"#)
        let b = try JSONValue(parsing: #"{"b":{"y":null,"x":[1,2]},"a":1}"#)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != (try JSONValue(parsing: #"{"a":1,"b":{"x":[2,1],"y":null}}"#)))
    }

    @Test("values of different kinds spelled alike in bytes hash apart")
    func kindsHashApart() throws {
        // Without a tag per kind, null, 0, 0.0 and [] fed the hasher the same eight zero bytes.
        let alike: [JSONValue] = [.null, .int(0), .double(0), .bool(false), .string(""), .array([]), .object([:])]
        #expect(Set(alike.map(\.hashValue)).count == alike.count)
        let zero: JSONValue = ["spec": ["replicas": 0]]
        #expect(zero.hashValue != (["spec": ["replicas": .null]] as JSONValue).hashValue)
        #expect((["args": []] as JSONValue).hashValue != (["args": .null] as JSONValue).hashValue)
        #expect(([[0], 0] as JSONValue).hashValue != ([1, [:]] as JSONValue).hashValue)
    }

    @Test func encodingKeepsDeclarationOrder() throws {
        struct Manifest: Encodable { var apiVersion = "v1"; var kind = "Service"; var metadata = ["name": "a"] }
        #expect(try JSONValue(encoding: Manifest()).jsonString() == #"{"apiVersion":"v1","kind":"Service","metadata":{"name":"a"}}"#)
    }
}

@Suite struct JSONValueDecodingTests {
    struct Sample: Codable, Equatable {
        var name: String
        var ratio: Double
        var count: Int32?
        var nested: [String: [Int]]
        var raw: JSONValue?
    }

    @Test func decodesTypedValuesDirectlyWithJSONNumberRules() throws {
        let value: JSONValue = ["name": "a", "ratio": 2, "count": 3.0, "nested": ["x": [1, 2]], "raw": ["k": [true]]]
        let sample = try value.decode(Sample.self)
        #expect(sample == Sample(name: "a", ratio: 2, count: 3, nested: ["x": [1, 2]], raw: ["k": [true]]))
    }

    @Test func nullAndMissingOptionalsBothDecodeAsNil() throws {
        let value: JSONValue = ["name": "a", "ratio": 1.5, "count": nil, "nested": [:]]
        #expect(try value.decode(Sample.self).count == nil)
    }

    @Test(arguments: [
        (#"{"name":"a","ratio":"x","nested":{}}"#, "ratio: expected Double"),
        (#"{"name":"a","ratio":1,"count":1.5,"nested":{}}"#, "count: expected Int32"),
        (#"{"name":"a","ratio":1,"count":3000000000,"nested":{}}"#, "count: expected Int32"),
        (#"{"name":"a","ratio":1,"nested":{"x":[1,"2"]}}"#, "nested.x[1]: expected Int"),
        (#"{"ratio":1,"nested":{}}"#, "name: required field is missing"),
    ])
    func mismatchesNameTheFieldPath(json: String, message: String) throws {
        let value = try JSONValue(parsing: json)
        #expect {
            try value.decode(Sample.self)
        } throws: { error in
            (error as? JSONConversionError)?.description.contains(message) == true
        }
    }
}
