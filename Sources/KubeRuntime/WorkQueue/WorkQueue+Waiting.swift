import DequeModule

// The slow paths of a ``WorkQueue``: a getter suspending until a key comes, and shutdown. They stay
// out of line (not `@inlinable`), as their cost is a task's suspension, not the queue's bookkeeping.
extension WorkQueue {
    /// Registers the task as a getter and suspends until an add hands it a key, the queue shuts
    /// down, or the task is cancelled.
    @usableFromInline
    func waitForKey() async -> Key? {
        let id = state.withLock { state in
            state.nextGetterID &+= 1
            return state.nextGetterID
        }
        let key = await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Key?, Never>) in
                let now = metricsNow
                var waited: Int64 = 0
                let resumeWith = state.withLock { state -> Key?? in
                    // Re-checked under the lock: a key may have come, or the queue shut down, since
                    // the fast path; and a cancellation handler that ran before this point found no
                    // getter to resume.
                    if let key = Self.take(from: &state, at: now, waited: &waited) { return key.key }
                    if state.shuttingDown || Task.isCancelled { return .some(nil) }
                    state.getters.append(Getter(id: id, continuation: continuation))
                    return nil
                }
                if let resumeWith { continuation.resume(returning: resumeWith) }
            }
        } onCancel: {
            let getter = state.withLock { state -> Getter? in
                guard let index = state.getters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.getters.remove(at: index)
            }
            getter?.continuation.resume(returning: nil)
        }
        // A key handed over by an add or a done never waited in the queue.
        if key != nil, metrics != nil { recordGet(waited: 0) }
        return key
    }

    /// Stops the queue: further adds are ignored, waiting getters return `nil`, and getters return
    /// `nil` once the keys already queued are handed out.
    public func shutDown() {
        let getters = state.withLock { state -> Deque<Getter> in
            state.shuttingDown = true
            defer { state.getters.removeAll() }
            return state.getters
        }
        for getter in getters { getter.continuation.resume(returning: nil) }
    }

    /// Shuts the queue down like ``shutDown()``, then waits until every key handed out is ``done(_:)``.
    ///
    /// Workers must keep calling ``done(_:)``, or this never returns.
    public func shutDownWithDrain() async {
        shutDown()
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            let finished = state.withLock { state in
                if state.processingCount == 0 { return true }
                state.drainers.append(continuation)
                return false
            }
            if finished { continuation.resume() }
        }
    }
}
