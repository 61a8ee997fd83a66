#if canImport(Glibc)
import Glibc
#endif
import CCurl

/// The thread that owns libcurl: the multi handle, every easy handle, and an epoll set with the
/// sockets libcurl wants watched plus the command queue's eventfd.
///
/// Expected flow: `run` drains commands, lets libcurl act on ready sockets and expired timers
/// (`curl_multi_socket_action`), completes finished transfers, and sleeps in `epoll_wait` until a
/// socket, the timer or a command wakes it. Idle transfers (watches) cost nothing per turn: libcurl
/// only hears about sockets that are ready.
///
/// Confined to its thread (not `Sendable`): it is created and dropped inside `run`.
final class CurlMultiLoop {
    private let multi: UnsafeMutableRawPointer
    private let epoll: Int32
    private let queue: CurlCommandQueue
    private let configuration: CurlTransport.Configuration

    /// Every transfer added to the multi handle, by easy handle and by control; the two always hold
    /// the same transfers.
    private var transfers: [UnsafeMutableRawPointer: CurlEasyTransfer] = [:]
    private var transfersByControl: [ObjectIdentifier: CurlEasyTransfer] = [:]
    /// The sockets libcurl asked to have watched (in the epoll set).
    private var watchedSockets: Set<Int32> = []
    /// When libcurl wants `CURL_SOCKET_TIMEOUT` handled; nil when it has no timer.
    private var timerDeadline: ContinuousClock.Instant?

    /// Runs the loop on the calling thread until the queue is closed, then fails what is left with
    /// `.shutDown` and releases everything.
    static func run(queue: CurlCommandQueue, configuration: CurlTransport.Configuration) {
        guard let loop = CurlMultiLoop(queue: queue, configuration: configuration) else {
            // Without a multi handle or epoll set nothing can be sent: refuse every request.
            _ = queue.close()
            for case .start(let job) in queue.drain().commands { job.fail(.shutDown) }
            queue.releaseWakeDescriptor()
            return
        }
        loop.serve()
        loop.release()
    }

    private init?(queue: CurlCommandQueue, configuration: CurlTransport.Configuration) {
        guard let multi = curl_multi_init() else { return nil }
        let epoll = ccurl_epoll_create()
        guard epoll >= 0 else {
            curl_multi_cleanup(multi)
            return nil
        }
        self.multi = multi
        self.epoll = epoll
        self.queue = queue
        self.configuration = configuration
        _ = ccurl_epoll_watch(epoll, queue.wakeDescriptor, CURL_POLL_IN, 1)

        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX)
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_CONCURRENT_STREAMS, configuration.maxConcurrentStreams)
        _ = ccurl_multi_setopt_socket_callback(multi, curlSocketCallback)
        _ = ccurl_multi_setopt_pointer(multi, CURLMOPT_SOCKETDATA, context)
        _ = ccurl_multi_setopt_timer_callback(multi, curlTimerCallback)
        _ = ccurl_multi_setopt_pointer(multi, CURLMOPT_TIMERDATA, context)
    }

    // MARK: The loop

    private func serve() {
        var ready = [ccurl_ready_socket](repeating: ccurl_ready_socket(), count: 64)
        while true {
            let (commands, closed) = queue.drain()
            for command in commands { handle(command) }
            if closed { return }
            collectFinished()

            let count = ready.withUnsafeMutableBufferPointer { buffer in
                ccurl_epoll_wait(epoll, buffer.baseAddress, Int32(buffer.count), timeoutMilliseconds())
            }
            for socket in ready.prefix(Int(max(0, count))) {
                if socket.fd == queue.wakeDescriptor {
                    queue.acknowledgeWake()
                    continue
                }
                var running: Int32 = 0
                _ = curl_multi_socket_action(multi, socket.fd, socket.action, &running)
            }
            if let deadline = timerDeadline, deadline <= .now {
                timerDeadline = nil
                var running: Int32 = 0
                _ = curl_multi_socket_action(multi, CURL_SOCKET_BAD, 0, &running)
            }
            collectFinished()
        }
    }

    /// How long `epoll_wait` may sleep: until libcurl's timer, or forever without one.
    private func timeoutMilliseconds() -> Int32 {
        guard let deadline = timerDeadline else { return -1 }
        let remaining = ContinuousClock.now.duration(to: deadline)
        if remaining <= .zero { return 0 }
        return Int32(clamping: remaining.curlMilliseconds)
    }

    private func handle(_ command: CurlCommand) {
        switch command {
        case .start(let job):
            start(job, isRetry: false)
        case .cancel(let control):
            guard let transfer = transfersByControl[ObjectIdentifier(control)] else { return }
            remove(transfer)
            transfer.finish(.cancelled)
            transfer.cleanup()
        case .resume(let control):
            guard let transfer = transfersByControl[ObjectIdentifier(control)] else { return }
            // CURLPAUSE_CONT is 0: un-pause both directions. libcurl may deliver the held chunk
            // right here, through the write callback.
            _ = curl_easy_pause(transfer.easy, 0)
        }
    }

    /// Adds a transfer for `job` to the multi handle; `isRetry` sends it on a new connection.
    private func start(_ job: CurlTransferJob, isRetry: Bool) {
        if job.control.isCancelled {
            job.fail(.cancelled)
            return
        }
        let transfer: CurlEasyTransfer
        do {
            transfer = try CurlEasyTransfer(job: job, configuration: configuration, isRetry: isRetry)
        } catch {
            job.fail(error)
            return
        }
        let code = curl_multi_add_handle(multi, transfer.easy)
        guard code == CURLM_OK else {
            let message = String(cString: curl_multi_strerror(code))
            transfer.cleanup()
            job.fail(.failed(url: job.request.url, message: message))
            return
        }
        transfers[transfer.easy] = transfer
        transfersByControl[ObjectIdentifier(job.control)] = transfer
    }

    /// Completes the transfers libcurl reports done.
    private func collectFinished() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                let transfer = transfers[easy]
            else { continue }
            let code = message.pointee.data.result
            remove(transfer)
            let retries = transfer.mayRetryOnNewConnection(after: code)
            if !retries { transfer.complete(code: code) }
            transfer.cleanup()
            if retries { start(transfer.job, isRetry: true) }
        }
    }

    /// Takes a transfer out of the multi handle. Its connection is closed or returned to the pool
    /// by libcurl; the caller then delivers the outcome (which reads the handle) and cleans up.
    private func remove(_ transfer: CurlEasyTransfer) {
        _ = curl_multi_remove_handle(multi, transfer.easy)
        transfers[transfer.easy] = nil
        transfersByControl[ObjectIdentifier(transfer.job.control)] = nil
    }

    /// After shutdown: fails every open transfer with `.shutDown` and frees libcurl's state.
    private func release() {
        for transfer in transfers.values {
            remove(transfer)
            transfer.finish(.shutDown)
            transfer.cleanup()
        }
        curl_multi_cleanup(multi)
        _ = close(epoll)
        queue.releaseWakeDescriptor()
    }

    // MARK: Sockets and timer (called by libcurl from inside socket_action / add_handle)

    fileprivate func socketChanged(_ socket: Int32, what: Int32) {
        if what == CURL_POLL_REMOVE {
            if watchedSockets.remove(socket) != nil {
                _ = ccurl_epoll_unwatch(epoll, socket)
            }
        } else {
            let added = watchedSockets.insert(socket).inserted
            _ = ccurl_epoll_watch(epoll, socket, what, added ? 1 : 0)
        }
    }

    fileprivate func timerChanged(milliseconds: Int) {
        timerDeadline = milliseconds < 0 ? nil : .now + .milliseconds(milliseconds)
    }
}

/// CURLMOPT_SOCKETFUNCTION: user data is the unretained `CurlMultiLoop`.
private let curlSocketCallback: curl_socket_callback = { _, socket, what, context, _ in
    guard let context else { return -1 }
    Unmanaged<CurlMultiLoop>.fromOpaque(context).takeUnretainedValue().socketChanged(socket, what: what)
    return 0
}

/// CURLMOPT_TIMERFUNCTION: user data is the unretained `CurlMultiLoop`.
private let curlTimerCallback: curl_multi_timer_callback = { _, milliseconds, context in
    guard let context else { return -1 }
    Unmanaged<CurlMultiLoop>.fromOpaque(context).takeUnretainedValue().timerChanged(milliseconds: milliseconds)
    return 0
}
