public import Foundation
import KubeCore

/// A client of one Kubernetes API server: typed and dynamic reads, writes, patches, server-side
/// apply, deletes, watches and discovery, with authentication, a client-side rate limit and retries.
///
/// A `final class` whose stored properties are all immutable and `Sendable` (the rate limiter and
/// the credential caches guard their own state), so one client is shared freely between tasks and no
/// call hops onto an actor: concurrent requests only meet at the rate limiter's lock.
///
/// Expected flow: build a `ClientConfiguration` (``ClientConfiguration/load(kubeconfig:context:environment:inCluster:)``),
/// a transport for its `tls` (`CurlTransport`), then this client.
///
/// Errors: every call throws `KubeAPIError`; a non-2xx answer becomes the server's `Status` sorted by
/// code and reason.
public final class KubernetesClient: Sendable {
    /// The server, identity and limits this client was made with.
    public let configuration: ClientConfiguration
    let transport: any HTTPTransport
    let authenticator: Authenticator
    let rateLimiter: TokenBucket
    let observer: (any RequestObserver)?
    let clock: ClientClock
    /// A number in 0..<1 for retry jitter; injectable so tests are deterministic.
    let random: @Sendable () -> Double
    private let baseURL: String

    /// - Parameters:
    ///   - transport: sends the requests; made for `configuration.tls`.
    ///   - observer: told of every attempt, for request metrics.
    ///   - clock: time for the rate limit, backoff and credential expiry.
    ///   - environment: the environment exec credential plugins inherit.
    public init(
        configuration: ClientConfiguration, transport: any HTTPTransport, observer: (any RequestObserver)? = nil,
        clock: ClientClock = .system, environment: [String: String] = ProcessInfo.processInfo.environment,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.configuration = configuration
        self.transport = transport
        self.observer = observer
        self.clock = clock
        self.random = random
        authenticator = Authenticator(configuration.credentials, clock: clock, environment: environment)
        rateLimiter = TokenBucket(qps: configuration.qps, burst: configuration.burst, clock: clock)
        var server = configuration.server
        while server.hasSuffix("/") { server.removeLast() }
        baseURL = server
    }

    // MARK: - Requests

    /// One API call before authentication and retries are applied.
    struct APIRequest: Sendable {
        var method: HTTPMethod
        var path: String
        var query = QueryItems()
        var body: [UInt8]? = nil
        var contentType: String? = nil
        /// Nil for a watch, which the server ends.
        var timeout: Duration?
    }

    /// Sends a buffered request and returns its 2xx response.
    func send(_ request: APIRequest) async throws(KubeAPIError) -> HTTPResponse {
        try await withRetries(request) { [transport] (http: HTTPRequest) async throws(TransportError) in
            let response = try await transport.execute(http)
            return (response.status, response, { response })
        }
    }

    /// Sends a streaming request and returns it once a 2xx response head arrived.
    func openStream(_ request: APIRequest) async throws(KubeAPIError) -> HTTPStreamingResponse {
        try await withRetries(request) { [transport] (http: HTTPRequest) async throws(TransportError) in
            let response = try await transport.stream(http)
            return (response.status, response, { await Self.collect(response) })
        }
    }

    /// The attempt loop: rate limit, authentication, one refresh of rotating credentials after a 401,
    /// and retries as `configuration.retry` allows them. `send` returns the status code, the response
    /// and a way to read a failed response whole.
    private func withRetries<Response>(
        _ request: APIRequest,
        send: (HTTPRequest) async throws(TransportError) -> (Int, Response, () async -> HTTPResponse)
    ) async throws(KubeAPIError) -> Response {
        let policy = configuration.retry
        var retries = 0
        var refreshedCredentials = false
        while true {
            do {
                try await rateLimiter.acquire()
            } catch {
                throw .transport(.cancelled)
            }
            let authorization = try await authenticator.authorization()
            let http = httpRequest(for: request, authorization: authorization)
            let start = clock.now()
            let failure: KubeAPIError
            var retryAfter: Duration?
            do {
                let (status, response, readFailure) = try await send(http)
                observer?.requestFinished(RequestRecord(method: request.method, statusCode: status, duration: clock.now() - start))
                if (200..<300).contains(status) { return response }
                let failed = await readFailure()
                retryAfter = failed.header("Retry-After").flatMap(KubeAPIError.parseRetryAfter)
                failure = KubeAPIError(response: failed)
            } catch {
                observer?.requestFinished(RequestRecord(method: request.method, statusCode: nil, duration: clock.now() - start))
                failure = .transport(error)
            }
            if failure.isUnauthorized, !refreshedCredentials, await authenticator.refresh(after: authorization) {
                refreshedCredentials = true
                continue
            }
            if case .tooManyRequests(_, let after) = failure { retryAfter = after }
            guard retries < policy.maxRetries, policy.isRetryable(failure, method: request.method, retryAfter: retryAfter)
            else { throw failure }
            retries += 1
            do {
                try await clock.sleep(policy.delay(retry: retries, retryAfter: retryAfter, random: random()))
            } catch {
                throw .transport(.cancelled)
            }
        }
    }

    private func httpRequest(for request: APIRequest, authorization: String?) -> HTTPRequest {
        var headers = [HTTPHeader("Accept", "application/json"), HTTPHeader("User-Agent", configuration.userAgent)]
        if let authorization { headers.append(HTTPHeader("Authorization", authorization)) }
        if let contentType = request.contentType { headers.append(HTTPHeader("Content-Type", contentType)) }
        return HTTPRequest(
            method: request.method, url: baseURL + request.path + request.query.encoded, headers: headers,
            body: request.body, timeout: request.timeout)
    }

    /// Reads a failed streaming response whole, to decode its Status (which is small).
    private static func collect(_ response: HTTPStreamingResponse) async -> HTTPResponse {
        var body: [UInt8] = []
        do {
            for try await chunk in response.body {
                body.append(contentsOf: chunk)
                if body.count > 1 << 20 { break }
            }
        } catch {
            // A cut-off error body still has its HTTP code, from which a Status is synthesized.
        }
        return HTTPResponse(status: response.status, headers: response.headers, body: body)
    }
}
