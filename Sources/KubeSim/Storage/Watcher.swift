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
/// The consumer takes everything buffered at once (``nextBatch()``), so that a busy watch costs one
/// wake-up and one socket write per batch rather than per event: with ten watchers each event used
/// to cost ten task wake-ups and ten writes, more than the write itself.
///
/// At most `capacity` items wait; a watcher that falls that far behind is closed instead of growing
/// without bound, and its client resumes from the last version it saw, as it would after
/// kube-apiserver's watch cache drops a slow watcher.
final class Watcher: Sendable {
    private struct Buffer {
        var items: [WatchItem] = []
        /// The consumer suspended in `nextBatch` (only while `items` is empty and not closed).
        var consumer: CheckedContinuation<[WatchItem]?, Never>?
        var closed = false
    }

    let id: Int
    let matches: ObjectPredicate
    let wantsBookmarks: Bool
    private let capacity: Int
    private let buffer = Mutex(Buffer())

    /// A watcher whose buffer holds at most `capacity` items not yet taken by its consumer.
    init(id: Int, capacity: Int, wantsBookmarks: Bool, matches: @escaping ObjectPredicate) {
        self.id = id
        self.capacity = max(1, capacity)
        self.matches = matches
        self.wantsBookmarks = wantsBookmarks
    }

    /// Whether the watcher was closed (its remaining items may still be taken).
    var isClosed: Bool { buffer.withLock { $0.closed } }

    /// Whether a consumer is suspended waiting for items, for tests.
    var hasWaitingConsumer: Bool { buffer.withLock { $0.consumer != nil } }

    /// Queues an item, or hands it straight to a waiting consumer; closes the watcher when its buffer
    /// is full. Returns false once closed. Called under the store's lock: it never blocks.
    @discardableResult
    func send(_ item: WatchItem) -> Bool {
        let (accepted, consumer) = buffer.withLock { buffer -> (Bool, CheckedContinuation<[WatchItem]?, Never>?) in
            guard !buffer.closed else { return (false, nil) }
            if let consumer = buffer.consumer {
                buffer.consumer = nil
                return (true, consumer)
            }
            guard buffer.items.count < capacity else {
                buffer.closed = true
                return (false, nil)
            }
            buffer.items.append(item)
            return (true, nil)
        }
        consumer?.resume(returning: [item])
        return accepted
    }

    /// Ends the watch: the consumer still takes the items already queued, then gets `nil`.
    func close() {
        let consumer = buffer.withLock { buffer in
            buffer.closed = true
            defer { buffer.consumer = nil }
            return buffer.consumer
        }
        consumer?.resume(returning: nil)
    }

    /// Every item queued since the last call, suspending while there is none; `nil` once the watcher
    /// is closed and drained, or when the calling task is cancelled (the client went away).
    func nextBatch() async -> [WatchItem]? {
        if let ready = buffer.withLock({ Self.take(from: &$0) }) { return ready }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<[WatchItem]?, Never>) in
                let ready = buffer.withLock { buffer -> [WatchItem]?? in
                    // Re-checked under the lock: a send or close may have come since the fast path, and
                    // a cancellation handler that ran before this point found no consumer to resume.
                    if let ready = Self.take(from: &buffer) { return ready }
                    if Task.isCancelled { return .some(nil) }
                    buffer.consumer = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            close()
        }
    }

    /// The items queued now, without waiting (empty when there are none).
    func takeQueued() -> [WatchItem] {
        buffer.withLock { buffer in
            defer { buffer.items = [] }
            return buffer.items
        }
    }

    /// The queued items, or `.some(nil)` when there are none and the watcher is closed; `nil` when the
    /// consumer must wait.
    private static func take(from buffer: inout Buffer) -> [WatchItem]?? {
        if !buffer.items.isEmpty {
            defer { buffer.items = [] }
            return buffer.items
        }
        return buffer.closed ? .some(nil) : nil
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
