import KubeCore

/// A watch opened on the cluster: what to send first, then the watcher that receives what follows.
struct ClusterWatch: Sendable {
    var initial: [InitialEvent]
    /// Send the `k8s.io/initial-events-end` bookmark after the initial events (streaming list).
    var endsInitialEvents: Bool
    var resourceVersion: UInt64
    var watcher: Watcher
}

extension Cluster {
    /// A list response (`KindList`) of a collection, paged and filtered as `options` say.
    func list(_ resource: ServedResource, version: String, namespace: String?, options: ListOptions) throws(APIError) -> JSONValue {
        let matches = try ObjectFilter.predicate(resource: resource, namespace: nil, options: options)
        var at = try options.listVersion(current: store.currentResourceVersion)
        var startAfter: String?
        if let token = options.continueToken, !token.isEmpty {
            let decoded = try ContinueToken(decoding: token)
            at = decoded.resourceVersion
            startAfter = decoded.lastKey
        }
        let prefix = resource.namespaced ? namespace.map { "\($0)/" } : nil
        let page: StoreListResult
        do {
            page = try store.list(resource.id, keyPrefix: prefix, at: at, startAfter: startAfter, limit: options.limit, matches: matches)
        } catch {
            guard error.code == 410, startAfter != nil else { throw error }
            throw APIError.expired(
                "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.")
        }
        let apiVersion = resource.apiVersion(version)
        var metadata: JSONObject = ["resourceVersion": .string(String(page.resourceVersion))]
        if let lastKey = page.lastKey {
            metadata["continue"] = .string(ContinueToken(resourceVersion: page.resourceVersion, lastKey: lastKey).encoded)
            if let remaining = page.remaining { metadata["remainingItemCount"] = .int(Int64(remaining)) }
        }
        return [
            "kind": .string(resource.listKind), "apiVersion": .string(apiVersion), "metadata": .object(metadata),
            "items": .array(page.items.map { Self.converted($0, to: apiVersion) }),
        ]
    }

    /// Opens a watch as kube-apiserver's watch cache serves it: from a resourceVersion (strictly after
    /// it), or from the current state sent as ADDED events; with `sendInitialEvents` the initial
    /// events end with a bookmark annotated `k8s.io/initial-events-end`.
    /// https://kubernetes.io/docs/reference/using-api/api-concepts/#streaming-lists
    func watch(_ resource: ServedResource, namespace: String?, options: ListOptions) throws(APIError) -> ClusterWatch {
        let matches = try ObjectFilter.predicate(resource: resource, namespace: namespace, options: options)
        let version = options.resourceVersion ?? ""
        var from: UInt64?
        if options.sendInitialEvents {
            guard options.resourceVersionMatch == "NotOlderThan", options.allowWatchBookmarks else {
                throw APIError.invalid(
                    group: "meta.k8s.io", kind: "ListOptions", name: "",
                    causes: [StatusCause(reason: "FieldValueForbidden", message: "Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan and allowWatchBookmarks", field: "sendInitialEvents")])
            }
        } else if options.resourceVersionMatch.map({ !$0.isEmpty }) ?? false {
            throw APIError.badRequest("resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")
        } else if !version.isEmpty, version != "0" {
            from = try ListOptions.parseVersion(version)
        }
        let opened = try store.watch(resource.id, from: from, bookmarks: options.allowWatchBookmarks, matches: matches)
        return ClusterWatch(
            initial: opened.initial, endsInitialEvents: options.sendInitialEvents,
            resourceVersion: opened.resourceVersion, watcher: opened.watcher)
    }
}
