import KubeCore
import Synchronization

/// What an open watch receives after its initial events.
enum WatchItem: Sendable {
    /// A change; `encoded` is the object's JSON when it was already serialized for another watcher.
    case event(WatchEventType, JSONValue, encoded: [UInt8]?)
    /// A progress marker: every change up to this version has been sent.
    case bookmark(UInt64)
}

/// Decides whether an object belongs to a watch or list (namespace, label and field selectors).
typealias ObjectPredicate = @Sendable (JSONValue) -> Bool

/// One open watch: its filter and the bounded buffer between the store and the HTTP response.
///
/// The buffer is an `AsyncStream` that keeps at most `capacity` undelivered items; a watcher that falls
/// that far behind is closed instead of growing without bound, and its client resumes from the last
/// version it saw, as it would after kube-apiserver's watch cache drops a slow watcher.
final class Watcher: Sendable {
    let id: Int
    let matches: ObjectPredicate
    let wantsBookmarks: Bool
    private let continuation: AsyncStream<WatchItem>.Continuation
    /// Set once the consumer went away or the watcher was closed; the store then forgets it.
    private let closed = Atomic<Bool>(false)

    init(id: Int, matches: @escaping ObjectPredicate, wantsBookmarks: Bool, continuation: AsyncStream<WatchItem>.Continuation) {
        self.id = id
        self.matches = matches
        self.wantsBookmarks = wantsBookmarks
        self.continuation = continuation
    }

    /// Makes a watcher with its stream; `capacity` bounds the items not yet written to the client.
    static func make(
        id: Int, capacity: Int, wantsBookmarks: Bool, matches: @escaping ObjectPredicate
    ) -> (Watcher, AsyncStream<WatchItem>) {
        let (stream, continuation) = AsyncStream<WatchItem>.makeStream(bufferingPolicy: .bufferingOldest(max(1, capacity)))
        let watcher = Watcher(id: id, matches: matches, wantsBookmarks: wantsBookmarks, continuation: continuation)
        // Only flips a flag: termination may run while the store's lock is held (see `close`).
        continuation.onTermination = { [weak watcher] _ in watcher?.closed.store(true, ordering: .relaxed) }
        return (watcher, stream)
    }

    var isClosed: Bool { closed.load(ordering: .relaxed) }

    /// Queues an item; closes the watcher when its buffer is full. Returns false once closed.
    @discardableResult
    func send(_ item: WatchItem) -> Bool {
        guard !isClosed else { return false }
        switch continuation.yield(item) {
        case .enqueued: return true
        case .dropped, .terminated: close(); return false
        @unknown default: close(); return false
        }
    }

    /// Ends the stream: the HTTP response finishes after the items already queued.
    func close() {
        closed.store(true, ordering: .relaxed)
        continuation.finish()
    }

    /// How a stored change looks to this watcher, as kube-apiserver's watch cache presents it: an object
    /// that starts matching the selector is ADDED, one that stops matching is DELETED (its previous state
    /// at the new version). Nil when the change is invisible to this watcher.
    func view(of event: StoredEvent) -> (WatchEventType, usesPrevious: Bool)? {
        switch event.type {
        case .added:
            return matches(event.object) ? (.added, false) : nil
        case .deleted:
            return matches(event.object) ? (.deleted, false) : nil
        default:
            let now = matches(event.object)
            let before = event.previous.map(matches) ?? false
            switch (before, now) {
            case (true, true): return (.modified, false)
            case (false, true): return (.added, false)
            case (true, false): return (.deleted, true)
            case (false, false): return nil
            }
        }
    }
}
