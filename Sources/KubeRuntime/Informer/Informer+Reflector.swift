import KubeClient
import KubeCore
import Logging

/// A streaming list closed before its `k8s.io/initial-events-end` bookmark.
struct InitialEventsIncomplete: Error, CustomStringConvertible {
    var description: String { "the watch closed before the initial events ended" }
}

/// The reflector half of an ``Informer``: list, then watch from the list's version, for ever.
extension Informer {
    /// How a watch ended when it did not fail: the server or the network closed it.
    private struct WatchEnd {
        /// The last version seen; the next watch resumes from it.
        var resourceVersion: String
        /// Whether any event or bookmark arrived before the close.
        var sawEvents: Bool
    }

    func reflect() async {
        var backoff = configuration.backoff
        var resourceVersion: String?
        var streamingList = configuration.streamingList
        let logger = configuration.logger
        while !Task.isCancelled {
            do {
                let end: WatchEnd
                if let version = resourceVersion {
                    end = try await watch(from: version)
                } else if streamingList {
                    do {
                        end = try await watchList()
                    } catch let error as KubeAPIError where Self.refusesWatchList(error) {
                        logger.info(
                            "streaming list refused; using paged lists",
                            metadata: ["resource": "\(listWatch.resource.resource.resource)", "error": "\(error)"])
                        streamingList = false
                        continue
                    }
                } else {
                    resourceVersion = try await pagedList()
                    continue
                }
                resourceVersion = end.resourceVersion
                // A server that closes watches at once must not be hammered.
                if end.sawEvents { backoff.reset() } else { try await pause(&backoff) }
            } catch is CancellationError {
                return
            } catch let error as KubeAPIError where error.isGone {
                // The version was compacted away: relist at once, as client-go does.
                count { $0.goneRelists += 1 }
                resourceVersion = nil
            } catch {
                if Task.isCancelled { return }
                count { $0.failures += 1 }
                logger.warning(
                    "list/watch failed; retrying",
                    metadata: ["resource": "\(listWatch.resource.resource.resource)", "error": "\(error)"])
                do { try await pause(&backoff) } catch { return }
            }
        }
    }

    private func pause(_ backoff: inout Backoff) async throws {
        let clock = configuration.clock
        try await clock.sleep(until: clock.now() + backoff.next())
    }

    /// A server with the WatchList feature off refuses `sendInitialEvents` (422 Invalid, or 400/403
    /// from proxies and older servers); the paged list always works.
    private static func refusesWatchList(_ error: KubeAPIError) -> Bool {
        switch error.code {
        case 400, 403, 405, 415, 422: return true
        default: return false
        }
    }

    // MARK: Filling the cache

    /// Lists page by page into the cache; returns the list's resourceVersion.
    private func pagedList() async throws -> String? {
        var options = ListOptions(labelSelector: configuration.labelSelector, fieldSelector: configuration.fieldSelector)
        options.limit = configuration.pageSize
        var session = writer.beginRelist()
        while true {
            let page: ObjectList<Object>
            do {
                page = try await listWatch.list(options)
            } catch {
                guard error.isGone, options.continue != nil else { throw error }
                // The continue token expired mid-list: start over, keeping what is cached.
                options.continue = nil
                session = writer.beginRelist()
                continue
            }
            try applyListed(page.items, to: &session)
            guard let next = page.metadata.continue, !next.isEmpty else {
                finish(session, resourceVersion: page.metadata.resourceVersion)
                return page.metadata.resourceVersion
            }
            options.continue = next
        }
    }

    /// Opens a watch that first streams the current state (`sendInitialEvents`), fills the cache
    /// from it, then goes on as an ordinary watch.
    private func watchList() async throws -> WatchEnd {
        var options = WatchOptions.initialEvents(
            labelSelector: configuration.labelSelector, fieldSelector: configuration.fieldSelector,
            timeoutSeconds: Int.random(in: configuration.watchTimeoutSeconds))
        options.resourceVersion = ""
        let stream = try await listWatch.watch(options)
        count { $0.watches += 1 }
        var session = writer.beginRelist()
        var batch: [Object] = []
        var iterator = stream.makeAsyncIterator()
        while let event = try await iterator.next() {
            switch event {
            case .added(let object), .modified(let object):
                batch.append(object)
                if batch.count >= configuration.pageSize {
                    try applyListed(batch, to: &session)
                    batch.removeAll(keepingCapacity: true)
                }
            case .deleted:
                continue
            case .bookmark(let bookmark):
                guard bookmark.isInitialEventsEnd else { continue }
                try applyListed(batch, to: &session)
                finish(session, resourceVersion: bookmark.resourceVersion)
                return try await follow(&iterator, from: bookmark.resourceVersion)
            case .error(let status):
                throw KubeAPIError(status: status)
            }
        }
        // Closed before the end of the initial events: the cache is not complete, so there is no
        // version to resume from; the next attempt streams the list again.
        throw InitialEventsIncomplete()
    }

    private func applyListed(_ objects: [Object], to session: inout RelistSession<Object>) throws(CacheError) {
        var failure: CacheError?
        deliver {
            do throws(CacheError) {
                let changes = try session.apply(page: objects)
                return changes.added.map { .added($0) } + changes.updated.map { .updated(old: $0.old, new: $0.new) }
            } catch {
                failure = error
                return []
            }
        }
        if let failure { throw failure }
    }

    private func finish(_ session: RelistSession<Object>, resourceVersion: String?) {
        deliver { session.finish(resourceVersion: resourceVersion).map { .deleted($0) } }
        count { $0.lists += 1 }
    }

    // MARK: Watching

    private func watch(from resourceVersion: String) async throws -> WatchEnd {
        let options = WatchOptions(
            labelSelector: configuration.labelSelector, fieldSelector: configuration.fieldSelector,
            resourceVersion: resourceVersion, allowWatchBookmarks: true,
            timeoutSeconds: Int.random(in: configuration.watchTimeoutSeconds))
        let stream = try await listWatch.watch(options)
        count { $0.watches += 1 }
        var iterator = stream.makeAsyncIterator()
        return try await follow(&iterator, from: resourceVersion)
    }

    /// Applies watch events until the stream ends; returns the last version seen.
    private func follow(
        _ iterator: inout AsyncThrowingStream<WatchEvent<Object>, any Error>.Iterator, from resourceVersion: String
    ) async throws -> WatchEnd {
        var version = resourceVersion
        var sawEvents = false
        while let event = try await iterator.next() {
            switch event {
            case .added(let object), .modified(let object):
                version = object.objectResourceVersion ?? version
                try record(object, resourceVersion: version)
            case .deleted(let object):
                version = object.objectResourceVersion ?? version
                try remove(object, resourceVersion: version)
            case .bookmark(let bookmark):
                version = bookmark.resourceVersion
                writer.setResourceVersion(version)
            case .error(let status):
                throw KubeAPIError(status: status)
            }
            sawEvents = true
        }
        return WatchEnd(resourceVersion: version, sawEvents: sawEvents)
    }

    private func record(_ object: Object, resourceVersion: String) throws(CacheError) {
        var failure: CacheError?
        deliver {
            do throws(CacheError) {
                let (_, old, new) = try writer.applyListed(object, resourceVersion: resourceVersion)
                guard let old else { return [.added(new)] }
                return [.updated(old: old, new: new)]
            } catch {
                failure = error
                return []
            }
        }
        count { $0.events += 1 }
        if let failure { throw failure }
    }

    private func remove(_ object: Object, resourceVersion: String) throws(CacheError) {
        var failure: CacheError?
        deliver {
            do throws(CacheError) {
                let old = try writer.delete(object, resourceVersion: resourceVersion)
                return [.deleted(old ?? configuration.transform(object))]
            } catch {
                failure = error
                return []
            }
        }
        count { $0.events += 1 }
        if let failure { throw failure }
    }
}
