import KubeClient
import KubeSim

/// Runs `body` against a fresh in-process KubeSim server, with a client that is not rate-limited and
/// does not retry (tests of timing must see failures as they happen).
func withKubeSim(
    observer: (any RequestObserver)? = nil, _ body: (KubeSimServer, KubernetesClient) async throws -> Void
) async throws {
    var configuration = KubeSimConfiguration()
    configuration.simulatedStatusDelay = nil
    let server = try await KubeSimServer.start(configuration)
    do {
        var clientConfiguration = ClientConfiguration(server: server.url, qps: 0)
        clientConfiguration.retry.maxRetries = 0
        let client = try KubernetesClient(configuration: clientConfiguration, observer: observer)
        try await body(server, client)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}

/// Checks `condition` every 5 ms until it holds or `timeout` has passed, for states that other tasks
/// reach through a real server (this waits; it measures nothing).
/// - Returns: whether the condition held.
func waitUntil(timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return try await condition()
}

/// Suspends until the task is cancelled (leading work that runs until told to stop).
func waitForCancellation() async {
    // A day is "forever" here; cancellation ends the sleep at once.
    try? await Task.sleep(for: .seconds(86_400))
}
