public import KubeCore

/// Any aifleet custom resource, as read from a manifest or the API server.
public enum FleetResource: Sendable, Hashable {
    case inferenceService(InferenceService)
    case trainingJob(TrainingJob)
    case featureStore(FeatureStore)
    case fleetPolicy(FleetPolicy)

    /// The kinds aifleet serves, in the order the documentation lists them.
    public static let descriptors: [ResourceDescriptor] = [
        InferenceService.descriptor, TrainingJob.descriptor, FeatureStore.descriptor, FleetPolicy.descriptor,
    ]

    /// Whether a manifest with this `apiVersion` and `kind` is an aifleet resource.
    public static func isFleetKind(apiVersion: String?, kind: String?) -> Bool {
        descriptors.contains { $0.kind.apiVersion == apiVersion && $0.kind.kind == kind }
    }

    /// Reads a manifest strictly: unknown fields are errors (as `kubectl apply --validate=strict`
    /// makes them), and so are wrong types and missing required fields.
    public init(json: JSONValue) throws(FleetDecodingError) {
        let apiVersion = json["apiVersion"]?.stringValue
        let kind = json["kind"]?.stringValue
        guard apiVersion == FleetAPI.apiVersion else {
            throw FleetDecodingError("apiVersion", "expected \(FleetAPI.apiVersion), found \(apiVersion ?? "nothing")")
        }
        switch kind {
        case InferenceService.kind: self = .inferenceService(try Self.strictDecode(json))
        case TrainingJob.kind: self = .trainingJob(try Self.strictDecode(json))
        case FeatureStore.kind: self = .featureStore(try Self.strictDecode(json))
        case FleetPolicy.kind: self = .fleetPolicy(try Self.strictDecode(json))
        default:
            let kinds = Self.descriptors.map(\.kind.kind).joined(separator: ", ")
            throw FleetDecodingError("kind", "\(kind ?? "nothing") is not an aifleet kind (\(kinds))")
        }
    }

    private static func strictDecode<T: KubernetesResource>(_ json: JSONValue) throws(FleetDecodingError) -> T {
        try StrictDecoding.decode(T.self, from: json)
    }

    // MARK: Common accessors

    public var metadata: ObjectMeta {
        switch self {
        case .inferenceService(let resource): resource.metadata
        case .trainingJob(let resource): resource.metadata
        case .featureStore(let resource): resource.metadata
        case .fleetPolicy(let resource): resource.metadata
        }
    }

    public var descriptor: ResourceDescriptor {
        switch self {
        case .inferenceService: InferenceService.descriptor
        case .trainingJob: TrainingJob.descriptor
        case .featureStore: FeatureStore.descriptor
        case .fleetPolicy: FleetPolicy.descriptor
        }
    }

    /// `metadata.name`, or an empty string.
    public var name: String { metadata.name ?? "" }

    /// The namespace, `default` when a namespaced manifest names none (as kubectl's default context
    /// does); nil for the cluster-scoped FleetPolicy.
    public var namespace: String? {
        descriptor.namespaced ? metadata.namespace ?? "default" : nil
    }

    /// `Kind/name`, e.g. `InferenceService/llm-chat`, how kubectl names objects.
    public var reference: String { "\(descriptor.kind.kind)/\(name)" }

    /// The manifest of the resource, fields in the CRD's order.
    public var json: JSONValue {
        get throws(JSONConversionError) {
            switch self {
            case .inferenceService(let resource): try JSONValue(encoding: resource)
            case .trainingJob(let resource): try JSONValue(encoding: resource)
            case .featureStore(let resource): try JSONValue(encoding: resource)
            case .fleetPolicy(let resource): try JSONValue(encoding: resource)
            }
        }
    }

    /// The resource with the CRD's defaults filled in, as the API server would store it.
    public func withCRDDefaults() -> FleetResource {
        switch self {
        case .inferenceService(let resource): .inferenceService(resource.withCRDDefaults())
        case .trainingJob(let resource): .trainingJob(resource.withCRDDefaults())
        case .featureStore(let resource): .featureStore(resource.withCRDDefaults())
        case .fleetPolicy(let resource): .fleetPolicy(resource.withCRDDefaults())
        }
    }
}

/// A manifest that is not a valid aifleet resource: which field, and why.
public struct FleetDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field path, e.g. `spec.resources.gpu`, or `(root)`.
    public var field: String
    public var message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    /// From a decoding failure, whose description is `PATH: REASON`.
    init(decoding error: JSONConversionError) {
        let text = error.description.replacingPrefix("cannot decode ", upTo: ": ")
        if let separator = text.firstRange(of: ": ") {
            self.init(String(text[..<separator.lowerBound]), String(text[separator.upperBound...]))
        } else {
            self.init("(root)", text)
        }
    }

    public var description: String { "\(field): \(message)" }
}

extension String {
    /// Drops `prefix` and everything up to and including the first `terminator` after it.
    fileprivate func replacingPrefix(_ prefix: String, upTo terminator: String) -> String {
        guard hasPrefix(prefix), let end = firstRange(of: terminator) else { return self }
        return String(self[end.upperBound...])
    }
}
