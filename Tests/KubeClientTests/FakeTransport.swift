import Foundation
import KubeClient
import KubeCore
import Synchronization

/// An `HTTPTransport` that records every request and answers from a script, in order.
final class FakeTransport: HTTPTransport {
    enum Reply: Sendable {
        case response(status: Int, headers: [KubeClient.HTTPHeader], body: [UInt8])
        /// A streamed body cut into these chunks.
        case stream(status: Int, chunks: [[UInt8]])
        case failure(TransportError)
    }

    private let state = Mutex<(replies: [Reply], requests: [HTTPRequest])>(([], []))

    init(_ replies: [Reply] = []) {
        state.withLock { $0.replies = replies }
    }

    var requests: [HTTPRequest] { state.withLock { $0.requests } }

    func enqueue(_ reply: Reply) {
        state.withLock { $0.replies.append(reply) }
    }

    private func next(_ request: HTTPRequest) -> Reply {
        state.withLock { state in
            state.requests.append(request)
            guard !state.replies.isEmpty else {
                return .failure(.failed(url: request.url, message: "no scripted reply left"))
            }
            return state.replies.removeFirst()
        }
    }

    func execute(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        switch next(request) {
        case .response(let status, let headers, let body):
            return HTTPResponse(status: status, headers: headers, body: body)
        case .stream(let status, let chunks):
            return HTTPResponse(status: status, headers: [], body: chunks.flatMap { $0 })
        case .failure(let error):
            throw error
        }
    }

    func stream(_ request: HTTPRequest) async throws(TransportError) -> HTTPStreamingResponse {
        switch next(request) {
        case .response(let status, let headers, let body):
            return HTTPStreamingResponse(status: status, headers: headers, body: Self.body([body]))
        case .stream(let status, let chunks):
            return HTTPStreamingResponse(status: status, headers: [], body: Self.body(chunks))
        case .failure(let error):
            throw error
        }
    }

    private static func body(_ chunks: [[UInt8]]) -> AsyncThrowingStream<[UInt8], any Error> {
        AsyncThrowingStream { continuation in
            for chunk in chunks { continuation.yield(chunk) }
            continuation.finish()
        }
    }
}

extension FakeTransport.Reply {
    /// A 200 (or other) answer with a JSON body.
    static func json(_ value: JSONValue, status: Int = 200, headers: [KubeClient.HTTPHeader] = []) -> Self {
        .response(status: status, headers: headers + [KubeClient.HTTPHeader("Content-Type", "application/json")], body: value.serialized())
    }

    /// A failure answered with a Status body.
    static func status(_ code: Int, reason: String, message: String = "failed", headers: [KubeClient.HTTPHeader] = [], details: JSONValue? = nil) -> Self {
        var status: JSONValue = [
            "apiVersion": "v1", "kind": "Status", "metadata": [:], "status": "Failure",
            "message": .string(message), "reason": .string(reason), "code": .int(Int64(code)),
        ]
        if let details { status["details"] = details }
        return .json(status, status: code, headers: headers)
    }
}

extension HTTPRequest {
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var bodyJSON: JSONValue? { body.flatMap { try? JSONValue(parsing: $0) } }
}

/// A clock that only moves when a sleep asks it to, recording every sleep.
final class VirtualClock: Sendable {
    private let state = Mutex<(now: Duration, date: Date, sleeps: [Duration])>((.zero, Date(timeIntervalSince1970: 1_700_000_000), []))

    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    func advance(_ duration: Duration) {
        state.withLock {
            $0.now += duration
            $0.date += TimeInterval(duration.components.seconds)
        }
    }

    var clock: ClientClock {
        ClientClock(
            now: { self.state.withLock { $0.now } },
            date: { self.state.withLock { $0.date } },
            sleep: { duration in
                self.state.withLock { $0.sleeps.append(duration) }
                self.advance(duration)
            })
    }
}

/// Counts what a `RequestObserver` sees.
final class RecordingObserver: RequestObserver {
    private let state = Mutex<[RequestRecord]>([])
    var records: [RequestRecord] { state.withLock { $0 } }
    func requestFinished(_ record: RequestRecord) { state.withLock { $0.append(record) } }
}

func makeClient(
    _ transport: FakeTransport, credentials: Credentials = .none, qps: Double = 0, retry: RetryPolicy = RetryPolicy(jitter: 0),
    clock: VirtualClock = VirtualClock(), observer: RecordingObserver? = nil, environment: [String: String] = [:]
) -> KubernetesClient {
    let configuration = ClientConfiguration(
        server: "https://api.example:6443/", credentials: credentials, namespace: "team-a", qps: qps, burst: 2,
        userAgent: "aifleet/test (linux/amd64) kubeclient", retry: retry)
    return KubernetesClient(
        configuration: configuration, transport: transport, observer: observer, clock: clock.clock,
        environment: environment, random: { 0 })
}

/// A temporary directory removed when the test ends.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "kubeclient-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String, executable: Bool = false) throws -> String {
        let file = "\(path)/\(name)"
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file) }
        return file
    }
}
