#if canImport(Glibc)
import Glibc
#endif
import CCurl
import Synchronization

/// Work that another thread hands to the thread that owns libcurl.
enum CurlCommand: Sendable {
    /// Add a transfer to the multi handle.
    case start(CurlTransferJob)
    /// Abort a transfer (its caller was cancelled or stopped reading).
    case cancel(CurlTransferControl)
    /// Un-pause a streamed transfer whose consumer has caught up.
    case resume(CurlTransferControl)
}

/// One request on its way to the loop thread, with where its outcome goes.
struct CurlTransferJob: Sendable {
    enum Delivery: Sendable {
        /// `execute`: the whole response, or why there is none.
        case buffered(CheckedContinuation<Result<HTTPResponse, TransportError>, Never>)
        /// `stream`: the head goes to the continuation, then the body into the buffer.
        case streaming(CheckedContinuation<Result<CurlResponseHead, TransportError>, Never>, CurlBodyBuffer)
    }

    let request: HTTPRequest
    let control: CurlTransferControl
    let delivery: Delivery

    /// Completes a job that never reached libcurl.
    func fail(_ error: TransportError) {
        switch delivery {
        case .buffered(let continuation): continuation.resume(returning: .failure(error))
        case .streaming(let continuation, _): continuation.resume(returning: .failure(error))
        }
    }
}

/// Status and headers of a streamed response, delivered before its body.
struct CurlResponseHead: Sendable {
    var status: Int
    var headers: [HTTPHeader]
}

/// The identity of one transfer across threads, and whether its caller gave up on it.
///
/// The flag is set before the `.cancel` command is queued, so the loop also sees a cancellation that
/// arrives before the transfer's `.start` command was processed.
final class CurlTransferControl: Sendable {
    private let cancelled = Atomic<Bool>(false)

    /// Marks the transfer cancelled; returns true the first time only.
    func markCancelled() -> Bool {
        !cancelled.exchange(true, ordering: .acquiringAndReleasing)
    }

    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }
}

/// The commands waiting for the loop thread, and the eventfd that wakes it.
///
/// Invariant: the eventfd is written only under the lock while `closed` is false, and the loop
/// closes it only after it has seen `closed` under the lock — so no thread writes to a closed or
/// reused descriptor, whatever the timing of `shutdown`.
final class CurlCommandQueue: Sendable {
    private struct State {
        var commands: [CurlCommand] = []
        var closed = false
    }

    private let state = Mutex(State())
    /// The eventfd in the loop's epoll set; readable while commands wait.
    let wakeDescriptor: Int32

    /// Fails only when the process is out of descriptors.
    init() throws(TransportError) {
        let descriptor = ccurl_eventfd()
        guard descriptor >= 0 else {
            throw .failed(url: "", message: "eventfd failed: \(String(cString: strerror(errno)))")
        }
        wakeDescriptor = descriptor
    }

    /// Queues a command and wakes the loop; false once the transport is shut down.
    func enqueue(_ command: CurlCommand) -> Bool {
        state.withLock { state in
            guard !state.closed else { return false }
            state.commands.append(command)
            var one: UInt64 = 1
            _ = write(wakeDescriptor, &one, MemoryLayout<UInt64>.size)
            return true
        }
    }

    /// Refuses further commands and wakes the loop so it shuts down; false if already closed.
    func close() -> Bool {
        state.withLock { state in
            guard !state.closed else { return false }
            state.closed = true
            var one: UInt64 = 1
            _ = write(wakeDescriptor, &one, MemoryLayout<UInt64>.size)
            return true
        }
    }

    // MARK: Loop thread only

    /// Takes the waiting commands, and whether the transport is shutting down.
    func drain() -> (commands: [CurlCommand], closed: Bool) {
        state.withLock { state in
            let commands = state.commands
            state.commands.removeAll(keepingCapacity: true)
            return (commands, state.closed)
        }
    }

    /// Resets the eventfd's counter after a wake-up.
    func acknowledgeWake() {
        var count: UInt64 = 0
        _ = read(wakeDescriptor, &count, MemoryLayout<UInt64>.size)
    }

    /// Closes the eventfd; called by the loop after `drain` reported `closed`.
    func releaseWakeDescriptor() {
        _ = Glibc.close(wakeDescriptor)
    }
}
