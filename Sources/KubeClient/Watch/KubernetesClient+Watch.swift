public import KubeCore

extension KubernetesClient {
    /// Changes to objects of a kind, decoded as they arrive.
    ///
    /// Expected flow: list (``listAll(_:namespace:options:pageSize:)``), then watch from the list's
    /// `metadata.resourceVersion`; on an `.error` event that is 410 Gone, list again.
    ///
    /// Guarantees: events come in the server's order, each as soon as its line has arrived; the
    /// stream pulls from the connection only as fast as it is consumed (no unbounded buffer). It
    /// finishes when the server ends the watch (its `timeoutSeconds`, a restart), throws a
    /// `KubeAPIError` if the connection fails or an event cannot be decoded, and closes the
    /// connection when the consumer stops iterating or is cancelled.
    ///
    /// Errors: opening the watch throws like any GET (and is retried like one).
    public func watch<T: KubernetesResource>(_ type: T.Type, namespace: String? = nil, options: WatchOptions = WatchOptions()) async throws(KubeAPIError) -> AsyncThrowingStream<WatchEvent<T>, any Error> {
        try await watchObjects(T.self, T.descriptor, namespace: namespace, options: options)
    }

    func watchObjects<Object: Decodable & Sendable>(_ type: Object.Type, _ resource: ResourceDescriptor, namespace: String?, options: WatchOptions) async throws(KubeAPIError) -> AsyncThrowingStream<WatchEvent<Object>, any Error> {
        let path = resource.encodedCollectionPath(namespace: collectionNamespace(namespace, for: resource))
        let response = try await openStream(APIRequest(method: .get, path: path, query: options.queryItems, timeout: nil))
        let reader = WatchStreamReader<Object>(body: response.body)
        return AsyncThrowingStream(unfolding: { try await reader.next() })
    }
}

/// Pulls chunks from a watch body and hands out one event at a time.
///
/// `@unchecked Sendable` is safe because the only caller is `AsyncThrowingStream(unfolding:)`, which
/// calls `next()` from its iterator's `next()`: an iterator is used by one task and its `next()` is
/// never called again before the previous call returned, so this state is never touched concurrently.
private final class WatchStreamReader<Object: Decodable & Sendable>: @unchecked Sendable {
    private var body: AsyncThrowingStream<[UInt8], any Error>.AsyncIterator
    private var decoder = WatchEventDecoder<Object>()
    private var pending: [WatchEvent<Object>] = []
    private var pendingIndex = 0
    private var finished = false

    init(body: AsyncThrowingStream<[UInt8], any Error>) {
        self.body = body.makeAsyncIterator()
    }

    func next() async throws -> WatchEvent<Object>? {
        while true {
            if pendingIndex < pending.count {
                defer { pendingIndex += 1 }
                return pending[pendingIndex]
            }
            pending.removeAll(keepingCapacity: true)
            pendingIndex = 0
            if finished { return nil }
            let chunk: [UInt8]?
            do {
                chunk = try await body.next()
            } catch let error as TransportError {
                throw KubeAPIError.transport(error)
            }
            guard let chunk else {
                finished = true
                return try decoder.finish()
            }
            pending = try decoder.feed(chunk)
        }
    }
}
