import KubeCore
import Testing

/// Reading streams: documents, anchors and merges, errors with their position.
@Suite struct YAMLParseTests {
    @Test("a multi-document stream gives each non-empty document in order")
    func multiDocumentStream() throws {
        let text = """
            # leading comment
            ---
            ---
            apiVersion: v1
            kind: ConfigMap
            ---
            # only a comment
            ---
            null
            ---
            - 1
            - two
            ...
            ---
            plain
            """
        let documents = try YAML.parseDocuments(text)
        #expect(documents == [
            .object(["apiVersion": .string("v1"), "kind": .string("ConfigMap")]),
            .array([.int(1), .string("two")]),
            .string("plain"),
        ])
    }

    @Test("bytes and text give the same documents")
    func bytesAndText() throws {
        let text = "a: 1\n---\nb: [x, y]\n"
        #expect(try YAML.parseDocuments(Array(text.utf8)) == YAML.parseDocuments(text))
    }

    @Test("an empty stream has no documents and parses as null")
    func emptyStream() throws {
        #expect(try YAML.parseDocuments("").isEmpty)
        #expect(try YAML.parseDocuments("# nothing\n").isEmpty)
        #expect(try YAML.parse("") == .null)
        #expect(try YAML.parse("---\n# nothing\n") == .null)
    }

    @Test("parse refuses a stream of two documents, at the second one")
    func parseRefusesTwoDocuments() throws {
        let error = try #require(throws: YAMLError.self) { try YAML.parse("a: 1\n---\nb: 2\n", source: "x.yaml") }
        #expect(error.line == 2)
        #expect(error.source == "x.yaml")
        #expect(error.message.contains("found 2"))
    }

    @Test("block and flow styles read alike, keys keep their order")
    func blockAndFlow() throws {
        let block = try YAML.parse("z: 1\na:\n  - x\n  - {k: v, j: [1, 2]}\nm: |\n  line 1\n  line 2\nf: >\n  folded\n  text\n")
        let flow = try YAML.parse(#"{z: 1, a: [x, {k: v, j: [1, 2]}], m: "line 1\nline 2\n", f: "folded text\n"}"#)
        #expect(block == flow)
        #expect(block.objectValue?.keys.elementsEqual(["z", "a", "m", "f"]) == true)
    }

    @Test("aliases copy their anchor's value, anchors may be redefined")
    func anchorsAndAliases() throws {
        let value = try YAML.parse("a: &x {k: 1}\nb: *x\nc: &x 2\nd: *x\ne: [&s s, *s]\n")
        #expect(value == .object([
            "a": .object(["k": .int(1)]), "b": .object(["k": .int(1)]),
            "c": .int(2), "d": .int(2), "e": .array([.string("s"), .string("s")]),
        ]))
    }

    @Test("anchors do not reach into the next document")
    func anchorsAreLocalToADocument() throws {
        let error = try #require(throws: YAMLError.self) { try YAML.parseDocuments("a: &x 1\n---\nb: *x\n") }
        #expect(error.line == 3)
        #expect(error.message.contains("unknown anchor 'x'"))
    }

    // The merge rows were checked with kubectl (`kubectl label --local -o json`): a merge sets its keys
    // where it stands, so a key written before it is overridden and one written after it wins.
    @Test("merge keys follow go-yaml v2: position decides, earlier maps of a list win")
    func mergeKeys() throws {
        let text = """
            base: &b {a: 2, c: 3}
            before: {a: 1, <<: *b}
            after: {<<: *b, a: 1}
            list: {<<: [{a: 1}, {a: 2, b: 2}]}
            twice: {<<: {a: 1}, <<: {b: 1}}
            quoted: {"<<": 1}
            """
        let value = try YAML.parse(text)
        #expect(value["before"] == .object(["a": .int(2), "c": .int(3)]))
        #expect(value["after"] == .object(["a": .int(1), "c": .int(3)]))
        #expect(value["list"] == .object(["a": .int(1), "b": .int(2)]))
        #expect(value["twice"] == .object(["a": .int(1), "b": .int(1)]))
        #expect(value["quoted"] == .object(["<<": .int(1)]))
    }

    @Test("a merge of something other than maps is an error at the merge key")
    func badMerge() throws {
        let error = try #require(throws: YAMLError.self) { try YAML.parse("a: 1\nb:\n  <<: [1]\n") }
        #expect((error.line, error.column) == (3, 3))
        #expect(error.message.contains("map merge"))
    }

    @Test("a key written twice in a mapping is an error at the second one")
    func duplicateKeys() throws {
        let error = try #require(throws: YAMLError.self) { try YAML.parse("a: 1\nb: 2\na: 3\n", source: "d.yaml") }
        #expect(error.description == #"d.yaml:3:1: duplicate key "a" in a mapping"#)
        // Keys that read the same are the same key.
        #expect(throws: YAMLError.self) { try YAML.parse("1: a\n0x1: b\n") }
    }

    @Test("syntax errors carry libyaml's line and column and the source name")
    func syntaxErrors() throws {
        let error = try #require(throws: YAMLError.self) {
            try YAML.parseDocuments("a: 1\nb: c: d\n", source: "bad.yaml")
        }
        #expect(error.description == "bad.yaml:2:5: mapping values are not allowed in this context")
        let tab = try #require(throws: YAMLError.self) { try YAML.parse("a:\n\t- b\n") }
        #expect(tab.line == 2)
        #expect(tab.description.hasPrefix("2:"))
    }

    @Test("nesting deeper than the limit is an error, not a crash")
    func deepNesting() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = try #require(throws: YAMLError.self) { try YAML.parse(deep) }
        #expect(error.message.contains("nesting deeper"))
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(try YAML.parse(fine).arrayValue != nil)
    }

    @Test("an alias bomb is refused")
    func aliasBomb() throws {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        let error = try #require(throws: YAMLError.self) { try YAML.parse(text) }
        #expect(error.message.contains("aliases expand"))
    }

    @Test("invalid UTF-8 is an error with a position")
    func invalidUTF8() throws {
        let error = try #require(throws: YAMLError.self) { try YAML.parseDocuments([0x61, 0x3A, 0x20, 0xFF, 0x0A]) }
        #expect(error.line == 1)
    }
}
