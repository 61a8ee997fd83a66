/// The seam between the Kubernetes API layer and the wire: one HTTP exchange at a time, buffered or
/// streamed. `CurlTransport` is the production implementation; tests may substitute their own.
public protocol HTTPTransport: Sendable {
    /// Sends a request and returns the whole response once its body has arrived.
    ///
    /// Cancelling the calling task aborts the transfer and throws `TransportError.cancelled`.
    func execute(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse

    /// Sends a request and returns as soon as the response head has arrived; the body follows as
    /// chunks in the order they were received.
    ///
    /// Guarantees: the stream finishes when the server ends the body, throws a `TransportError` if
    /// the transfer fails, and ends without an error when the consumer stops iterating or its task is
    /// cancelled — in which case the transfer is aborted and its connection closed, so the server
    /// sees the stream end (a watch is not left open on the API server).
    func stream(_ request: HTTPRequest) async throws(TransportError) -> HTTPStreamingResponse
}

/// An HTTP method the Kubernetes API uses.
public enum HTTPMethod: String, Sendable, Hashable {
    case get = "GET"
    case post = "POST"
    case put = "PUT"
    case patch = "PATCH"
    case delete = "DELETE"
    case head = "HEAD"
}

/// One header line. Names compare case-insensitively wherever they are looked up.
public struct HTTPHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// An absolute URL, e.g. `https://10.0.0.1:6443/api/v1/namespaces/default/pods?limit=500`.
    public var url: String
    public var headers: [HTTPHeader]
    public var body: [UInt8]?
    /// Limit on the whole exchange, body included; nil for none (watches, which the server ends).
    public var timeout: Duration?

    public init(
        method: HTTPMethod, url: String, headers: [HTTPHeader] = [], body: [UInt8]? = nil,
        timeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [HTTPHeader]
    public var body: [UInt8]

    public init(status: Int, headers: [HTTPHeader], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the first header named `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

public struct HTTPStreamingResponse: Sendable {
    public var status: Int
    public var headers: [HTTPHeader]
    public var body: AsyncThrowingStream<[UInt8], any Error>

    public init(status: Int, headers: [HTTPHeader], body: AsyncThrowingStream<[UInt8], any Error>) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// TLS settings of a connection to the API server, as a kubeconfig cluster and user give them.
public struct TLSOptions: Sendable, Hashable {
    /// PEM of the certificate authorities to trust; nil trusts the system's store.
    public var certificateAuthorityPEM: [UInt8]?
    /// PEM of the client certificate and its private key, for client-certificate authentication.
    public var clientCertificatePEM: [UInt8]?
    public var clientKeyPEM: [UInt8]?
    /// Skips verification of the server's certificate and name (kubeconfig `insecure-skip-tls-verify`).
    public var insecureSkipVerify: Bool
    /// The name to verify the server's certificate against, when it differs from the URL's host
    /// (kubeconfig `tls-server-name`).
    public var serverName: String?

    public init(
        certificateAuthorityPEM: [UInt8]? = nil, clientCertificatePEM: [UInt8]? = nil,
        clientKeyPEM: [UInt8]? = nil, insecureSkipVerify: Bool = false, serverName: String? = nil
    ) {
        self.certificateAuthorityPEM = certificateAuthorityPEM
        self.clientCertificatePEM = clientCertificatePEM
        self.clientKeyPEM = clientKeyPEM
        self.insecureSkipVerify = insecureSkipVerify
        self.serverName = serverName
    }
}

/// A failure below HTTP: no response was received, or it was cut short.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server could not be reached (refused, unresolvable, unreachable).
    case connectFailed(url: String, message: String)
    /// The connect or request timeout passed.
    case timedOut(url: String, message: String)
    /// The TLS handshake failed (an untrusted certificate, a name mismatch, a refused client certificate).
    case tls(url: String, message: String)
    /// The calling task was cancelled.
    case cancelled
    /// The transport is shut down and takes no more requests.
    case shutDown
    /// Any other failure, with libcurl's description.
    case failed(url: String, message: String)

    public var description: String {
        switch self {
        case .connectFailed(let url, let message): return "cannot connect to \(url): \(message)"
        case .timedOut(let url, let message): return "timed out talking to \(url): \(message)"
        case .tls(let url, let message): return "TLS failure with \(url): \(message)"
        case .cancelled: return "request cancelled"
        case .shutDown: return "the HTTP transport is shut down"
        case .failed(let url, let message): return "request to \(url) failed: \(message)"
        }
    }
}
