import KubeCore
import Testing

@Suite struct LabelSelectorTests {
    @Test(arguments: [
        // (input, canonical rendering)
        ("", ""),
        ("   ", ""),
        ("app=web", "app=web"),
        ("app==web", "app==web"),
        ("app!=web", "app!=web"),
        ("app = web ,  tier != batch", "app=web,tier!=batch"),
        ("env in (prod, staging)", "env in (prod,staging)"),
        ("env notin (staging,prod,prod)", "env notin (prod,staging)"),
        ("gpu", "gpu"),
        ("!canary", "!canary"),
        ("z,!y,x=1", "x=1,!y,z"),
        ("a=", "a="),
        ("a in (x,)", "a in (,x)"),
        ("a in (in)", "a in (in)"),
        ("replicas>2,replicas<10", "replicas>2,replicas<10"),
        ("aifleet.dev/team=ml-platform", "aifleet.dev/team=ml-platform"),
    ])
    func parsesAndRendersCanonically(input: String, rendered: String) throws {
        let selector = try Selector(parsing: input)
        #expect(selector.description == rendered)
        #expect(selector.isEmpty == rendered.isEmpty)
        #expect(try Selector(parsing: selector.description) == selector)
    }

    @Test(arguments: [
        ("app=web=x", "column 8: found '=', expected: ',' or 'end of string'"),
        ("app in web", "column 8: found 'web', expected: '('"),
        ("app in ()", "column 1: for 'in', 'notin' operators, values set can't be empty"),
        ("app in (a b)", "column 11: found 'b', expected: ',', ')' or identifier"),
        ("app=web,", "column 9: found 'end of string', expected: identifier after ','"),
        (",app", "column 1: found ',', expected: !, identifier, or 'end of string'"),
        ("!app=web", "column 5: found '=', expected: ',' or 'end of string'"),
        ("app=(x)", "column 5: found '(', expected: identifier"),
        ("app <= 3", "column 6: found '=', expected: identifier"),
        ("n>x", "column 1: for 'Gt', 'Lt' operators, the value must be an integer"),
        ("-bad=1", "column 1: invalid label key \"-bad\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"),
        ("Example.com/x=1", "column 1: invalid label key \"Example.com/x\": prefix part must be a lowercase DNS subdomain (e.g. 'example.com')"),
        ("a/b/c", "column 1: invalid label key \"a/b/c\": a qualified name must consist of an optional DNS subdomain prefix and a name, separated by '/'"),
        ("a=\(String(repeating: "v", count: 64))", "column 1: invalid label value: \"\(String(repeating: "v", count: 64))\": must be no more than 63 characters"),
        ("a=x_", "column 1: invalid label value: \"x_\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"),
    ])
    func rejectsInvalidSelectorsNamingTheColumn(input: String, message: String) {
        #expect(throws: LabelSelectorError.self) { try Selector(parsing: input) }
        do {
            _ = try Selector(parsing: input)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test(arguments: [
        ("app=web", ["app": "web"], true),
        ("app=web", ["app": "api"], false),
        ("app=web", [:], false),
        ("app!=web", [:], true),
        ("app!=web", ["app": "web"], false),
        ("env in (prod,staging)", ["env": "staging"], true),
        ("env in (prod,staging)", ["env": "dev"], false),
        ("env notin (prod)", [:], true),
        ("env notin (prod)", ["env": "prod"], false),
        ("gpu", ["gpu": ""], true),
        ("gpu", [:], false),
        ("!canary", ["canary": "true"], false),
        ("!canary", ["app": "x"], true),
        ("n>2", ["n": "3"], true),
        ("n>2", ["n": "2"], false),
        ("n<2", ["n": "x"], false),
        ("app=web,tier=gpu", ["app": "web", "tier": "gpu"], true),
        ("app=web,tier=gpu", ["app": "web", "tier": "cpu"], false),
        ("", ["anything": "at all"], true),
    ] as [(String, [String: String], Bool)])
    func matchesLabelsAsApimachineryDoes(selector: String, labels: [String: String], expected: Bool) throws {
        #expect(try Selector(parsing: selector).matches(labels) == expected)
    }

    @Test func convertsALabelSelectorWithLabelsAndExpressions() throws {
        let labelSelector = LabelSelector(
            matchLabels: ["app": "web", "aifleet.dev/team": "ml"],
            matchExpressions: [
                LabelSelectorRequirement(key: "tier", operator: .in, values: ["standard", "critical"]),
                LabelSelectorRequirement(key: "canary", operator: .doesNotExist),
                LabelSelectorRequirement(key: "zone", operator: .notIn, values: ["a"]),
                LabelSelectorRequirement(key: "gpu", operator: .exists),
            ])
        let selector = try Selector(labelSelector)
        #expect(selector.description == "aifleet.dev/team=ml,app=web,!canary,gpu,tier in (critical,standard),zone notin (a)")
        #expect(selector.matches(["app": "web", "aifleet.dev/team": "ml", "tier": "critical", "gpu": "a100"]))
        #expect(!selector.matches(["app": "web", "aifleet.dev/team": "ml", "tier": "critical"]))
    }

    @Test func anEmptyLabelSelectorSelectsEverything() throws {
        let selector = try Selector(LabelSelector())
        #expect(selector.isEmpty)
        #expect(selector == Selector.everything)
        #expect(selector.matches(["a": "b"]))
    }

    @Test func aLabelSelectorWithInvalidPartsIsRefused() {
        #expect(throws: LabelSelectorError("for 'in', 'notin' operators, values set can't be empty")) {
            try Selector(LabelSelector(matchExpressions: [LabelSelectorRequirement(key: "a", operator: .in)]))
        }
        #expect(throws: LabelSelectorError("values set must be empty for exists and does not exist")) {
            try Selector(LabelSelector(matchExpressions: [LabelSelectorRequirement(key: "a", operator: .exists, values: ["x"])]))
        }
        #expect(throws: LabelSelectorError.self) { try Selector(LabelSelector(matchLabels: ["bad key": "x"])) }
    }

    @Test func labelSelectorCodableUsesTheAPINames() throws {
        let json = try JSONValue(parsing: #"{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"NotIn","values":["batch"]}]}"#)
        let decoded: LabelSelector = try json.decode()
        #expect(decoded.matchExpressions?.first?.operator == .notIn)
        #expect(try JSONValue(encoding: decoded) == json)
        #expect(throws: JSONConversionError.self) {
            let _: LabelSelector = try JSONValue(parsing: #"{"matchExpressions":[{"key":"a","operator":"Near"}]}"#).decode()
        }
    }
}
