public import KubeCore

/// The kind of change a watch event reports (the `type` field of a watch event).
public enum WatchEventType: String, Sendable, Hashable {
    case added = "ADDED"
    case modified = "MODIFIED"
    case deleted = "DELETED"
    /// No change: the watch has seen everything up to a resource version.
    case bookmark = "BOOKMARK"
    /// The watch failed; the event carries the server's Status, e.g. 410 Expired.
    case error = "ERROR"
}

/// One event of a watch stream.
public enum WatchEvent<Object: Sendable>: Sendable {
    case added(Object)
    case modified(Object)
    case deleted(Object)
    case bookmark(WatchBookmark)
    /// The server ends the watch after sending this; a 410 (`KubeAPIError(status:).isGone`) means
    /// the resource version is too old and the watcher must list again.
    case error(Status)

    public var type: WatchEventType {
        switch self {
        case .added: return .added
        case .modified: return .modified
        case .deleted: return .deleted
        case .bookmark: return .bookmark
        case .error: return .error
        }
    }

    /// The object of an ADDED, MODIFIED or DELETED event.
    public var object: Object? {
        switch self {
        case .added(let object), .modified(let object), .deleted(let object): return object
        case .bookmark, .error: return nil
        }
    }
}

/// A BOOKMARK: the version a restarted watch may resume from.
public struct WatchBookmark: Sendable, Hashable {
    public var resourceVersion: String
    public var annotations: [String: String]

    public init(resourceVersion: String, annotations: [String: String] = [:]) {
        self.resourceVersion = resourceVersion
        self.annotations = annotations
    }

    /// Whether this bookmark ends the initial events of a `sendInitialEvents` watch (KEP-3157).
    public var isInitialEventsEnd: Bool { annotations["k8s.io/initial-events-end"] == "true" }
}
