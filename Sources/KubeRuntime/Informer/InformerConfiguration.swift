public import Logging

/// How an ``Informer`` lists, watches and caches. Every property has a default that suits a
/// controller.
public struct InformerConfiguration<Object: CacheableObject>: Sendable {
    /// Only objects with matching labels are listed, watched and cached (a label selector in its
    /// string form, e.g. `app.kubernetes.io/managed-by=aifleet`). Default: all.
    public var labelSelector: String?
    /// Only objects matching this field selector. Default: all.
    public var fieldSelector: String?
    /// Page size of a paged list. Default 500, client-go's.
    public var pageSize: Int = 500
    /// Fill the cache with a streaming list (`sendInitialEvents`, KEP-3157) rather than a paged
    /// list, falling back to the paged list for good if the server refuses it. Default true.
    public var streamingList = true
    /// Every period, handlers get an `.updated(old:new:)` with the same copy for every cached object,
    /// so level-based controllers revisit everything even if an event was lost. Default: never.
    public var resyncPeriod: Duration?
    /// Each watch asks the server to end it after a random number of seconds in this range, so
    /// watches of many informers do not all restart at once. Default 300...600, client-go's.
    public var watchTimeoutSeconds: ClosedRange<Int> = 300...600
    /// Delay between failed attempts to list or watch.
    public var backoff = Backoff()
    /// The cache's indices. Default: by namespace and by controlling owner's uid.
    public var indexers: [Indexer<Object>] = [.namespace, .ownerUID]
    /// Applied to each object before it is cached and handed to handlers. Default: drop
    /// `managedFields` and the last-applied annotation.
    public var transform: StoreWriter<Object>.Transform = StoreWriter.removeManagedFieldsAndLastApplied
    /// Clock for backoff and resync (a ``ManualClock`` in tests).
    public var clock: any RuntimeClock = SystemClock()
    /// Where list/watch failures are logged.
    public var logger = Logger(label: "aifleet.informer")

    public init(labelSelector: String? = nil, fieldSelector: String? = nil) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
    }
}
