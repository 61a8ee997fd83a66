import Hummingbird

/// The routes of ``TestHTTPServer``:
/// - `/echo` (GET, POST, PUT, PATCH, DELETE): the request body back, with `x-echo-method`,
///   `x-echo-body-length` and every request header `NAME` as `x-echo-NAME`.
/// - `GET /small`: ``TestHTTPServer/smallBody``.
/// - `GET /slow?interval_ms=20&count=1000`: a line `tick N` every `interval_ms` until `count` lines,
///   or until the client goes away, which ``TestServerStats/slowStreamsEndedByClient`` counts.
/// - `GET /delay?ms=500`: `done` after `ms` milliseconds.
/// - `GET /big?bytes=N`: N bytes (`x` repeated), written in 64 KiB pieces.
/// - `GET /status?code=N`: an empty response with status N.
enum TestServerRoutes {
    static func router(stats: TestServerStats) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
            router.on("/echo", method: method) { request, _ in
                try await echo(request)
            }
        }
        router.get("/small") { _, _ in
            Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: TestHTTPServer.smallBody)))
        }
        router.get("/slow") { request, _ in
            slow(
                interval: .milliseconds(request.uri.queryParameters.get("interval_ms", as: Int.self) ?? 20),
                count: request.uri.queryParameters.get("count", as: Int.self) ?? 1000, stats: stats)
        }
        router.get("/delay") { request, _ in
            let delay = Duration.milliseconds(request.uri.queryParameters.get("ms", as: Int.self) ?? 500)
            let deadline = ContinuousClock.now + delay
            // In short steps, so a stopping server need not wait out the whole delay.
            while ContinuousClock.now < deadline, !stats.isStopping {
                try await Task.sleep(for: min(.milliseconds(10), ContinuousClock.now.duration(to: deadline)))
            }
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "done")))
        }
        router.get("/big") { request, _ in
            big(bytes: request.uri.queryParameters.get("bytes", as: Int.self) ?? 1 << 20)
        }
        router.get("/status") { request, _ in
            Response(status: .init(code: request.uri.queryParameters.get("code", as: Int.self) ?? 200))
        }
        return router
    }

    private static func echo(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: 64 << 20)
        var headers = HTTPFields()
        headers.append(field("x-echo-method", request.method.rawValue))
        headers.append(field("x-echo-body-length", String(body.readableBytes)))
        for header in request.headers {
            headers.append(field("x-echo-\(header.name.canonicalName)", header.value))
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    /// `HTTPField` (HTTPTypes is re-exported by Hummingbird only as `HTTPFields`).
    private typealias Field = HTTPFields.Element

    private static func field(_ name: String, _ value: String) -> Field {
        // Every name built here is a valid token: a fixed prefix and a name the parser accepted.
        Field(name: Field.Name(name) ?? .contentType, value: value)
    }

    private static func slow(interval: Duration, count: Int, stats: TestServerStats) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain"],
            body: ResponseBody { writer in
                stats.slowStreamStarted()
                do {
                    for index in 0..<count where !stats.isStopping {
                        try await writer.write(ByteBuffer(string: "tick \(index)\n"))
                        try await Task.sleep(for: interval)
                    }
                } catch {
                    stats.slowStreamEndedByClient()
                    throw error
                }
                try await writer.finish(nil)
            })
    }

    private static func big(bytes: Int) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/octet-stream"],
            body: ResponseBody(contentLength: bytes) { writer in
                let piece = ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 << 10)
                var remaining = bytes
                while remaining > 0 {
                    let size = min(remaining, piece.readableBytes)
                    try await writer.write(piece.getSlice(at: 0, length: size) ?? piece)
                    remaining -= size
                }
                try await writer.finish(nil)
            })
    }
}
