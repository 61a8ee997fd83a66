extension CurlTransport {
    /// How a ``CurlTransport`` connects, identifies itself and buffers streamed bodies.
    ///
    /// TLS settings belong to the transport rather than to a request, because libcurl shares
    /// connections between requests: one transport talks to one API server with one identity.
    public struct Configuration: Sendable {
        /// Limit on establishing a connection (TCP connect plus TLS handshake). Default: 30 seconds,
        /// client-go's dial timeout.
        public var connectTimeout: Duration
        /// The `User-Agent` header sent with every request. Default: `"aifleet"`.
        public var userAgent: String
        /// How many HTTP/2 streams libcurl may open on one connection before it opens another.
        /// Default: 1000. libcurl's own default (100) makes the 101st concurrent watch open a new
        /// connection; API servers allow 250 streams per connection (`--http2-max-streams-per-connection`
        /// defaults to the Go server's 250, capped by what the client asks for).
        public var maxConcurrentStreams: Int
        /// Certificate authorities, client certificate and server-name settings. Default: trust the
        /// system's certificate store, no client certificate.
        public var tls: TLSOptions
        /// Bytes of a streamed body held for a consumer that has not read them yet; past this the
        /// transfer is paused until the consumer has read half of them. Default: 1 MiB.
        public var streamBufferBytes: Int
        /// Appends the headers ``CurlTransport/httpVersionHeader`` and
        /// ``CurlTransport/newConnectionsHeader`` to every response, describing how libcurl carried
        /// it. Default: `false`. Meant for tests and benchmarks that check connection reuse.
        public var reportsTransferInfo: Bool

        public init(
            connectTimeout: Duration = .seconds(30), userAgent: String = "aifleet",
            maxConcurrentStreams: Int = 1000, tls: TLSOptions = TLSOptions(),
            streamBufferBytes: Int = 1 << 20, reportsTransferInfo: Bool = false
        ) {
            self.connectTimeout = connectTimeout
            self.userAgent = userAgent
            self.maxConcurrentStreams = maxConcurrentStreams
            self.tls = tls
            self.streamBufferBytes = streamBufferBytes
            self.reportsTransferInfo = reportsTransferInfo
        }
    }

    /// The synthesized header carrying the negotiated HTTP version (`1.1`, `2`) when
    /// ``Configuration/reportsTransferInfo`` is on.
    public static let httpVersionHeader = "X-Transport-HTTP-Version"
    /// The synthesized header carrying how many new connections the request had to open (`0` when it
    /// reused one) when ``Configuration/reportsTransferInfo`` is on.
    public static let newConnectionsHeader = "X-Transport-New-Connections"
}

extension Duration {
    /// Whole milliseconds, rounded up so a tiny positive duration never becomes "no limit" (0).
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        let millis = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return max(1, Int(clamping: millis))
    }
}
