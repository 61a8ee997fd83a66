import Synchronization

/// A named set of health checks, served as `/healthz` (liveness) or `/readyz` (readiness) with
/// controller-runtime's (and the API server's) text format.
///
/// Checks can be added at any time (the manager adds "caches synced" once it has informers); a name
/// added twice keeps the later check.
public final class HealthChecks: Sendable {
    /// A check: true when healthy. It should answer quickly; the probe waits for it.
    public typealias Check = @Sendable () async -> Bool

    /// The path the checks are served on, e.g. `/readyz`; also names them in messages.
    public let path: String
    private let checks = Mutex<[String: Check]>([:])

    public init(path: String) {
        self.path = path
    }

    /// Adds (or replaces) the check called `name`.
    public func add(_ name: String, _ check: @escaping Check) {
        checks.withLock { $0[name] = check }
    }

    /// The names of the checks, sorted.
    public var names: [String] {
        checks.withLock { $0.keys.sorted() }
    }

    /// The outcome of a probe: an HTTP status and a plain-text body.
    struct Answer: Equatable {
        var status: Int
        var body: String
    }

    /// Runs every check but the `excluded` ones, in name order.
    ///
    /// 200 `ok` when all pass; otherwise 500 with one line per check, `[+]name ok` or
    /// `[-]name failed: reason withheld` (the endpoint is public, so no details), then
    /// `<name> check failed`. `verbose` lists the checks on success too.
    func aggregate(excluding excluded: Set<String>, verbose: Bool) async -> Answer {
        let all = checks.withLock { $0 }.sorted { $0.key < $1.key }
        var lines: [String] = []
        var failed = false
        for (name, check) in all {
            if excluded.contains(name) {
                lines.append("[+]\(name) excluded: ok")
            } else if await check() {
                lines.append("[+]\(name) ok")
            } else {
                lines.append("[-]\(name) failed: reason withheld")
                failed = true
            }
        }
        if !failed && !verbose { return Answer(status: 200, body: "ok") }
        if all.isEmpty { lines.append("[+]ping ok") }
        let unknown = excluded.subtracting(all.map(\.key)).sorted()
        if !unknown.isEmpty {
            let quoted = unknown.map { "\"\($0)\"" }.joined(separator: ",")
            lines.append("warn: some health checks cannot be excluded: no matches for \(quoted)")
        }
        let kind = path.hasPrefix("/") ? String(path.dropFirst()) : path
        lines.append(failed ? "\(kind) check failed" : "\(kind) check passed")
        return Answer(status: failed ? 500 : 200, body: lines.joined(separator: "\n") + "\n")
    }

    /// Runs the one check called `name`: 200 `ok`, 500 when it fails, 404 when there is none.
    func single(_ name: String) async -> Answer {
        guard let check = checks.withLock({ $0[name] }) else {
            return Answer(status: 404, body: "no health check named \(name)\n")
        }
        guard await check() else { return Answer(status: 500, body: "internal server error: \(name) check failed\n") }
        return Answer(status: 200, body: "ok")
    }
}
