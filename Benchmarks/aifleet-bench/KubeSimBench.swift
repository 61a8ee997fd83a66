// The `kubesim` suite: KubeSim's write throughput while watches stream, large lists, and memory per
// stored object. Clients are raw keep-alive HTTP/1.1 connections on their own threads, so the figures
// measure the server, not a client library.
import Foundation
import KubeCore
import KubeSim
#if canImport(Glibc)
import Glibc
#endif

enum KubeSimBench {
    static func run() async throws {
        var configuration = KubeSimConfiguration()
        configuration.simulatedStatusDelay = nil
        configuration.watchBufferCapacity = 1_000_000
        let server = try await KubeSimServer.start(configuration)
        let port = UInt16(server.port)
        let watchers = (0..<10).map { _ in BenchWatcher(port: port, path: "/api/v1/namespaces/default/configmaps?watch=1") }
        var batch = 0
        func createRate(clients: Int, perClient: Int) throws -> Double {
            batch += 1
            let prefix = "b\(batch)"
            return try parallelRate(clients: clients) { client in
                let connection = try BenchConnection(port: port)
                for index in 0..<perClient {
                    let body = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(prefix)-\#(client)-\#(index)"},"data":{"key":"value"}}"#
                    _ = try connection.send("POST", "/api/v1/namespaces/default/configmaps", body: body, expect: 201)
                }
                return perClient
            }
        }
        func updateRate(clients: Int, perClient: Int) throws -> Double {
            batch += 1
            let prefix = "u\(batch)"
            return try parallelRate(clients: clients) { client in
                let connection = try BenchConnection(port: port)
                let name = "\(prefix)-\(client)"
                let created = try connection.send(
                    "POST", "/api/v1/namespaces/default/configmaps",
                    body: #"{"metadata":{"name":"\#(name)"},"data":{"n":"0"}}"#, expect: 201)
                var version = created[path: "metadata", "resourceVersion"]?.stringValue ?? ""
                for index in 1...perClient {
                    let body = #"{"metadata":{"name":"\#(name)","resourceVersion":"\#(version)"},"data":{"n":"\#(index)"}}"#
                    let updated = try connection.send("PUT", "/api/v1/namespaces/default/configmaps/\(name)", body: body, expect: 200)
                    version = updated[path: "metadata", "resourceVersion"]?.stringValue ?? ""
                }
                return perClient
            }
        }
        _ = try createRate(clients: 4, perClient: 200)  // warm-up
        report("kubesim.creates_per_s.c1", try median { try createRate(clients: 1, perClient: 2_000) }, "ops/s")
        report("kubesim.creates_per_s.c16", try median { try createRate(clients: 16, perClient: 250) }, "ops/s")
        report("kubesim.updates_per_s.c1", try median { try updateRate(clients: 1, perClient: 2_000) }, "ops/s")
        report("kubesim.updates_per_s.c16", try median { try updateRate(clients: 16, perClient: 250) }, "ops/s")
        watchers.forEach { $0.stop() }

        // 50,000 objects in their own namespace; memory is the RSS growth per object stored.
        let ready = try BenchConnection(port: port)
        _ = try ready.send("POST", "/api/v1/namespaces", body: #"{"metadata":{"name":"big"}}"#, expect: 201)
        let rssBefore = residentBytes()
        _ = try parallelRate(clients: 16) { client in
            let connection = try BenchConnection(port: port)
            for index in 0..<3_125 {
                let body = #"{"metadata":{"name":"cm-\#(client)-\#(index)","labels":{"app":"bench"}},"data":{"key":"value-\#(index)"}}"#
                _ = try connection.send("POST", "/api/v1/namespaces/big/configmaps", body: body, expect: 201)
            }
            return 3_125
        }
        let rssAfter = residentBytes()
        let lister = try BenchConnection(port: port)
        report("kubesim.list50k_seconds", try median {
            try seconds { _ = try lister.send("GET", "/api/v1/namespaces/big/configmaps", expect: 200, parse: false) }
        }, "s")
        report("kubesim.list50k_paged_seconds", try median {
            try seconds {
                var token = ""
                repeat {
                    let page = try lister.send("GET", "/api/v1/namespaces/big/configmaps?limit=500\(token)", expect: 200)
                    let next = page[path: "metadata", "continue"]?.stringValue ?? ""
                    token = next.isEmpty ? "" : "&continue=\(next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? next)"
                } while !token.isEmpty
            }
        }, "s")
        report("kubesim.bytes_per_object", Double(rssAfter - rssBefore) / 50_000, "bytes")
        await server.stop()
    }

    private static func report(_ name: String, _ value: Double, _ unit: String) {
        print("\(name) \(String(format: "%.3f", value)) \(unit)")
    }

    /// The median of five runs.
    private static func median(_ run: () throws -> Double) throws -> Double {
        var values: [Double] = []
        for _ in 0..<5 { values.append(try run()) }
        return values.sorted()[2]
    }

    private static func seconds(_ body: () throws -> Void) throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        let elapsed = clock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Runs `clients` threads; returns the total operations they report per second of wall time.
    private static func parallelRate(clients: Int, _ work: @escaping @Sendable (Int) throws -> Int) throws -> Double {
        let group = DispatchGroup()
        let results = BenchResults()
        let clock = ContinuousClock()
        let start = clock.now
        for client in 0..<clients {
            group.enter()
            Thread.detachNewThread {
                do {
                    results.add(try work(client))
                } catch {
                    results.fail(error)
                }
                group.leave()
            }
        }
        group.wait()
        let elapsed = clock.now - start
        if let error = results.error { throw error }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(results.total) / seconds
    }

    private static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}

/// Counts the operations of the client threads and keeps the first failure.
private final class BenchResults: @unchecked Sendable {
    // @unchecked: every access is under `lock`.
    private let lock = NSLock()
    private var sum = 0
    private var firstError: (any Error)?

    func add(_ count: Int) { lock.withLock { sum += count } }
    func fail(_ error: any Error) { lock.withLock { if firstError == nil { firstError = error } } }
    var total: Int { lock.withLock { sum } }
    var error: (any Error)? { lock.withLock { firstError } }
}

private struct BenchError: Error, CustomStringConvertible {
    var description: String
}

/// One keep-alive HTTP/1.1 connection to 127.0.0.1, used by one thread with blocking I/O.
private final class BenchConnection {
    private let socket: Int32
    private var buffer: [UInt8] = []

    init(port: UInt16) throws {
        socket = try Self.connect(port: port)
    }

    deinit { close(socket) }

    static func connect(port: UInt16) throws -> Int32 {
        let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw BenchError(description: "socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw BenchError(description: "connect() to port \(port) failed") }
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return descriptor
    }

    static func write(_ socket: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw BenchError(description: "send() failed") }
            offset += sent
        }
    }

    /// Sends a request and reads the whole response; throws unless the status is `expect`.
    @discardableResult
    func send(_ method: String, _ path: String, body: String? = nil, expect: Int, parse: Bool = true) throws -> JSONValue {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
        try Self.write(socket, Array((head + "\r\n" + (body ?? "")).utf8))
        let (status, payload) = try readResponse()
        guard status == expect else {
            throw BenchError(description: "\(method) \(path): \(status) \(String(decoding: payload.prefix(300), as: UTF8.self))")
        }
        return parse ? (try JSONValue(parsing: payload)) : .null
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw BenchError(description: "connection closed") }
        buffer.append(contentsOf: chunk[0..<count])
    }

    private func readResponse() throws -> (Int, [UInt8]) {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while headEnd == nil {
            if buffer.count >= 4 {
                headEnd = (0...(buffer.count - 4)).first { Array(buffer[$0..<($0 + 4)]) == separator }
            }
            if headEnd == nil { try fill() }
        }
        let end = headEnd ?? 0
        let head = String(decoding: buffer[0..<end], as: UTF8.self).lowercased()
        let lines = head.split(separator: "\r\n")
        let status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        var length = 0
        for line in lines where line.hasPrefix("content-length:") {
            length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        if head.contains("transfer-encoding: chunked") { throw BenchError(description: "chunked responses are not expected here") }
        while buffer.count < end + 4 + length { try fill() }
        let body = Array(buffer[(end + 4)..<(end + 4 + length)])
        buffer.removeFirst(end + 4 + length)
        return (status, body)
    }
}

/// An open watch whose events are read and dropped on its own thread, until `stop`.
private final class BenchWatcher: @unchecked Sendable {
    // @unchecked: `socket` is set once in init; the reader thread only reads from it.
    private let socket: Int32

    init(port: UInt16, path: String) {
        socket = (try? BenchConnection.connect(port: port)) ?? -1
        let socket = self.socket
        try? BenchConnection.write(socket, Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8))
        Thread.detachNewThread {
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while chunk.withUnsafeMutableBytes({ recv(socket, $0.baseAddress, $0.count, 0) }) > 0 {}
        }
    }

    func stop() {
        shutdown(socket, Int32(SHUT_RDWR))
    }
}
