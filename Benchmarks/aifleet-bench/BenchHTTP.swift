// Raw keep-alive HTTP/1.1 clients for the `kubesim` suite: blocking sockets on their own threads, as
// cheap as a client can be, so that the machine's cores go to the server being measured.
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One keep-alive HTTP/1.1 connection to 127.0.0.1, used by one thread with blocking I/O.
final class BenchConnection {
    private let socket: Int32
    private var buffer: [UInt8] = []

    init(port: UInt16) throws {
        socket = try Self.connect(port: port)
    }

    deinit { close(socket) }

    static func connect(port: UInt16) throws -> Int32 {
        let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw BenchFailure("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            throw BenchFailure("connect() to port \(port) failed")
        }
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return descriptor
    }

    static func write(_ socket: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw BenchFailure("send() failed") }
            offset += sent
        }
    }

    /// Sends a request and returns the response body; throws unless the status is `expect`.
    @discardableResult
    func send(
        _ method: String, _ path: String, body: String? = nil, contentType: String = "application/json", expect: Int
    ) throws -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
        if let body { head += "Content-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\n" }
        try Self.write(socket, Array((head + "\r\n" + (body ?? "")).utf8))
        let (status, payload) = try readResponse()
        guard status == expect else {
            throw BenchFailure("\(method) \(path): \(status) \(String(decoding: payload.prefix(300), as: UTF8.self))")
        }
        return payload
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw BenchFailure("connection closed") }
        buffer.append(contentsOf: chunk[0..<count])
    }

    private func readResponse() throws -> (Int, [UInt8]) {
        var searched = 0
        var headEnd: Int?
        while headEnd == nil {
            while headEnd == nil, searched + 4 <= buffer.count {
                if buffer[searched] == 13, buffer[searched + 1] == 10, buffer[searched + 2] == 13, buffer[searched + 3] == 10 {
                    headEnd = searched
                }
                searched += 1
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
        if head.contains("transfer-encoding: chunked") { throw BenchFailure("chunked responses are not expected here") }
        while buffer.count < end + 4 + length { try fill() }
        let body = Array(buffer[(end + 4)..<(end + 4 + length)])
        buffer.removeFirst(end + 4 + length)
        return (status, body)
    }

    /// The first string member `name` in a JSON body (such as `resourceVersion` or `continue`),
    /// found without parsing the body: the client's CPU is the server's on this machine.
    static func firstString(_ name: String, in body: [UInt8]) -> String? {
        let needle = Array("\"\(name)\":\"".utf8)
        guard body.count >= needle.count else { return nil }
        for start in 0...(body.count - needle.count) where body[start] == needle[0] {
            guard body[start..<(start + needle.count)].elementsEqual(needle) else { continue }
            let valueStart = start + needle.count
            guard let valueEnd = body[valueStart...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            return String(decoding: body[valueStart..<valueEnd], as: UTF8.self)
        }
        return nil
    }
}

/// An open watch whose events are read and dropped on its own thread, until `stop`.
final class BenchWatcher: Sendable {
    private let socket: Int32
    private let ended = Atomic<Bool>(false)

    init(port: UInt16, path: String) throws {
        socket = try BenchConnection.connect(port: port)
        try BenchConnection.write(socket, Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8))
        Thread.detachNewThread { [self] in
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while chunk.withUnsafeMutableBytes({ recv(socket, $0.baseAddress, $0.count, 0) }) > 0 {}
            ended.store(true, ordering: .relaxed)
        }
    }

    /// Whether the server ended the watch (it closes one that falls too far behind).
    var isOpen: Bool { !ended.load(ordering: .relaxed) }

    func stop() {
        shutdown(socket, Int32(SHUT_RDWR))
    }
}
