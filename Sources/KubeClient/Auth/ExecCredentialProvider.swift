import Foundation

/// Runs an exec credential plugin when a credential is needed and caches its answer until it expires.
///
/// An actor, because the cache and the one plugin run in flight are state shared by every request;
/// callers that arrive while the plugin runs wait for that run instead of starting another.
actor ExecCredentialProvider {
    private let config: ExecConfig
    private let clock: ClientClock
    private let environment: [String: String]
    private var cached: ExecCredential?
    private var running: Task<Result<ExecCredential, KubeAPIError>, Never>?

    init(config: ExecConfig, clock: ClientClock, environment: [String: String]) {
        self.config = config
        self.clock = clock
        self.environment = environment
    }

    /// A credential that has not expired, running the plugin if there is none.
    func credential() async throws(KubeAPIError) -> ExecCredential {
        if let cached, !cached.isExpired(at: clock.date()) { return cached }
        if let running { return try await running.value.get() }
        let config = config
        let environment = environment
        let task = Task { await Self.obtain(config: config, environment: environment) }
        running = task
        let result = await task.value
        running = nil
        if case .success(let credential) = result { cached = credential }
        return try result.get()
    }

    /// Drops the cached credential after the server refused it, unless another request has already
    /// replaced it (so that a burst of 401s runs the plugin once, not once per request).
    func invalidate(token: String?) {
        guard cached?.token == token else { return }
        cached = nil
    }

    private static func obtain(config: ExecConfig, environment: [String: String]) async -> Result<ExecCredential, KubeAPIError> {
        do throws(KubeAPIError) {
            if config.interactiveMode == "Always" {
                throw .invalidRequest("exec plugin \(config.command): interactiveMode Always needs a terminal, and this client has none")
            }
            let output = try await ExecPluginRunner.run(config, environment: environment)
            if output.timedOut {
                throw .invalidRequest("exec plugin \(config.command): killed after running longer than \(config.timeout)")
            }
            guard output.succeeded else {
                let detail = String(output.stderr.prefix(1024)).trimmingWhitespace()
                let hint = config.installHint.map { "; \($0)" } ?? ""
                throw .invalidRequest(
                    "exec plugin \(config.command): exited with status \(output.status)\(detail.isEmpty ? "" : ": \(detail)")\(hint)")
            }
            let credential = try ExecCredential(output: Array(output.stdout.utf8), config: config)
            guard credential.token != nil else {
                throw .invalidRequest(
                    "exec plugin \(config.command): it returned a client certificate; this client takes tokens from exec plugins, certificates only from the kubeconfig")
            }
            return .success(credential)
        } catch {
            return .failure(error)
        }
    }
}
