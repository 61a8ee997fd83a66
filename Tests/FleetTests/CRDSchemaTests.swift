import Fleet
import KubeCore
import Testing

/// The CRDs in crds/ and the Swift types must describe the same API, field for field.
@Suite("CRDs and Swift types agree")
struct CRDSchemaTests {
    struct Kind: Sendable, CustomTestStringConvertible {
        var crd: String
        var fullExample: String
        var testDescription: String { crd }
    }

    static let kinds = [
        Kind(crd: "crds/aifleet.dev_inferenceservices.yaml", fullExample: "Tests/FleetTests/Fixtures/full-inferenceservice.yaml"),
        Kind(crd: "crds/aifleet.dev_trainingjobs.yaml", fullExample: "Tests/FleetTests/Fixtures/full-trainingjob.yaml"),
        Kind(crd: "crds/aifleet.dev_featurestores.yaml", fullExample: "Tests/FleetTests/Fixtures/full-featurestore.yaml"),
        Kind(crd: "crds/aifleet.dev_fleetpolicies.yaml", fullExample: "Tests/FleetTests/Fixtures/full-fleetpolicy.yaml"),
    ]

    static func schema(_ kind: Kind) throws -> (crd: JSONValue, schema: JSONValue) {
        let crd = try #require(try RepositoryFiles.documents(kind.crd).first)
        let schema = try #require(crd[path: "spec", "versions"]?[0]?[path: "schema", "openAPIV3Schema"])
        return (crd, schema)
    }

    @Test("the CRD names the Swift type's group, version, kind, plural and scope", arguments: kinds)
    func names(_ kind: Kind) throws {
        let (crd, _) = try Self.schema(kind)
        let example = try #require(try RepositoryFiles.documents(kind.fullExample).first)
        let descriptor = try FleetResource(json: example).descriptor
        #expect(crd[path: "spec", "group"] == .string(descriptor.kind.group))
        #expect(crd[path: "spec", "versions"]?[0]?["name"] == .string(descriptor.kind.version))
        #expect(crd[path: "spec", "names", "kind"] == .string(descriptor.kind.kind))
        #expect(crd[path: "spec", "names", "plural"] == .string(descriptor.resource.resource))
        #expect(crd[path: "metadata", "name"] == .string("\(descriptor.resource.resource).\(descriptor.kind.group)"))
        #expect(crd[path: "spec", "scope"] == .string(descriptor.namespaced ? "Namespaced" : "Cluster"))
        #expect(crd[path: "spec", "names", "categories"] == ["aifleet"])
        #expect(crd[path: "spec", "versions"]?[0]?[path: "subresources", "status"] == .object([:]))
        let columns = crd[path: "spec", "versions"]?[0]?["additionalPrinterColumns"]?.arrayValue ?? []
        let columnNames = columns.compactMap { $0["name"]?.stringValue }
        for required in ["Ready", "Replicas", "GPU", "Est. $/h", "Age"] {
            #expect(columnNames.contains(required), "\(kind.crd) has no \(required) column")
        }
    }

    @Test("every schema property has a description", arguments: kinds)
    func descriptions(_ kind: Kind) throws {
        let (_, schema) = try Self.schema(kind)
        var missing: [String] = []
        SchemaWalk.visit(schema, path: "") { path, node in
            if node["description"]?.stringValue?.isEmpty ?? true { missing.append(path.isEmpty ? "(root)" : path) }
        }
        #expect(missing.isEmpty, "\(kind.crd): no description at \(missing)")
    }

    @Test("the full example decodes strictly and encodes back to itself", arguments: kinds)
    func roundTrip(_ kind: Kind) throws {
        let example = try #require(try RepositoryFiles.documents(kind.fullExample).first)
        let resource = try FleetResource(json: example)
        #expect(try resource.json == example)
    }

    @Test("every schema property is in the full example, and every field of the example is in the schema", arguments: kinds)
    func schemaMatchesExample(_ kind: Kind) throws {
        let (_, schema) = try Self.schema(kind)
        let example = try #require(try RepositoryFiles.documents(kind.fullExample).first)
        let mismatches = SchemaWalk.compare(schema: schema, value: try FleetResource(json: example).json, path: "")
        #expect(mismatches.isEmpty, "\(kind.crd): \(mismatches)")
    }

    @Test("every stored property of the Swift type is set by the full example", arguments: kinds)
    func swiftPropertiesCovered(_ kind: Kind) throws {
        let example = try #require(try RepositoryFiles.documents(kind.fullExample).first)
        let unset = SchemaWalk.unsetProperties(of: try FleetResource(json: example).value)
        #expect(unset.isEmpty, "\(kind.fullExample) leaves Swift properties unset: \(unset)")
    }

    @Test("withCRDDefaults fills in exactly the CRD's defaults", arguments: kinds)
    func defaults(_ kind: Kind) throws {
        let (_, schema) = try Self.schema(kind)
        let example = try #require(try RepositoryFiles.documents(kind.fullExample).first)
        var defaulted: [([String], JSONValue)] = []
        SchemaWalk.visit(schema, path: "") { path, node in
            if let value = node["default"], !path.contains("[]") {
                defaulted.append((path.split(separator: ".").map(String.init), value))
            }
        }
        var stripped = example
        var expected = example
        for (path, value) in defaulted {
            stripped[path: path] = nil
            expected[path: path] = value
        }
        let filled = try FleetResource(json: stripped).withCRDDefaults().json
        #expect(filled == expected)
        #expect(!defaulted.isEmpty)
    }
}

extension FleetResource {
    /// The typed value inside, for reflection.
    var value: Any {
        switch self {
        case .inferenceService(let value): value
        case .trainingJob(let value): value
        case .featureStore(let value): value
        case .fleetPolicy(let value): value
        }
    }
}
