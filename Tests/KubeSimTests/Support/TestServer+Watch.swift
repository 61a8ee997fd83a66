import KubeCore

extension TestServer {
    /// Opens a watch at `path` (a collection URL with its query), runs `actions` once the watch is
    /// registered, then closes the server's watches and returns every event the stream carried.
    func watching(_ path: String, during actions: () async throws -> Void = {}) async throws -> [JSONValue] {
        let before = server.openWatches
        let client = self.client
        let reply = Task { try await client.get(path) }
        let opened = try await eventually { server.openWatches > before }
        guard opened else {
            // The watch ended at once (e.g. an ERROR event): its reply is complete.
            return TestHTTPClient.events(try await reply.value)
        }
        try await actions()
        server.dropWatches()
        let events = TestHTTPClient.events(try await reply.value)
        return events
    }
}
