import KubeClient
import KubeCore
import Logging
public import ServiceLifecycle
import Synchronization

/// Keeps a cache of one kind of object in one scope in step with the API server, and tells its
/// handlers what changed (client-go's shared informer, kube-rs's reflector + watcher).
///
/// ## Expected flow
/// Create it (usually through ``SharedInformers``, so each kind and scope is watched once per
/// process), add handlers, then ``run()`` it. It fills the cache with a streaming list
/// (`sendInitialEvents`) or a paged list, marks it synced, then watches from the list's
/// resourceVersion. Handlers see every change after the cache holds it.
///
/// ## Guarantees
/// - A dropped watch resumes from the last resourceVersion seen (bookmarks included), after a
///   jittered backoff when it fails; nothing is missed and nothing repeated.
/// - A 410 Gone (the version was compacted) relists, and handlers get only the real differences:
///   objects added, changed or deleted while the watch was down.
/// - A relist pages into the cache, so memory does not peak at twice the cache.
/// - A handler added after the cache synced first gets an `.added` for every cached object, then
///   every later change, with none lost in between.
///
/// ## Caveats
/// Handlers run on the informer's task, one event at a time, while the cache is locked against
/// other writers: they must be quick and must not call back into this informer (enqueue a key and
/// return, as a controller does).
public final class Informer<Object: CacheableObject & Codable>: ServiceLifecycle.Service, Sendable {
    public typealias Handler = @Sendable (InformerEvent<Object>) -> Void

    /// The cache this informer fills.
    public let store: Store<Object>
    let writer: StoreWriter<Object>
    /// How the informer lists and watches (its resource and namespace).
    public let listWatch: ListWatch<Object>
    let configuration: InformerConfiguration<Object>
    /// Held while the cache is written and its handlers called, so that ``addEventHandler(_:)`` sees
    /// one consistent point in the stream of events.
    private let handlers = Mutex<[Handler]>([])
    private let statistics = Mutex(InformerStatistics())

    public init(_ listWatch: ListWatch<Object>, configuration: InformerConfiguration<Object> = InformerConfiguration()) {
        self.listWatch = listWatch
        self.configuration = configuration
        writer = StoreWriter(indexers: configuration.indexers, transform: configuration.transform)
        store = writer.store
    }

    /// Whether the cache has been filled from a complete list once.
    public var hasSynced: Bool { store.hasSynced }

    /// Suspends until the cache has synced; `false` if the task was cancelled first.
    public func waitUntilSynced() async -> Bool {
        await store.waitUntilSynced()
    }

    /// Counters of what the informer did, for tests and benchmarks.
    public var counters: InformerStatistics { statistics.withLock { $0 } }

    /// Calls `handler` for every change from now on; if the cache already holds objects, first
    /// with an `.added` for each of them.
    public func addEventHandler(_ handler: @escaping Handler) {
        handlers.withLock { handlers in
            for object in store.list() { handler(.added(object)) }
            handlers.append(handler)
        }
    }

    /// Lists, then watches, until the task is cancelled or a graceful shutdown begins.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                if let period = self.configuration.resyncPeriod {
                    group.addTask { await self.resync(every: period) }
                }
                await self.reflect()
                group.cancelAll()
            }
        }
    }

    // MARK: Writing the cache and telling the handlers

    /// Runs `write` on the cache and hands the events it returns to every handler, as one step.
    func deliver(_ write: () -> [InformerEvent<Object>]) {
        handlers.withLock { handlers in
            for event in write() {
                for handler in handlers { handler(event) }
            }
        }
    }

    func count(_ update: (inout InformerStatistics) -> Void) {
        statistics.withLock { update(&$0) }
    }

    private func resync(every period: Duration) async {
        let clock = configuration.clock
        while !Task.isCancelled {
            do {
                try await clock.sleep(until: clock.now() + period)
            } catch {
                return
            }
            deliver { store.list().map { .updated(old: $0, new: $0) } }
        }
    }
}

/// What an ``Informer`` has done since it started.
public struct InformerStatistics: Sendable, Hashable {
    /// Complete lists (streaming or paged) that filled the cache.
    public var lists = 0
    /// Watches opened.
    public var watches = 0
    /// Watch events applied to the cache (bookmarks excluded).
    public var events = 0
    /// Relists caused by a 410 Gone.
    public var goneRelists = 0
    /// Failed list or watch attempts.
    public var failures = 0
}
