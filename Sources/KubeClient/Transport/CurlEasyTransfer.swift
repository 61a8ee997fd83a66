import CCurl

/// One transfer on the loop thread: its easy handle, the memory libcurl borrows from it, and the
/// response as it arrives.
///
/// Confined to the loop thread (not `Sendable`): libcurl calls the header and write callbacks from
/// inside `curl_multi_socket_action`, on that thread, with `self` as their user data. The loop keeps
/// the object alive until `cleanup()` has released the easy handle, so the callbacks never see a
/// dangling pointer.
final class CurlEasyTransfer {
    let job: CurlTransferJob
    let easy: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// Lists libcurl reads for the handle's whole life (it does not copy them).
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var connectToList: UnsafeMutablePointer<curl_slist>?
    private let reportsTransferInfo: Bool
    /// This transfer repeats one that failed on a connection the server closed (see
    /// ``mayRetryOnNewConnection(after:)``); it is not repeated again.
    private let isRetry: Bool

    private var headers: [HTTPHeader] = []
    private var body: [UInt8] = []
    /// The stream's head went to its caller; only the body buffer hears from this transfer now.
    private var headDelivered = false

    /// Creates and configures the easy handle for `job`.
    init(job: CurlTransferJob, configuration: CurlTransport.Configuration, isRetry: Bool = false) throws(TransportError) {
        guard let easy = curl_easy_init() else {
            throw .failed(url: job.request.url, message: "curl_easy_init failed")
        }
        self.job = job
        self.easy = easy
        self.reportsTransferInfo = configuration.reportsTransferInfo
        self.isRetry = isRetry
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        do {
            try configure(configuration)
        } catch {
            cleanup()
            throw error
        }
    }

    /// Releases the easy handle and what it borrowed. The loop removes it from the multi first.
    func cleanup() {
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        curl_slist_free_all(connectToList)
        errorBuffer.deallocate()
    }

    // MARK: Options

    private func configure(_ configuration: CurlTransport.Configuration) throws(TransportError) {
        let request = job.request
        var url = request.url
        let tls = configuration.tls
        if let serverName = tls.serverName, !serverName.isEmpty {
            // Verify the certificate against `serverName` while connecting to the URL's host:
            // the URL names `serverName`, and CONNECT_TO sends that name to the real address.
            let target = try CurlServerNameTarget(url: url, serverName: serverName)
            url = target.url
            connectToList = curl_slist_append(nil, target.connectTo)
            try set(CURLOPT_CONNECT_TO, pointer: connectToList)
        }
        try set(CURLOPT_URL, url)
        try set(CURLOPT_ERRORBUFFER, pointer: errorBuffer)
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        // Wait for a connection in progress to tell whether it multiplexes, rather than opening a
        // new connection for every request started before the first handshake finished.
        try set(CURLOPT_PIPEWAIT, 1)
        try set(CURLOPT_ACCEPT_ENCODING, "")
        try set(CURLOPT_USERAGENT, configuration.userAgent)
        try set(CURLOPT_TCP_KEEPALIVE, 1)
        if isRetry {
            try set(CURLOPT_FRESH_CONNECT, 1)
        }
        try set(CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.curlMilliseconds)
        if let timeout = request.timeout {
            try set(CURLOPT_TIMEOUT_MS, timeout.curlMilliseconds)
        }
        if case .streaming = job.delivery {
            // A stream the consumer abandons must end on the server too: a connection that may not
            // be reused is closed when the transfer is removed (an HTTP/2 stream could stay open).
            try set(CURLOPT_FORBID_REUSE, 1)
        }
        try configureMethod(request)
        try configureTLS(tls)

        let context = Unmanaged.passUnretained(self).toOpaque()
        try check(ccurl_easy_setopt_write_callback(easy, CURLOPT_HEADERFUNCTION, curlHeaderCallback))
        try set(CURLOPT_HEADERDATA, pointer: context)
        try check(ccurl_easy_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION, curlWriteCallback))
        try set(CURLOPT_WRITEDATA, pointer: context)
    }

    private func configureMethod(_ request: HTTPRequest) throws(TransportError) {
        var lines = request.headers.map { header in
            // `Name;` is libcurl's spelling of a header with an empty value.
            header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)"
        }
        // Never wait for `100 Continue` before sending a large body.
        lines.append("Expect:")
        switch (request.method, request.body) {
        case (.head, _):
            try set(CURLOPT_NOBODY, 1)
        case (.get, nil):
            try set(CURLOPT_HTTPGET, 1)
        case (let method, _):
            if method != .post {
                try set(CURLOPT_CUSTOMREQUEST, method.rawValue)
            }
            if request.body != nil || method == .post {
                let bytes = request.body ?? []
                try check(ccurl_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bytes.count)))
                // COPYPOSTFIELDS copies POSTFIELDSIZE bytes, so the array may go away; it needs a
                // valid pointer even for an empty body.
                let copied = (bytes.isEmpty ? [0] : bytes).withUnsafeBytes { buffer in
                    ccurl_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: buffer.baseAddress))
                }
                try check(copied)
                let hasContentType = request.headers.contains { $0.name.lowercased() == "content-type" }
                if !hasContentType {
                    // A body without a Content-Type would go out as a form (libcurl's POST default).
                    lines.append("Content-Type:")
                }
            }
        }
        for line in lines {
            guard let list = curl_slist_append(headerList, line) else {
                throw .failed(url: request.url, message: "curl_slist_append failed")
            }
            headerList = list
        }
        try set(CURLOPT_HTTPHEADER, pointer: headerList)
    }

    private func configureTLS(_ tls: TLSOptions) throws(TransportError) {
        if let ca = tls.certificateAuthorityPEM {
            try setBlob(CURLOPT_CAINFO_BLOB, ca)
        }
        if let certificate = tls.clientCertificatePEM {
            try setBlob(CURLOPT_SSLCERT_BLOB, certificate)
            try set(CURLOPT_SSLCERTTYPE, "PEM")
        }
        if let key = tls.clientKeyPEM {
            try setBlob(CURLOPT_SSLKEY_BLOB, key)
            try set(CURLOPT_SSLKEYTYPE, "PEM")
        }
        if tls.insecureSkipVerify {
            try set(CURLOPT_SSL_VERIFYPEER, 0)
            try set(CURLOPT_SSL_VERIFYHOST, 0)
        }
    }

    private func set(_ option: CURLoption, _ value: Int) throws(TransportError) {
        try check(ccurl_easy_setopt_long(easy, option, value))
    }

    private func set(_ option: CURLoption, _ value: String) throws(TransportError) {
        try check(ccurl_easy_setopt_string(easy, option, value))
    }

    private func set<T>(_ option: CURLoption, pointer: UnsafeMutablePointer<T>?) throws(TransportError) {
        try check(ccurl_easy_setopt_pointer(easy, option, pointer))
    }

    private func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(TransportError) {
        try check(ccurl_easy_setopt_pointer(easy, option, pointer))
    }

    private func setBlob(_ option: CURLoption, _ bytes: [UInt8]) throws(TransportError) {
        try check(bytes.withUnsafeBytes { buffer in
            ccurl_easy_setopt_blob(easy, option, buffer.baseAddress, buffer.count)
        })
    }

    private func check(_ code: CURLcode) throws(TransportError) {
        guard code == CURLE_OK else {
            throw .failed(url: job.request.url, message: String(cString: curl_easy_strerror(code)))
        }
    }

    // MARK: Callbacks (loop thread, inside curl_multi_socket_action)

    /// One header line, or the blank line that ends a response head.
    fileprivate func receiveHeaderLine(_ bytes: UnsafeBufferPointer<UInt8>) {
        var line = Substring(decoding: bytes, as: UTF8.self)
        while let last = line.last, last == "\r\n" || last == "\n" || last == "\r" {
            line.removeLast()
        }
        if line.hasPrefix("HTTP/") {
            // A new head (after `100 Continue` or an informational response) replaces the last.
            headers.removeAll()
        } else if line.isEmpty {
            if case .streaming = job.delivery, !headDelivered, responseCode() >= 200 {
                deliverHead()
            }
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon]
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            headers.append(HTTPHeader(String(name), String(value)))
        }
    }

    /// A piece of the body; false asks libcurl to pause the transfer and offer it again later.
    fileprivate func receiveBody(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch job.delivery {
        case .buffered:
            body.append(contentsOf: bytes)
            return true
        case .streaming(_, let buffer):
            if !headDelivered { deliverHead() }
            return buffer.offer(Array(bytes))
        }
    }

    // MARK: Outcome

    /// Whether the failed transfer may be sent again on a new connection: an idempotent request
    /// (GET, HEAD) that libcurl ended with an HTTP/2 error before any response arrived, once.
    ///
    /// An HTTP/2 server closes a connection with GOAWAY, failing the streams it had not answered:
    /// Kubernetes API servers do so on purpose (`--goaway-chance`), and SwiftNIO's server does after
    /// 200 RST_STREAM frames in 30 seconds, which libcurl 7.88 sends (`STREAM_CLOSED`) after every
    /// stream whose END_STREAM comes in an empty DATA frame of its own, as SwiftNIO sends it. Go's
    /// client retries such requests too.
    func mayRetryOnNewConnection(after code: CURLcode) -> Bool {
        guard code == CURLE_HTTP2 || code == CURLE_HTTP2_STREAM, !isRetry, responseCode() == 0 else { return false }
        let method = job.request.method
        return method == .get || method == .head
    }

    /// Completes the transfer after libcurl reported it done with `code`.
    func complete(code: CURLcode) {
        if code == CURLE_OK {
            finish(nil)
            return
        }
        let message = String(cString: errorBuffer)
        finish(TransportError(curlCode: code, message: message, url: job.request.url))
    }

    /// Completes the transfer: with its response when `error` is nil, else with the error. A
    /// stream cancelled by its consumer ends plainly.
    func finish(_ error: TransportError?) {
        switch job.delivery {
        case .buffered(let continuation):
            if let error {
                continuation.resume(returning: .failure(error))
            } else {
                let response = HTTPResponse(status: responseCode(), headers: headersWithInfo(), body: body)
                continuation.resume(returning: .success(response))
            }
        case .streaming(let continuation, let buffer):
            if headDelivered {
                buffer.finish(error == .cancelled ? nil : error)
            } else if let error {
                continuation.resume(returning: .failure(error))
            } else {
                deliverHead()
                buffer.finish(nil)
            }
        }
    }

    private func deliverHead() {
        guard case .streaming(let continuation, _) = job.delivery, !headDelivered else { return }
        headDelivered = true
        continuation.resume(returning: .success(CurlResponseHead(status: responseCode(), headers: headersWithInfo())))
    }

    private func responseCode() -> Int {
        var code = 0
        _ = ccurl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    private func headersWithInfo() -> [HTTPHeader] {
        guard reportsTransferInfo else { return headers }
        var version = 0
        var connects = 0
        _ = ccurl_easy_getinfo_long(easy, CURLINFO_HTTP_VERSION, &version)
        _ = ccurl_easy_getinfo_long(easy, CURLINFO_NUM_CONNECTS, &connects)
        let versionName: String
        switch version {
        case Int(CURL_HTTP_VERSION_1_0): versionName = "1.0"
        case Int(CURL_HTTP_VERSION_1_1): versionName = "1.1"
        case Int(CURL_HTTP_VERSION_2_0): versionName = "2"
        case Int(CURL_HTTP_VERSION_3): versionName = "3"
        default: versionName = "unknown"
        }
        return headers + [
            HTTPHeader(CurlTransport.httpVersionHeader, versionName),
            HTTPHeader(CurlTransport.newConnectionsHeader, String(connects)),
        ]
    }
}

// MARK: C callbacks

/// CURLOPT_HEADERFUNCTION: user data is the unretained `CurlEasyTransfer`.
private let curlHeaderCallback: curl_write_callback = { data, size, count, context in
    guard let data, let context else { return 0 }
    let transfer = Unmanaged<CurlEasyTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    data.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
        transfer.receiveHeaderLine(UnsafeBufferPointer(start: bytes, count: length))
    }
    return length
}

/// CURLOPT_WRITEFUNCTION: user data is the unretained `CurlEasyTransfer`.
private let curlWriteCallback: curl_write_callback = { data, size, count, context in
    guard let data, let context else { return 0 }
    let transfer = Unmanaged<CurlEasyTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    let accepted = data.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
        transfer.receiveBody(UnsafeBufferPointer(start: bytes, count: length))
    }
    return accepted ? length : Int(CURL_WRITEFUNC_PAUSE)
}
