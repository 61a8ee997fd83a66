// The `kubesim` suite: KubeSim (`aifleet dev --apiserver-only --insecure-http`) in its own process, driven
// by raw keep-alive HTTP/1.1 connections on threads of this one (BenchHTTP.swift).
//
// Each write figure comes twice: writes per second of wall time, with the clients sharing the machine's
// cores with the server; and writes per second of KubeSim's own CPU time (read from /proc), which is
// what one core running KubeSim sustains and is far less disturbed by other load on a shared machine.
import Foundation
import Synchronization

enum KubeSimBench {
    static func run() async throws {
        let server = try await BenchProcess.aifleet(["dev", "--apiserver-only", "--insecure-http", "--port", "0"])
        defer { server.stop() }
        let port = try await listeningPort(of: server)
        let watchers = try (0..<10).map { _ in try BenchWatcher(port: port, path: "/api/v1/namespaces/default/configmaps?watch=1") }
        defer { watchers.forEach { $0.stop() } }

        var batch = 0
        func createRate(clients: Int, perClient: Int) throws -> WriteRate {
            batch += 1
            let prefix = "b\(batch)"
            return try writeRate(server: server, watchers: watchers, clients: clients) { client in
                let connection = try BenchConnection(port: port)
                for index in 0..<perClient {
                    let body = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(prefix)-\#(client)-\#(index)"},"data":{"key":"value"}}"#
                    try connection.send("POST", "/api/v1/namespaces/default/configmaps", body: body, expect: 201)
                }
                return perClient
            }
        }
        func updateRate(clients: Int, perClient: Int) throws -> WriteRate {
            batch += 1
            let prefix = "u\(batch)"
            return try writeRate(server: server, watchers: watchers, clients: clients) { client in
                let connection = try BenchConnection(port: port)
                let name = "\(prefix)-\(client)"
                let created = try connection.send(
                    "POST", "/api/v1/namespaces/default/configmaps",
                    body: #"{"metadata":{"name":"\#(name)"},"data":{"n":"0"}}"#, expect: 201)
                var version = BenchConnection.firstString("resourceVersion", in: created) ?? ""
                for index in 1...perClient {
                    let body = #"{"metadata":{"name":"\#(name)","resourceVersion":"\#(version)"},"data":{"n":"\#(index)"}}"#
                    let updated = try connection.send("PUT", "/api/v1/namespaces/default/configmaps/\(name)", body: body, expect: 200)
                    version = BenchConnection.firstString("resourceVersion", in: updated) ?? ""
                }
                return perClient
            }
        }
        // Server-side apply, the only write the operator makes: each client applies its own object with a
        // new value each time, as the operator's field manager does on drift or a spec change.
        func applyRate(clients: Int, perClient: Int) throws -> WriteRate {
            batch += 1
            let prefix = "a\(batch)"
            return try writeRate(server: server, watchers: watchers, clients: clients) { client in
                let connection = try BenchConnection(port: port)
                let name = "\(prefix)-\(client)"
                let path = "/api/v1/namespaces/default/configmaps/\(name)?fieldManager=bench"
                for index in 0..<perClient {
                    let body = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)","labels":{"app":"bench"}},"data":{"n":"\#(index)"}}"#
                    try connection.send(
                        "PATCH", path, body: body, contentType: "application/apply-patch+yaml", expect: index == 0 ? 201 : 200)
                }
                return perClient
            }
        }
        _ = try createRate(clients: 4, perClient: 250)  // warm-up
        try report("creates", clients: 1) { try createRate(clients: 1, perClient: 3_000) }
        try report("creates", clients: 16) { try createRate(clients: 16, perClient: 400) }
        try report("updates", clients: 1) { try updateRate(clients: 1, perClient: 3_000) }
        try report("updates", clients: 16) { try updateRate(clients: 16, perClient: 400) }
        try report("applies", clients: 1) { try applyRate(clients: 1, perClient: 3_000) }
        try report("applies", clients: 16) { try applyRate(clients: 16, perClient: 400) }
        watchers.forEach { $0.stop() }

        // 50,000 objects in their own namespace; memory is KubeSim's RSS growth per object stored.
        let ready = try BenchConnection(port: port)
        try ready.send("POST", "/api/v1/namespaces", body: #"{"metadata":{"name":"big"}}"#, expect: 201)
        let rssBefore = server.residentBytes
        _ = try parallelRate(clients: 16) { client in
            let connection = try BenchConnection(port: port)
            for index in 0..<3_125 {
                let body = #"{"metadata":{"name":"cm-\#(client)-\#(index)","labels":{"app":"bench"}},"data":{"key":"value-\#(index)"}}"#
                try connection.send("POST", "/api/v1/namespaces/big/configmaps", body: body, expect: 201)
            }
            return 3_125
        }
        let rssAfter = server.residentBytes
        let lister = try BenchConnection(port: port)
        report("kubesim.list50k_seconds", try median {
            try seconds { try lister.send("GET", "/api/v1/namespaces/big/configmaps", expect: 200) }
        }, "s")
        report("kubesim.list50k_paged_seconds", try median {
            try seconds {
                var token = ""
                repeat {
                    let page = try lister.send("GET", "/api/v1/namespaces/big/configmaps?limit=500\(token)", expect: 200)
                    let next = BenchConnection.firstString("continue", in: page) ?? ""
                    token = next.isEmpty ? "" : "&continue=\(next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? next)"
                } while !token.isEmpty
            }
        }, "s")
        report("kubesim.bytes_per_object", Double(rssAfter - rssBefore) / 50_000, "bytes")
    }

    /// The port `aifleet dev` printed it listens on.
    private static func listeningPort(of server: BenchProcess) async throws -> UInt16 {
        let banner = "KubeSim listening on http://127.0.0.1:"
        try await server.waitFor(banner, seconds: 30)
        let digits = server.printed.components(separatedBy: banner).dropFirst().first?.prefix { $0.isNumber } ?? ""
        guard let port = UInt16(digits) else { throw BenchFailure("no port in: \(server.printed.prefix(300))") }
        return port
    }

    /// A write figure: per second of wall time, and per second of the server's CPU time.
    private struct WriteRate {
        var perSecond: Double
        var perServerCPUSecond: Double
    }

    /// Runs `clients` writers while the watchers stream; fails if the server dropped a watcher, as the
    /// figure would then not include its share of the work.
    private static func writeRate(
        server: BenchProcess, watchers: [BenchWatcher], clients: Int, _ work: @escaping @Sendable (Int) throws -> Int
    ) throws -> WriteRate {
        let cpuBefore = server.cpuSeconds
        let clock = ContinuousClock()
        let start = clock.now
        let operations = try parallelOperations(clients: clients, work)
        let elapsed = seconds(clock.now - start)
        let cpu = server.cpuSeconds - cpuBefore
        guard watchers.allSatisfy(\.isOpen) else { throw BenchFailure("KubeSim closed a watcher that fell behind") }
        return WriteRate(perSecond: Double(operations) / elapsed, perServerCPUSecond: Double(operations) / max(cpu, 0.01))
    }

    /// Prints `kubesim.OPERATION_per_s.cN` and `kubesim.OPERATION_per_server_cpu_s.cN`, each the median
    /// of five runs.
    private static func report(_ operation: String, clients: Int, _ run: () throws -> WriteRate) throws {
        var rates: [WriteRate] = []
        for _ in 0..<5 { rates.append(try run()) }
        report("kubesim.\(operation)_per_s.c\(clients)", rates.map(\.perSecond).sorted()[2], "ops/s")
        report("kubesim.\(operation)_per_server_cpu_s.c\(clients)", rates.map(\.perServerCPUSecond).sorted()[2], "ops/s")
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

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func seconds(_ body: () throws -> Void) throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        return seconds(clock.now - start)
    }

    /// Runs `clients` threads; returns the total operations they report per second of wall time.
    private static func parallelRate(clients: Int, _ work: @escaping @Sendable (Int) throws -> Int) throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        let operations = try parallelOperations(clients: clients, work)
        return Double(operations) / seconds(clock.now - start)
    }

    /// Runs `clients` threads and returns the sum of the operations they report.
    private static func parallelOperations(clients: Int, _ work: @escaping @Sendable (Int) throws -> Int) throws -> Int {
        let group = DispatchGroup()
        let results = BenchResults()
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
        if let error = results.error { throw error }
        return results.total
    }
}

/// Counts the operations of the client threads and keeps the first failure.
private final class BenchResults: Sendable {
    private struct Tally {
        var sum = 0
        var firstError: (any Error)?
    }

    private let tally = Mutex(Tally())

    func add(_ count: Int) { tally.withLock { $0.sum += count } }
    func fail(_ error: any Error) { tally.withLock { if $0.firstError == nil { $0.firstError = error } } }
    var total: Int { tally.withLock { $0.sum } }
    var error: (any Error)? { tally.withLock { $0.firstError } }
}
