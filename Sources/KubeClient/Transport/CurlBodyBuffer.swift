import Synchronization

/// The bounded hand-over of a streamed body from the loop thread to its consumer.
///
/// Backpressure: `offer` refuses a chunk once `limit` bytes wait unread, and the loop then pauses
/// the transfer (libcurl keeps the refused chunk and offers it again on resume). The consumer asks
/// for a resume once it has read the buffer down to half the limit. So at most `limit` bytes plus
/// one chunk are ever held, however slow the consumer.
final class CurlBodyBuffer: Sendable {
    /// What `take` found.
    enum Taken {
        /// A chunk; `resume` says the transfer was paused and may now continue.
        case chunk([UInt8], resume: Bool)
        /// The body ended (normally, or because the consumer went away).
        case end
        case failure(TransportError)
        /// Nothing yet: wait.
        case empty
    }

    private struct State {
        var chunks: [[UInt8]] = []
        var next = 0
        var bufferedBytes = 0
        /// The loop refused a chunk and paused the transfer; the next resume must come from `take`.
        var paused = false
        var ending: Result<Void, TransportError>?
        /// The consumer is gone: buffer nothing more and wake no one.
        var abandoned = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())
    private let limit: Int

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    // MARK: Loop thread

    /// Hands over a chunk; false means "full": pause the transfer.
    func offer(_ chunk: [UInt8]) -> Bool {
        let (accepted, waiter) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
            if state.abandoned { return (true, nil) }
            if state.bufferedBytes >= limit {
                state.paused = true
                return (false, nil)
            }
            state.chunks.append(chunk)
            state.bufferedBytes += chunk.count
            defer { state.waiter = nil }
            return (true, state.waiter)
        }
        waiter?.resume()
        return accepted
    }

    /// Ends the body: nil for a normal end, or the failure the consumer sees after the buffered chunks.
    func finish(_ error: TransportError?) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.ending == nil {
                state.ending = error.map { .failure($0) } ?? .success(())
            }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    // MARK: Consumer

    /// Takes the next chunk, if one is there.
    func take() -> Taken {
        state.withLock { state in
            if state.abandoned { return .end }
            if state.next < state.chunks.count {
                let chunk = state.chunks[state.next]
                state.next += 1
                state.bufferedBytes -= chunk.count
                if state.next == state.chunks.count {
                    state.chunks.removeAll(keepingCapacity: true)
                    state.next = 0
                }
                let resume = state.paused && state.bufferedBytes <= limit / 2
                if resume { state.paused = false }
                return .chunk(chunk, resume: resume)
            }
            switch state.ending {
            case .none: return .empty
            case .success: return .end
            case .failure(let error):
                // Report a failure once; later calls see a plain end.
                state.ending = .success(())
                return .failure(error)
            }
        }
    }

    /// Suspends until a chunk, the end, or `abandon` arrives.
    func waitForChange() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.abandoned || state.ending != nil || state.next < state.chunks.count {
                    return true
                }
                state.waiter = continuation
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// The consumer stopped reading: drop what is buffered and wake a pending `waitForChange`.
    /// Returns true when the body had not ended, i.e. the transfer must be aborted.
    func abandon() -> Bool {
        let (wasRunning, waiter) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
            let wasRunning = !state.abandoned && state.ending == nil
            state.abandoned = true
            state.chunks.removeAll()
            state.next = 0
            state.bufferedBytes = 0
            defer { state.waiter = nil }
            return (wasRunning, state.waiter)
        }
        waiter?.resume()
        return wasRunning
    }
}

/// The consumer's side of a streamed body: the closure state of the body's `AsyncThrowingStream`.
///
/// When the consumer stops iterating, the stream releases its unfolding closure and with it this
/// reader, whose `deinit` aborts the transfer; when the consumer's task is cancelled, `next` ends the
/// stream with a plain `nil` (not an error, see NOTES on `onTermination`) and aborts the transfer.
final class CurlBodyReader: Sendable {
    private let buffer: CurlBodyBuffer
    private let control: CurlTransferControl
    private let queue: CurlCommandQueue

    init(buffer: CurlBodyBuffer, control: CurlTransferControl, queue: CurlCommandQueue) {
        self.buffer = buffer
        self.control = control
        self.queue = queue
    }

    deinit {
        stop()
    }

    /// The next chunk, nil at the end of the body or once the consumer's task is cancelled.
    func next() async throws(TransportError) -> [UInt8]? {
        while true {
            switch buffer.take() {
            case .chunk(let chunk, let resume):
                if resume { _ = queue.enqueue(.resume(control)) }
                return chunk
            case .end:
                return nil
            case .failure(let error):
                throw error
            case .empty:
                await withTaskCancellationHandler {
                    await buffer.waitForChange()
                } onCancel: {
                    stop()
                }
            }
        }
    }

    /// Abandons the body and aborts the transfer if it is still running.
    private func stop() {
        if buffer.abandon(), control.markCancelled() {
            _ = queue.enqueue(.cancel(control))
        }
    }
}
