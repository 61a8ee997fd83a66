public import KubeClient
public import KubeCore

/// How an ``Informer`` lists and watches one kind of object in one scope: the two API calls a
/// reflector needs, bound to a client, a resource and a namespace (client-go's `ListWatch`).
///
/// Tests and custom sources may build one from their own closures.
public struct ListWatch<Object: Codable & Sendable>: Sendable {
    /// Lists the objects (one page when `limit` is set).
    public var list: @Sendable (ListOptions) async throws(KubeAPIError) -> ObjectList<Object>
    /// Watches the objects.
    public var watch: @Sendable (WatchOptions) async throws(KubeAPIError) -> AsyncThrowingStream<WatchEvent<Object>, any Error>
    /// The resource listed, for logs and for sharing one informer per resource and scope.
    public var resource: ResourceDescriptor
    /// The namespace listed; `nil` for all namespaces (or a cluster-scoped resource).
    public var namespace: String?

    public init(
        resource: ResourceDescriptor, namespace: String?,
        list: @escaping @Sendable (ListOptions) async throws(KubeAPIError) -> ObjectList<Object>,
        watch: @escaping @Sendable (WatchOptions) async throws(KubeAPIError) -> AsyncThrowingStream<WatchEvent<Object>, any Error>
    ) {
        self.resource = resource
        self.namespace = namespace
        self.list = list
        self.watch = watch
    }
}

extension ListWatch where Object: KubernetesResource {
    /// Lists and watches `Object` through `client`, in `namespace` or in all namespaces.
    public static func typed(_ client: KubernetesClient, namespace: String? = nil) -> ListWatch {
        ListWatch(
            resource: Object.descriptor, namespace: namespace,
            list: { options throws(KubeAPIError) in try await client.list(Object.self, namespace: namespace, options: options) },
            watch: { options throws(KubeAPIError) in try await client.watch(Object.self, namespace: namespace, options: options) })
    }
}

extension ListWatch where Object == JSONValue {
    /// Lists and watches `resource` as dynamic objects through `client`.
    public static func dynamic(_ client: KubernetesClient, resource: ResourceDescriptor, namespace: String? = nil) -> ListWatch {
        ListWatch(
            resource: resource, namespace: namespace,
            list: { options throws(KubeAPIError) in try await client.list(resource, namespace: namespace, options: options) },
            watch: { options throws(KubeAPIError) in try await client.watch(resource, namespace: namespace, options: options) })
    }
}

extension ListWatch where Object == CompactJSON {
    /// Lists and watches `resource` through `client`, each object kept as compact JSON text (see
    /// ``CompactJSON``): the form for caches of many objects.
    public static func compact(_ client: KubernetesClient, resource: ResourceDescriptor, namespace: String? = nil) -> ListWatch {
        ListWatch(
            resource: resource, namespace: namespace,
            list: { options throws(KubeAPIError) in
                try await client.list(CompactJSON.self, resource: resource, namespace: namespace, options: options)
            },
            watch: { options throws(KubeAPIError) in
                try await client.watch(CompactJSON.self, resource: resource, namespace: namespace, options: options)
            })
    }
}
