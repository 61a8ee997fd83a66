import KubeCore
import Testing

@Suite struct FieldSelectorTests {
    let object: JSONValue = ["metadata": ["name": "web", "namespace": "team-a"], "status": ["phase": "Running"]]

    @Test(arguments: [
        ("metadata.name=web", true),
        ("metadata.name==web", true),
        ("metadata.name!=web", false),
        ("metadata.name=web,metadata.namespace=team-a", true),
        ("metadata.name=web, metadata.namespace!=team-a", false),
        ("metadata.namespace=team-b", false),
        ("", true),
        ("metadata.name=web,", true),
    ])
    func matchesNameAndNamespace(selector: String, expected: Bool) throws {
        #expect(try FieldSelector(parsing: selector).matches(object) == expected)
    }

    @Test func unsupportedFieldsAreRefusedAsTheAPIServerDoes() {
        #expect(throws: LabelSelectorError("field label not supported: spec.foo", column: 19)) {
            try FieldSelector(parsing: "metadata.name=web,spec.foo=x")
        }
        #expect(throws: LabelSelectorError("invalid selector: 'metadata.name'; can't understand 'metadata.name'", column: 1)) {
            try FieldSelector(parsing: "metadata.name")
        }
    }

    @Test func kindSpecificFieldsCanBeAllowed() throws {
        let selector = try FieldSelector(parsing: "status.phase=Running", supportedFields: ["status.phase"])
        #expect(selector.matches(object))
    }

    @Test func escapedSeparatorsStayInValuesAndRenderBack() throws {
        let selector = try FieldSelector(parsing: #"metadata.name=a\,b\=c"#)
        #expect(selector.terms == [FieldSelector.Term(field: "metadata.name", value: "a,b=c")])
        #expect(selector.matches(["metadata": ["name": "a,b=c"]]))
        #expect(selector.description == #"metadata.name=a\,b\=c"#)
    }

    @Test func aMissingFieldReadsAsEmpty() throws {
        #expect(try FieldSelector(parsing: "metadata.namespace=").matches(["metadata": ["name": "cluster-scoped"]]))
        #expect(try FieldSelector(parsing: "metadata.namespace!=").matches(object))
    }
}
