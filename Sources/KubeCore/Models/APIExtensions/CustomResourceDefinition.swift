/// apiextensions.k8s.io/v1 CustomResourceDefinition: adds a kind to the API. Its name is `PLURAL.GROUP`.
public struct CustomResourceDefinition: KubernetesResource, Hashable {
    public static let descriptor = ResourceDescriptor(
        kind: GroupVersionKind(group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition"), plural: "customresourcedefinitions",
        namespaced: false)

    /// `apiextensions.k8s.io/v1`, set by the initializer; items of a list read from the API server omit it.
    public var apiVersion: String?
    /// `CustomResourceDefinition`, set by the initializer; items of a list read from the API server omit it.
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: CustomResourceDefinitionSpec?
    public var status: CustomResourceDefinitionStatus?

    public init(
        metadata: ObjectMeta = ObjectMeta(), spec: CustomResourceDefinitionSpec? = nil,
        status: CustomResourceDefinitionStatus? = nil
    ) {
        apiVersion = Self.apiVersion
        kind = Self.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// apiextensions.k8s.io/v1 CustomResourceDefinitionSpec.
public struct CustomResourceDefinitionSpec: Codable, Sendable, Hashable {
    public var group: String
    public var names: CustomResourceDefinitionNames
    /// `Namespaced` or `Cluster`.
    public var scope: String
    /// Exactly one has `storage: true`.
    public var versions: [CustomResourceDefinitionVersion]
    public var conversion: JSONValue?
    public var preserveUnknownFields: Bool?

    public init(
        group: String, names: CustomResourceDefinitionNames, scope: String,
        versions: [CustomResourceDefinitionVersion], conversion: JSONValue? = nil,
        preserveUnknownFields: Bool? = nil
    ) {
        self.group = group
        self.names = names
        self.scope = scope
        self.versions = versions
        self.conversion = conversion
        self.preserveUnknownFields = preserveUnknownFields
    }
}

/// apiextensions.k8s.io/v1 CustomResourceDefinitionNames: how the kind is named in URLs, manifests and kubectl.
public struct CustomResourceDefinitionNames: Codable, Sendable, Hashable {
    public var plural: String
    public var singular: String?
    public var shortNames: [String]?
    public var kind: String
    /// Defaults to `KINDList`.
    public var listKind: String?
    /// e.g. `all`: `kubectl get all` lists the kind.
    public var categories: [String]?

    public init(
        plural: String, singular: String? = nil, shortNames: [String]? = nil, kind: String,
        listKind: String? = nil, categories: [String]? = nil
    ) {
        self.plural = plural
        self.singular = singular
        self.shortNames = shortNames
        self.kind = kind
        self.listKind = listKind
        self.categories = categories
    }
}

/// apiextensions.k8s.io/v1 CustomResourceDefinitionVersion: one served version.
public struct CustomResourceDefinitionVersion: Codable, Sendable, Hashable {
    public var name: String
    public var served: Bool
    public var storage: Bool
    public var deprecated: Bool?
    public var deprecationWarning: String?
    public var schema: CustomResourceValidation?
    public var subresources: CustomResourceSubresources?
    public var additionalPrinterColumns: [CustomResourceColumnDefinition]?
    public var selectableFields: [SelectableField]?

    public init(
        name: String, served: Bool, storage: Bool, deprecated: Bool? = nil, deprecationWarning: String? = nil,
        schema: CustomResourceValidation? = nil, subresources: CustomResourceSubresources? = nil,
        additionalPrinterColumns: [CustomResourceColumnDefinition]? = nil,
        selectableFields: [SelectableField]? = nil
    ) {
        self.name = name
        self.served = served
        self.storage = storage
        self.deprecated = deprecated
        self.deprecationWarning = deprecationWarning
        self.schema = schema
        self.subresources = subresources
        self.additionalPrinterColumns = additionalPrinterColumns
        self.selectableFields = selectableFields
    }
}

/// apiextensions.k8s.io/v1 CustomResourceValidation.
public struct CustomResourceValidation: Codable, Sendable, Hashable {
    /// The structural schema, kept in its JSON form.
    public var openAPIV3Schema: JSONValue?

    public init(openAPIV3Schema: JSONValue? = nil) {
        self.openAPIV3Schema = openAPIV3Schema
    }
}

/// apiextensions.k8s.io/v1 CustomResourceSubresources.
public struct CustomResourceSubresources: Codable, Sendable, Hashable {
    /// Present (as `{}`) to serve `/status`: writes to the main resource then ignore `status`.
    public var status: CustomResourceSubresourceStatus?
    public var scale: CustomResourceSubresourceScale?

    public init(status: CustomResourceSubresourceStatus? = nil, scale: CustomResourceSubresourceScale? = nil) {
        self.status = status
        self.scale = scale
    }
}

/// apiextensions.k8s.io/v1 CustomResourceSubresourceStatus: has no fields; its presence enables `/status`.
public struct CustomResourceSubresourceStatus: Codable, Sendable, Hashable {

    public init() {}
}

/// apiextensions.k8s.io/v1 CustomResourceSubresourceScale: where `/scale` reads and writes replicas.
public struct CustomResourceSubresourceScale: Codable, Sendable, Hashable {
    /// e.g. `.spec.replicas`.
    public var specReplicasPath: String
    public var statusReplicasPath: String
    /// A string field holding the serialized selector, for the HPA.
    public var labelSelectorPath: String?

    public init(specReplicasPath: String, statusReplicasPath: String, labelSelectorPath: String? = nil) {
        self.specReplicasPath = specReplicasPath
        self.statusReplicasPath = statusReplicasPath
        self.labelSelectorPath = labelSelectorPath
    }
}

/// apiextensions.k8s.io/v1 CustomResourceColumnDefinition: a column of `kubectl get`.
public struct CustomResourceColumnDefinition: Codable, Sendable, Hashable {
    public var name: String
    /// `integer`, `number`, `string`, `boolean` or `date`.
    public var type: String
    public var format: String?
    public var description: String?
    /// Columns with priority above 0 show only with `-o wide`.
    public var priority: Int32?
    public var jsonPath: String

    public init(
        name: String, type: String, format: String? = nil, description: String? = nil, priority: Int32? = nil,
        jsonPath: String
    ) {
        self.name = name
        self.type = type
        self.format = format
        self.description = description
        self.priority = priority
        self.jsonPath = jsonPath
    }
}

/// apiextensions.k8s.io/v1 SelectableField: a field usable in field selectors.
public struct SelectableField: Codable, Sendable, Hashable {
    public var jsonPath: String

    public init(jsonPath: String) {
        self.jsonPath = jsonPath
    }
}

/// apiextensions.k8s.io/v1 CustomResourceDefinitionStatus.
public struct CustomResourceDefinitionStatus: Codable, Sendable, Hashable {
    /// `Established` and `NamesAccepted` once served.
    public var conditions: [CustomResourceDefinitionCondition]?
    public var acceptedNames: CustomResourceDefinitionNames?
    public var storedVersions: [String]?

    public init(
        conditions: [CustomResourceDefinitionCondition]? = nil,
        acceptedNames: CustomResourceDefinitionNames? = nil, storedVersions: [String]? = nil
    ) {
        self.conditions = conditions
        self.acceptedNames = acceptedNames
        self.storedVersions = storedVersions
    }
}

/// apiextensions.k8s.io/v1 CustomResourceDefinitionCondition: the metav1.Condition shape without `observedGeneration`.
public typealias CustomResourceDefinitionCondition = Condition
