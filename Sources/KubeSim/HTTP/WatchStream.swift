import Hummingbird
import KubeCore
import NIOCore

/// A watch response: newline-delimited JSON events (`{"type":...,"object":...}`), written (and
/// flushed) as they happen, until the timeout, the client leaving, or the server closing the watch.
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
        // The store's encoding is shared by every watcher that reads the stored version (the common
        // case); checking the apiVersion alone avoids comparing whole objects once per watcher.
        let append: @Sendable (inout [UInt8], WatchEventType, JSONValue, [UInt8]?) -> Void = { bytes, type, object, encoded in
            if !table, let encoded, object["apiVersion"]?.stringValue == apiVersion {
                Self.appendLine(to: &bytes, type: type, encodedObject: encoded)
                return
            }
            let converted = Cluster.converted(object, to: apiVersion)
            let payload = table
                ? TableFormat.table([converted], resource: resource, version: version, listMetadata: [:]) : converted
            Self.appendLine(to: &bytes, type: type, encodedObject: payload.serialized())
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
                append(&batch, event.type, event.object, nil)
                if batch.count > 1 << 16 {
                    try await writer.write(ByteBuffer(bytes: batch))
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if watch.endsInitialEvents {
                batch.append(contentsOf: Self.bookmark(apiVersion: apiVersion, kind: kind, version: watch.resourceVersion, initialEventsEnd: true))
            }
            if !batch.isEmpty { try await writer.write(ByteBuffer(bytes: batch)) }
            // Everything queued while the previous write was in flight goes out in one write. Woken by
            // the first event of a burst, the consumer lets the tasks ready to run go first (the
            // other requests of the burst, which queue their events here) and then takes those too:
            // under load that is one write for many events instead of one each.
            while var items = await watcher.nextBatch() {
                await Task.yield()
                items += watcher.takeQueued()
                batch.removeAll(keepingCapacity: true)
                for item in items {
                    switch item {
                    case .event(let type, let object, let encoded):
                        append(&batch, type, object, encoded)
                    case .bookmark(let version):
                        batch.append(contentsOf: Self.bookmark(apiVersion: apiVersion, kind: kind, version: version, initialEventsEnd: false))
                    }
                }
                try await writer.write(ByteBuffer(bytes: batch))
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

    /// One event line, newline-terminated.
    static func line(type: WatchEventType, object: JSONValue) -> [UInt8] {
        var bytes: [UInt8] = []
        appendLine(to: &bytes, type: type, encodedObject: object.serialized())
        return bytes
    }

    static func appendLine(to bytes: inout [UInt8], type: WatchEventType, encodedObject: [UInt8]) {
        bytes.reserveCapacity(bytes.count + encodedObject.count + 32)
        bytes.append(contentsOf: #"{"type":""#.utf8)
        bytes.append(contentsOf: type.rawValue.utf8)
        bytes.append(contentsOf: #"","object":"#.utf8)
        bytes.append(contentsOf: encodedObject)
        bytes.append(contentsOf: "}\n".utf8)
    }
}
