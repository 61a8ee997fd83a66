import KubeCore
import Testing

/// How plain and tagged scalars read, row by row as kubectl v1.32 reads them.
///
/// Every `Row` and `KeyRow` below was checked against kubectl by hack/yaml-kubectl-check.sh, which
/// reads these lines from this file, puts each input in a ConfigMap (as a value under `data`, or as a
/// key) and compares `kubectl label --local -f FILE x=y -o json` with the expected JSON (`error` when
/// kubectl must refuse the document). kubectl's JSON cannot tell `1000` from `1000.0`; the
/// integer/double split follows go-yaml v2's resolve.go (see YAMLScalarResolver).
@Suite struct YAMLScalarTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var yaml: String
        var json: String
        init(_ yaml: String, _ json: String) {
            self.yaml = yaml
            self.json = json
        }
        var testDescription: String { "\(yaml) -> \(json)" }
    }
    typealias KeyRow = Row

    static let values: [Row] = [
        Row(#""#, #"null"#),
        Row(#"~"#, #"null"#),
        Row(#"null"#, #"null"#),
        Row(#"Null"#, #"null"#),
        Row(#"NULL"#, #"null"#),
        Row(#"nULL"#, #""nULL""#),
        Row(#"nil"#, #""nil""#),
        Row(#"None"#, #""None""#),
        Row(#"y"#, #"true"#),
        Row(#"Y"#, #"true"#),
        Row(#"yes"#, #"true"#),
        Row(#"Yes"#, #"true"#),
        Row(#"YES"#, #"true"#),
        Row(#"on"#, #"true"#),
        Row(#"On"#, #"true"#),
        Row(#"ON"#, #"true"#),
        Row(#"true"#, #"true"#),
        Row(#"True"#, #"true"#),
        Row(#"TRUE"#, #"true"#),
        Row(#"n"#, #"false"#),
        Row(#"N"#, #"false"#),
        Row(#"no"#, #"false"#),
        Row(#"No"#, #"false"#),
        Row(#"NO"#, #"false"#),
        Row(#"off"#, #"false"#),
        Row(#"Off"#, #"false"#),
        Row(#"OFF"#, #"false"#),
        Row(#"false"#, #"false"#),
        Row(#"False"#, #"false"#),
        Row(#"FALSE"#, #"false"#),
        Row(#"tRUE"#, #""tRUE""#),
        Row(#"yES"#, #""yES""#),
        Row(#"oN"#, #""oN""#),
        Row(#"0"#, #"0"#),
        Row(#"-0"#, #"0"#),
        Row(#"12"#, #"12"#),
        Row(#"+12"#, #"12"#),
        Row(#"-12"#, #"-12"#),
        Row(#"1_000"#, #"1000"#),
        Row(#"1__0"#, #"10"#),
        Row(#"0755"#, #"493"#),
        Row(#"00"#, #"0"#),
        Row(#"0o17"#, #"15"#),
        Row(#"0x1F"#, #"31"#),
        Row(#"0X1f"#, #"31"#),
        Row(#"0b101"#, #"5"#),
        Row(#"-0x10"#, #"-16"#),
        Row(#"9223372036854775807"#, #"9223372036854775807"#),
        Row(#"-9223372036854775808"#, #"-9223372036854775808"#),
        Row(#"1.5"#, #"1.5"#),
        Row(#"1e3"#, #"1000.0"#),
        Row(#"1E3"#, #"1000.0"#),
        Row(#".5"#, #"0.5"#),
        Row(#"+.5"#, #"0.5"#),
        Row(#"1."#, #"1.0"#),
        Row(#"08"#, #"8.0"#),
        Row(#"-1.5e-3"#, #"-0.0015"#),
        Row(#"1_000.5"#, #"1000.5"#),
        Row(#"18446744073709551616"#, #"1.8446744073709552e19"#),
        Row(#"1e400"#, #""1e400""#),
        Row(#"0x"#, #""0x""#),
        Row(#"1,000"#, #""1,000""#),
        Row(#"0b2"#, #""0b2""#),
        Row(#"_1"#, #""_1""#),
        Row(#"0x1.8p1"#, #""0x1.8p1""#),
        Row(#"1e"#, #""1e""#),
        Row(#".e1"#, #"".e1""#),
        Row(#"12:30"#, #""12:30""#),
        Row(#"2001-12-14"#, #""2001-12-14""#),
        Row(#"2001-12-14T21:59:43Z"#, #""2001-12-14T21:59:43Z""#),
        Row(#"2001-12-14 21:59:43.10 -5"#, #""2001-12-14 21:59:43.10 -5""#),
        Row(#"<<"#, #""<<""#),
        Row(#""yes""#, #""yes""#),
        Row(#"'0755'"#, #""0755""#),
        Row(#"'~'"#, #""~""#),
        Row(#"!!str 12"#, #""12""#),
        Row(#"!!str yes"#, #""yes""#),
        Row(#"!!int "12""#, #"12"#),
        Row(#"!!float 1"#, #"1.0"#),
        Row(#"!!bool yes"#, #"true"#),
        Row(#"!!null """#, #"null"#),
        Row(#"!!binary aGVsbG8="#, #""hello""#),
        Row(#"!!timestamp 2001-12-14"#, #""2001-12-14""#),
        Row(#"!foo 12"#, #""12""#),
        Row(#"!foo yes"#, #""yes""#),
        Row(#"! 12"#, #""12""#),
        Row(#"!!int abc"#, #"error"#),
        Row(#"!!bool 1"#, #"error"#),
        Row(#"!!binary -not-base64-"#, #"error"#),
        Row(#".inf"#, #"error"#),
        Row(#"-.Inf"#, #"error"#),
        Row(#"+.INF"#, #"error"#),
        Row(#".nan"#, #"error"#),
        Row(#".NaN"#, #"error"#),
    ]

    static let keys: [KeyRow] = [
        KeyRow(#"plain"#, #""plain""#),
        KeyRow(#"1"#, #""1""#),
        KeyRow(#"0x10"#, #""16""#),
        KeyRow(#"true"#, #""true""#),
        KeyRow(#"y"#, #""true""#),
        KeyRow(#"off"#, #""false""#),
        KeyRow(#"1.5"#, #""1.5""#),
        KeyRow(#"0.1"#, #""0.1""#),
        KeyRow(#"1e3"#, #""1000""#),
        KeyRow(#"1e6"#, #""1e+06""#),
        KeyRow(#"0.00001"#, #""1e-05""#),
        KeyRow(#"123456789.0"#, #""1.2345679e+08""#),
        KeyRow(#""1.5""#, #""1.5""#),
        KeyRow(#"~"#, #"error"#),
        KeyRow(#"null"#, #"error"#),
        KeyRow(#"[a]"#, #"error"#),
        KeyRow(#"{a: 1}"#, #"error"#),
    ]

    @Test("a plain or tagged value reads as kubectl reads it", arguments: values)
    func valueReadsAsKubectlReadsIt(row: Row) throws {
        let document = "data:\n  k: \(row.yaml)\n"
        if row.json == "error" {
            #expect(throws: YAMLError.self) { try YAML.parse(document) }
            return
        }
        let expected = try JSONValue(parsing: row.json)
        let value = try YAML.parse(document)
        #expect(value[path: "data", "k"] == expected)
    }

    @Test("a map key becomes the JSON member name kubectl gives it", arguments: keys)
    func keyReadsAsKubectlReadsIt(row: KeyRow) throws {
        let document = "data:\n  \(row.yaml): v\n"
        if row.json == "error" {
            #expect(throws: YAMLError.self) { try YAML.parse(document) }
            return
        }
        let expected = try #require(try JSONValue(parsing: row.json).stringValue)
        let value = try YAML.parse(document)
        #expect(value[path: "data"]?.objectValue?.keys.elementsEqual([expected]) == true)
    }
}
