import KubeCore

/// How a list or watch narrows and positions what it returns (metav1.ListOptions).
public struct ListOptions: Sendable, Hashable {
    /// A label selector in its string form, e.g. `app=web,tier in (gpu,cpu)`.
    public var labelSelector: String?
    /// A field selector, e.g. `metadata.name=web` or `status.phase!=Running`.
    public var fieldSelector: String?
    /// The most items one page returns; the server may return fewer. Nil for no limit.
    public var limit: Int?
    /// The `metadata.continue` token of the previous page.
    public var `continue`: String?
    /// Serve the list as of this version (with `resourceVersionMatch`), `0` for any cached version.
    public var resourceVersion: String?
    /// `Exact` or `NotOlderThan`; only meaningful with `resourceVersion`.
    public var resourceVersionMatch: String?

    public init(
        labelSelector: String? = nil, fieldSelector: String? = nil, limit: Int? = nil,
        continue: String? = nil, resourceVersion: String? = nil, resourceVersionMatch: String? = nil
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
        self.continue = `continue`
        self.resourceVersion = resourceVersion
        self.resourceVersionMatch = resourceVersionMatch
    }

    var queryItems: QueryItems {
        var query = QueryItems()
        query.add("labelSelector", labelSelector)
        query.add("fieldSelector", fieldSelector)
        query.add("limit", limit)
        query.add("continue", `continue`)
        query.add("resourceVersion", resourceVersion)
        query.add("resourceVersionMatch", resourceVersionMatch)
        return query
    }
}

/// How a watch starts and what it sends (the watch half of metav1.ListOptions).
public struct WatchOptions: Sendable, Hashable {
    public var labelSelector: String?
    public var fieldSelector: String?
    /// Start after this version; nil or `0` starts from the server's cache ("any recent state").
    public var resourceVersion: String?
    /// `NotOlderThan` together with `sendInitialEvents`; nil otherwise.
    public var resourceVersionMatch: String?
    /// Ask for BOOKMARK events, so a restarted watch resumes from a recent version.
    public var allowWatchBookmarks: Bool
    /// The server ends the watch after this many seconds; nil lets the server choose.
    public var timeoutSeconds: Int?
    /// Stream the current state as ADDED events first, ended by a bookmark annotated
    /// `k8s.io/initial-events-end` (KEP-3157, "watch list"). Requires `resourceVersionMatch`
    /// `NotOlderThan` and bookmarks.
    public var sendInitialEvents: Bool?

    public init(
        labelSelector: String? = nil, fieldSelector: String? = nil, resourceVersion: String? = nil,
        resourceVersionMatch: String? = nil, allowWatchBookmarks: Bool = true, timeoutSeconds: Int? = nil,
        sendInitialEvents: Bool? = nil
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.resourceVersion = resourceVersion
        self.resourceVersionMatch = resourceVersionMatch
        self.allowWatchBookmarks = allowWatchBookmarks
        self.timeoutSeconds = timeoutSeconds
        self.sendInitialEvents = sendInitialEvents
    }

    /// A watch-list: the current state as events, then changes (`sendInitialEvents=true`,
    /// `resourceVersionMatch=NotOlderThan`, bookmarks on).
    public static func initialEvents(
        labelSelector: String? = nil, fieldSelector: String? = nil, timeoutSeconds: Int? = nil
    ) -> WatchOptions {
        WatchOptions(
            labelSelector: labelSelector, fieldSelector: fieldSelector, resourceVersion: nil,
            resourceVersionMatch: "NotOlderThan", allowWatchBookmarks: true, timeoutSeconds: timeoutSeconds,
            sendInitialEvents: true)
    }

    var queryItems: QueryItems {
        var query = QueryItems()
        query.add("watch", true)
        query.add("labelSelector", labelSelector)
        query.add("fieldSelector", fieldSelector)
        query.add("resourceVersion", resourceVersion)
        query.add("resourceVersionMatch", resourceVersionMatch)
        if allowWatchBookmarks { query.add("allowWatchBookmarks", true) }
        query.add("timeoutSeconds", timeoutSeconds)
        query.add("sendInitialEvents", sendInitialEvents)
        return query
    }
}

/// Options of a create, update or patch (metav1.CreateOptions / UpdateOptions / PatchOptions).
public struct WriteOptions: Sendable, Hashable {
    /// Names the writer in `managedFields`.
    public var fieldManager: String?
    /// Validate and answer without persisting (`dryRun=All`).
    public var dryRun: Bool
    /// `Strict`, `Warn` or `Ignore`: what the server does with unknown or duplicate fields.
    public var fieldValidation: String?

    public init(fieldManager: String? = nil, dryRun: Bool = false, fieldValidation: String? = nil) {
        self.fieldManager = fieldManager
        self.dryRun = dryRun
        self.fieldValidation = fieldValidation
    }

    var queryItems: QueryItems {
        var query = QueryItems()
        if dryRun { query.add("dryRun", "All") }
        query.add("fieldManager", fieldManager)
        query.add("fieldValidation", fieldValidation)
        return query
    }
}

/// Options of a server-side apply (PATCH `application/apply-patch+yaml`).
public struct ApplyOptions: Sendable, Hashable {
    /// Required by the server: names the owner of the applied fields.
    public var fieldManager: String
    /// Take ownership of fields another manager owns instead of failing with 409 Conflict.
    public var force: Bool
    public var dryRun: Bool

    public init(fieldManager: String, force: Bool = false, dryRun: Bool = false) {
        self.fieldManager = fieldManager
        self.force = force
        self.dryRun = dryRun
    }

    var queryItems: QueryItems {
        var query = QueryItems()
        if dryRun { query.add("dryRun", "All") }
        query.add("fieldManager", fieldManager)
        if force { query.add("force", true) }
        return query
    }
}

/// What happens to an object's dependents when it is deleted (metav1.DeletionPropagation).
public enum PropagationPolicy: String, Sendable, Hashable {
    /// Delete the object now; the garbage collector deletes dependents afterwards.
    case background = "Background"
    /// Keep the object (with a `foregroundDeletion` finalizer) until its blocking dependents are gone.
    case foreground = "Foreground"
    /// Leave the dependents, removing their owner references.
    case orphan = "Orphan"
}

/// Options of a delete (metav1.DeleteOptions), sent as the request body.
public struct DeleteOptions: Sendable, Hashable {
    public var propagationPolicy: PropagationPolicy?
    /// Seconds before the object is removed; 0 deletes at once. Nil uses the kind's default.
    public var gracePeriodSeconds: Int?
    /// Delete only if the object still has this uid (it was not recreated meanwhile).
    public var preconditionUID: String?
    /// Delete only if the object is still at this version.
    public var preconditionResourceVersion: String?
    public var dryRun: Bool

    public init(
        propagationPolicy: PropagationPolicy? = nil, gracePeriodSeconds: Int? = nil,
        preconditionUID: String? = nil, preconditionResourceVersion: String? = nil, dryRun: Bool = false
    ) {
        self.propagationPolicy = propagationPolicy
        self.gracePeriodSeconds = gracePeriodSeconds
        self.preconditionUID = preconditionUID
        self.preconditionResourceVersion = preconditionResourceVersion
        self.dryRun = dryRun
    }

    /// The `DeleteOptions` object the API server reads from a DELETE's body.
    var body: JSONValue {
        var object: JSONObject = ["apiVersion": "v1", "kind": "DeleteOptions"]
        if let propagationPolicy { object["propagationPolicy"] = .string(propagationPolicy.rawValue) }
        if let gracePeriodSeconds { object["gracePeriodSeconds"] = .int(Int64(gracePeriodSeconds)) }
        if preconditionUID != nil || preconditionResourceVersion != nil {
            var preconditions = JSONObject()
            if let preconditionUID { preconditions["uid"] = .string(preconditionUID) }
            if let preconditionResourceVersion {
                preconditions["resourceVersion"] = .string(preconditionResourceVersion)
            }
            object["preconditions"] = .object(preconditions)
        }
        if dryRun { object["dryRun"] = ["All"] }
        return .object(object)
    }
}
