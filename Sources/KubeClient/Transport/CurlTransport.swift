#if canImport(Glibc)
import Glibc
#endif
import CCurl
import Synchronization

/// The production ``HTTPTransport``: libcurl's multi interface, driven by one dedicated thread.
///
/// Expected flow: `execute` and `stream` queue their request for the loop thread and suspend; the
/// loop thread runs every transfer (``CurlMultiLoop``) and resumes the caller with the response, its
/// head, or a ``TransportError``.
///
/// Guarantees:
/// - One thread per transport, whatever the number of requests or open watches; no request blocks
///   the cooperative pool.
/// - Connections are reused; over TLS, HTTP/2 is negotiated (ALPN) and requests to the same server
///   are multiplexed on one connection. Plain `http://` stays HTTP/1.1 (cleartext HTTP/2 with prior
///   knowledge is broken in libcurl 7.88, curl issue 10634).
/// - A streamed body holds at most ``Configuration/streamBufferBytes`` (plus one chunk) for a slow
///   consumer: the transfer pauses meanwhile.
/// - Cancelling the caller's task aborts its transfer; an abandoned stream's connection is closed.
///
/// Caveats: TLS settings apply to every request of the transport (one transport per API server and
/// identity). Call ``shutdown()`` to stop it deterministically; `deinit` does the same.
public final class CurlTransport: HTTPTransport {
    private let queue: CurlCommandQueue
    private let configuration: Configuration
    /// The loop thread, joined once by whoever shuts the transport down.
    private let thread: Mutex<pthread_t?>

    /// Starts the loop thread. Fails only when the process is out of descriptors or threads.
    public init(configuration: Configuration = Configuration()) throws(TransportError) {
        CurlTransport.initializeLibcurlOnce()
        let queue = try CurlCommandQueue()
        let start = Unmanaged.passRetained(CurlLoopStart(queue: queue, configuration: configuration))
        var thread = pthread_t()
        let code = pthread_create(&thread, nil, { argument in
            guard let argument else { return nil }
            let start = Unmanaged<CurlLoopStart>.fromOpaque(argument).takeRetainedValue()
            CurlMultiLoop.run(queue: start.queue, configuration: start.configuration)
            return nil
        }, start.toOpaque())
        guard code == 0 else {
            start.release()
            queue.releaseWakeDescriptor()
            throw .failed(url: "", message: "cannot start the transport thread: \(String(cString: strerror(code)))")
        }
        self.queue = queue
        self.configuration = configuration
        self.thread = Mutex(thread)
    }

    deinit {
        shutdown()
    }

    /// Stops the transport: requests in flight and later ones fail with ``TransportError/shutDown``,
    /// open streams end with that error, and the loop thread is joined. Safe to call more than once.
    public func shutdown() {
        _ = queue.close()
        guard let thread = self.thread.withLock({ thread in defer { thread = nil }; return thread }) else {
            return
        }
        if pthread_equal(thread, pthread_self()) != 0 {
            // Cannot join itself; the loop ends on its own now that the queue is closed.
            pthread_detach(thread)
        } else {
            pthread_join(thread, nil)
        }
    }

    // MARK: HTTPTransport

    public func execute(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let control = CurlTransferControl()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                submit(CurlTransferJob(request: request, control: control, delivery: .buffered(continuation)))
            }
        } onCancel: {
            cancel(control)
        }
        return try result.get()
    }

    public func stream(_ request: HTTPRequest) async throws(TransportError) -> HTTPStreamingResponse {
        let control = CurlTransferControl()
        let buffer = CurlBodyBuffer(limit: configuration.streamBufferBytes)
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                submit(CurlTransferJob(request: request, control: control, delivery: .streaming(continuation, buffer)))
            }
        } onCancel: {
            cancel(control)
        }
        let head = try result.get()
        let reader = CurlBodyReader(buffer: buffer, control: control, queue: queue)
        let body = AsyncThrowingStream<[UInt8], any Error>(unfolding: { try await reader.next() })
        return HTTPStreamingResponse(status: head.status, headers: head.headers, body: body)
    }

    // MARK: Commands

    private func submit(_ job: CurlTransferJob) {
        if !queue.enqueue(.start(job)) {
            job.fail(.shutDown)
        }
    }

    private func cancel(_ control: CurlTransferControl) {
        if control.markCancelled() {
            _ = queue.enqueue(.cancel(control))
        }
    }

    /// `curl_global_init` is not thread-safe; a static `let` runs it exactly once.
    private static let libcurlInitialized: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

    private static func initializeLibcurlOnce() {
        _ = libcurlInitialized
    }
}

/// What the loop thread needs, handed over through `pthread_create`'s argument.
private final class CurlLoopStart: Sendable {
    let queue: CurlCommandQueue
    let configuration: CurlTransport.Configuration

    init(queue: CurlCommandQueue, configuration: CurlTransport.Configuration) {
        self.queue = queue
        self.configuration = configuration
    }
}
