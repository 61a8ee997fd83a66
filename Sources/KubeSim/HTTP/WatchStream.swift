import Hummingbird
import KubeCore
import NIOCore

/// A watch response: newline-delimited JSON events (`{"type":...,"object":...}`), each written (and
/// flushed) as it happens, until the timeout, the client leaving, or the server closing the watch.
struct WatchStream {
    let endpoint: ResourceEndpoint

    /// kube-apiserver's default watch timeout is randomized in [min-request-timeout, 2x]; 30 to 60 minutes.
    private static let defaultTimeout: ClosedRange<Int> = 1800...3600

    func response() throws -> Response {
        let options = endpoint.query.listOptions
        let resource = endpoint.resource
        let version = endpoint.version
        let table = endpoint.wantsTable
        let watch: ClusterWatch
        do {
            watch = try endpoint.cluster.watch(resource, namespace: endpoint.namespace, options: options)
        } catch {
            // The watch cache answers a too-old resourceVersion with an ERROR event in a 200 stream.
            guard error.code == 410 else { throw error }
            return Responses.bytes(Self.line(type: .error, object: error.json), contentType: "application/json")
        }
        let timeout = options.timeoutSeconds.flatMap { $0 > 0 ? $0 : nil } ?? Int.random(in: Self.defaultTimeout)
        let apiVersion = resource.apiVersion(version)
        let encode: @Sendable (WatchEventType, JSONValue, [UInt8]?) -> [UInt8] = { type, object, encoded in
            // The store's encoding is shared by every watcher that reads the stored version (the common
            // case); checking the apiVersion alone avoids comparing whole objects once per watcher.
            if !table, let encoded, object["apiVersion"]?.stringValue == apiVersion {
                return Self.line(type: type, encodedObject: encoded)
            }
            let converted = Cluster.converted(object, to: apiVersion)
            let payload = table
                ? TableFormat.table([converted], resource: resource, version: version, listMetadata: [:]) : converted
            return Self.line(type: type, object: payload)
        }
        let kind = resource.kind
        let body = ResponseBody { writer in
            let watcher = watch.watcher
            let timer = Task {
                try? await Task.sleep(for: .seconds(timeout))
                watcher.close()
            }
            defer {
                timer.cancel()
                watcher.close()
            }
            var batch: [UInt8] = []
            for event in watch.initial {
                batch.append(contentsOf: encode(event.type, event.object, nil))
                if batch.count > 1 << 16 {
                    try await writer.write(ByteBuffer(bytes: batch))
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if watch.endsInitialEvents {
                batch.append(contentsOf: Self.bookmark(apiVersion: apiVersion, kind: kind, version: watch.resourceVersion, initialEventsEnd: true))
            }
            if !batch.isEmpty { try await writer.write(ByteBuffer(bytes: batch)) }
            for await item in watch.stream {
                switch item {
                case .event(let type, let object, let encoded):
                    try await writer.write(ByteBuffer(bytes: encode(type, object, encoded)))
                case .bookmark(let version):
                    try await writer.write(ByteBuffer(bytes: Self.bookmark(apiVersion: apiVersion, kind: kind, version: version, initialEventsEnd: false)))
                }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-cache"], body: body)
    }

    /// A BOOKMARK event: an object of the watched kind with only its resourceVersion (and the
    /// `k8s.io/initial-events-end` annotation that ends a streaming list's initial events).
    static func bookmark(apiVersion: String, kind: String, version: UInt64, initialEventsEnd: Bool) -> [UInt8] {
        var metadata: JSONObject = ["resourceVersion": .string(String(version))]
        if initialEventsEnd { metadata["annotations"] = ["k8s.io/initial-events-end": "true"] }
        let object: JSONValue = ["kind": .string(kind), "apiVersion": .string(apiVersion), "metadata": .object(metadata)]
        return line(type: .bookmark, object: object)
    }

    static func line(type: WatchEventType, object: JSONValue) -> [UInt8] {
        line(type: type, encodedObject: object.serialized())
    }

    /// One event line, newline-terminated.
    static func line(type: WatchEventType, encodedObject: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(encodedObject.count + 32)
        bytes.append(contentsOf: #"{"type":""#.utf8)
        bytes.append(contentsOf: type.rawValue.utf8)
        bytes.append(contentsOf: #"","object":"#.utf8)
        bytes.append(contentsOf: encodedObject)
        bytes.append(contentsOf: "}\n".utf8)
        return bytes
    }
}
