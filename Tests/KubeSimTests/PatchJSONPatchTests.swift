import KubeCore
import Testing

@testable import KubeSim

@Suite("JSON patch (RFC 6902)")
struct PatchJSONPatchTests {
    /// RFC 6902 appendix A examples that succeed: document, patch, result.
    static let rfcSuccesses: [(String, String, String)] = [
        // A.1 adding an object member
        (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz","value":"qux"}]"#, #"{"baz":"qux","foo":"bar"}"#),
        // A.2 adding an array element
        (#"{"foo":["bar","baz"]}"#, #"[{"op":"add","path":"/foo/1","value":"qux"}]"#, #"{"foo":["bar","qux","baz"]}"#),
        // A.3 removing an object member
        (#"{"baz":"qux","foo":"bar"}"#, #"[{"op":"remove","path":"/baz"}]"#, #"{"foo":"bar"}"#),
        // A.4 removing an array element
        (#"{"foo":["bar","qux","baz"]}"#, #"[{"op":"remove","path":"/foo/1"}]"#, #"{"foo":["bar","baz"]}"#),
        // A.5 replacing a value
        (#"{"baz":"qux","foo":"bar"}"#, #"[{"op":"replace","path":"/baz","value":"boo"}]"#, #"{"baz":"boo","foo":"bar"}"#),
        // A.6 moving a value
        (
            #"{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}"#,
            #"[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]"#,
            #"{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}"#
        ),
        // A.7 moving an array element
        (#"{"foo":["all","grass","cows","eat"]}"#, #"[{"op":"move","from":"/foo/1","path":"/foo/3"}]"#, #"{"foo":["all","cows","eat","grass"]}"#),
        // A.8 testing a value: success
        (
            #"{"baz":"qux","foo":["a",2,"c"]}"#,
            #"[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]"#,
            #"{"baz":"qux","foo":["a",2,"c"]}"#
        ),
        // A.10 adding a nested member object
        (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/child","value":{"grandchild":{}}}]"#, #"{"foo":"bar","child":{"grandchild":{}}}"#),
        // A.11 ignoring unrecognized elements
        (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz","value":"qux","xyz":123}]"#, #"{"foo":"bar","baz":"qux"}"#),
        // A.14 ~ escape ordering
        (#"{"/":9,"~1":10}"#, #"[{"op":"test","path":"/~01","value":10}]"#, #"{"/":9,"~1":10}"#),
        // A.16 adding an array value
        (#"{"foo":["bar"]}"#, #"[{"op":"add","path":"/foo/-","value":["abc","def"]}]"#, #"{"foo":["bar",["abc","def"]]}"#),
    ]

    @Test("the succeeding examples of RFC 6902 appendix A give the RFC's result", arguments: rfcSuccesses.indices)
    func rfcSuccess(index: Int) throws {
        let (document, patch, expected) = Self.rfcSuccesses[index]
        #expect(try JSONPatch.apply(try json(patch), to: try json(document)) == (try json(expected)))
    }

    @Test("a test of a different value fails (RFC 6902 A.9) with the path in the message")
    func testFails() throws {
        let patch = try json(#"[{"op":"test","path":"/baz","value":"bar"}]"#)
        #expect(throws: PatchError.testFailed("testing value /baz failed: test failed")) {
            try JSONPatch.apply(patch, to: try json(#"{"baz":"qux","foo":["a",2,"c"]}"#))
        }
    }

    @Test("a string does not test equal to a number (RFC 6902 A.15)")
    func stringIsNotNumber() throws {
        let patch = try json(#"[{"op":"test","path":"/~01","value":"10"}]"#)
        #expect(throws: PatchError.testFailed("testing value /~01 failed: test failed")) {
            try JSONPatch.apply(patch, to: try json(#"{"/":9,"~1":10}"#))
        }
    }

    @Test("numbers test equal when their values are, 1 and 1.0 alike")
    func numbersCompareByValue() throws {
        let patch = try json(#"[{"op":"test","path":"/spec/replicas","value":1.0}]"#)
        #expect(try JSONPatch.apply(patch, to: try json(#"{"spec":{"replicas":1}}"#)) == (try json(#"{"spec":{"replicas":1}}"#)))
    }

    @Test("adding under a missing parent is a 422 naming the path (RFC 6902 A.12)")
    func addToMissingParent() throws {
        let patch = try json(#"[{"op":"add","path":"/baz/bat","value":"qux"}]"#)
        let document = try json(#"{"foo":"bar"}"#)
        do {
            _ = try JSONPatch.apply(patch, to: document)
            Issue.record("expected an error")
        } catch {
            #expect(error.statusCode == 422)
            #expect(error.message.contains("/baz"))
        }
    }

    @Test("removing or replacing a missing member or index fails; nothing of the patch is applied")
    func missingTargets() throws {
        let document = try json(#"{"spec":{"replicas":1,"args":["a"]}}"#)
        for patch in [
            #"[{"op":"remove","path":"/spec/size"}]"#,
            #"[{"op":"replace","path":"/spec/size","value":2}]"#,
            #"[{"op":"replace","path":"/spec/replicas","value":2},{"op":"remove","path":"/spec/args/1"}]"#,
            #"[{"op":"add","path":"/spec/args/2","value":"x"}]"#,
            #"[{"op":"add","path":"/spec/args/01","value":"x"}]"#,
            #"[{"op":"copy","from":"/spec/nothing","path":"/spec/x"}]"#,
        ] {
            #expect(throws: PatchError.self) { try JSONPatch.apply(try json(patch), to: document) }
        }
    }

    @Test("a malformed patch document is a 400: not a list, no op, unknown op, bad pointer, no value")
    func malformedPatches() throws {
        for patch in [
            #"{"op":"add","path":"/a","value":1}"#,
            #"[{"path":"/a","value":1}]"#,
            #"[{"op":"frobnicate","path":"/a"}]"#,
            #"[{"op":"add","path":"a","value":1}]"#,
            #"[{"op":"add","path":"/a~2","value":1}]"#,
            #"[{"op":"add","path":"/a"}]"#,
        ] {
            let operations = try json(patch)
            do {
                _ = try JSONPatch.apply(operations, to: [:])
                Issue.record("expected \(patch) to fail")
            } catch {
                #expect(error.statusCode == 400, "\(patch): \(error)")
            }
        }
    }

    @Test("a move into its own child is refused")
    func moveIntoChild() throws {
        let patch = try json(#"[{"op":"move","from":"/a","path":"/a/b"}]"#)
        #expect(throws: PatchError.self) { try JSONPatch.apply(patch, to: try json(#"{"a":{"c":1}}"#)) }
    }

    @Test("copy duplicates a value and an empty path replaces the whole document")
    func copyAndRoot() throws {
        let copied = try JSONPatch.apply(
            try json(#"[{"op":"copy","from":"/metadata/labels","path":"/spec/selector/matchLabels"}]"#),
            to: try json(#"{"metadata":{"labels":{"app":"x"}},"spec":{"selector":{}}}"#))
        #expect(copied[path: "spec", "selector", "matchLabels", "app"] == "x")
        #expect(copied[path: "metadata", "labels", "app"] == "x")
        let replaced = try JSONPatch.apply(try json(#"[{"op":"replace","path":"","value":{"a":1}}]"#), to: try json(#"{"b":2}"#))
        #expect(replaced == (try json(#"{"a":1}"#)))
    }

    @Test("a pointer's escaped tokens reach keys with slash and tilde, as in a label key")
    func escapedTokens() throws {
        let patch = try json(#"[{"op":"add","path":"/metadata/labels/app.kubernetes.io~1name","value":"web"}]"#)
        let result = try JSONPatch.apply(patch, to: try json(#"{"metadata":{"labels":{}}}"#))
        #expect(result[path: "metadata", "labels", "app.kubernetes.io/name"] == "web")
    }
}
