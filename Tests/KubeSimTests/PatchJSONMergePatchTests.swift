import KubeCore
import Testing

@testable import KubeSim

@Suite("JSON merge patch (RFC 7386)")
struct PatchJSONMergePatchTests {
    /// RFC 7386 appendix A, every example: original, patch, result.
    static let rfcExamples: [(String, String, String)] = [
        (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
        (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
        (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
        (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
        (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
        (#"{"a":"foo"}"#, #"null"#, #"null"#),
        (#"{"a":"foo"}"#, #""bar""#, #""bar""#),
        (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
        (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
        (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
    ]

    @Test("every example of RFC 7386 appendix A gives the RFC's result", arguments: rfcExamples.indices)
    func rfcExample(index: Int) throws {
        let (original, patch, expected) = Self.rfcExamples[index]
        #expect(JSONMergePatch.apply(try json(patch), to: try json(original)) == (try json(expected)))
    }

    @Test("a merge patch keeps the order of existing keys and appends new ones")
    func keepsOrder() throws {
        let result = JSONMergePatch.apply(try json(#"{"c":3,"a":9}"#), to: try json(#"{"a":1,"b":2,"c":0}"#))
        #expect(result.jsonString() == #"{"a":9,"b":2,"c":3}"#)
    }

    @Test("a merge patch replaces a Deployment's container list whole")
    func replacesLists() throws {
        let live = try json(#"{"spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}}}"#)
        let patch = try json(#"{"spec":{"template":{"spec":{"containers":[{"name":"c"}]}}}}"#)
        let result = JSONMergePatch.apply(patch, to: live)
        #expect(result[path: "spec", "template", "spec", "containers"] == (try json(#"[{"name":"c"}]"#)))
        #expect(result[path: "spec", "replicas"] == 1)
    }
}
