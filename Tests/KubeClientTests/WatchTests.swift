import KubeClient
import KubeCore
import Testing

@Suite("Watch streams")
struct WatchTests {
    static let events = """
        {"type":"ADDED","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a","resourceVersion":"11"},"data":{"emoji":"🚀"}}}
        {"type":"MODIFIED","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a","resourceVersion":"12"}}}
        {"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"13","annotations":{"k8s.io/initial-events-end":"true"}}}}
        {"type":"DELETED","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a","resourceVersion":"14"}}}
        {"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1 (14)","reason":"Expired","code":410}}

        """

    /// Splits the bytes at every given offset.
    static func chunks(_ bytes: [UInt8], cuts: [Int]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var start = 0
        for cut in cuts.sorted() where cut > start && cut < bytes.count {
            result.append(Array(bytes[start..<cut]))
            start = cut
        }
        result.append(Array(bytes[start...]))
        return result
    }

    static func describe(_ event: WatchEvent<ConfigMap>) -> String {
        switch event {
        case .added(let object): return "ADDED \(object.metadata.resourceVersion ?? "")"
        case .modified(let object): return "MODIFIED \(object.metadata.resourceVersion ?? "")"
        case .deleted(let object): return "DELETED \(object.metadata.resourceVersion ?? "")"
        case .bookmark(let bookmark): return "BOOKMARK \(bookmark.resourceVersion) \(bookmark.isInitialEventsEnd)"
        case .error(let status): return "ERROR \(status.code ?? 0) \(KubeAPIError(status: status).isGone)"
        }
    }

    static let expected = ["ADDED 11", "MODIFIED 12", "BOOKMARK 13 true", "DELETED 14", "ERROR 410 true"]

    @Test("events decode the same however the body is cut: one byte at a time, mid-character, at newlines")
    func chunkBoundaries() async throws {
        let bytes = Array(Self.events.utf8)
        let emoji = try #require(bytes.firstIndex(of: 0xF0))
        let newlines = bytes.indices.filter { bytes[$0] == 0x0A }
        let cuttings: [[Int]] = [
            [], Array(1..<bytes.count), [emoji + 1, emoji + 2], newlines, newlines.map { $0 + 1 }, [7, 300, 301, 302, bytes.count - 1],
        ]
        for cuts in cuttings {
            let transport = FakeTransport([.stream(status: 200, chunks: Self.chunks(bytes, cuts: cuts))])
            let stream = try await makeClient(transport).watch(ConfigMap.self, namespace: "team-a", options: WatchOptions(resourceVersion: "10"))
            var seen: [String] = []
            var emojiValue: String?
            for try await event in stream {
                seen.append(Self.describe(event))
                if case .added(let object) = event { emojiValue = object.data?["emoji"] }
            }
            #expect(seen == Self.expected, "cut at \(cuts.prefix(8))")
            #expect(emojiValue == "🚀")
        }
    }

    @Test("the watch request carries its options")
    func watchQuery() async throws {
        let transport = FakeTransport([.stream(status: 200, chunks: [])])
        let options = WatchOptions.initialEvents(labelSelector: "app=web", timeoutSeconds: 300)
        for try await _ in try await makeClient(transport).watch(ConfigMap.descriptor, options: options) {}
        let request = try #require(transport.requests.first)
        #expect(request.timeout == nil)
        #expect(request.url == "https://api.example:6443/api/v1/configmaps?watch=true&labelSelector=app%3Dweb&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=300&sendInitialEvents=true")
    }

    @Test("a last event without a newline is still delivered")
    func unterminatedLastLine() async throws {
        let line = #"{"type":"ADDED","object":{"metadata":{"name":"x"}}}"#
        let transport = FakeTransport([.stream(status: 200, chunks: [Array(line.utf8)])])
        var names: [String?] = []
        for try await event in try await makeClient(transport).watch(ConfigMap.descriptor) {
            names.append(event.object?[path: "metadata", "name"]?.stringValue)
        }
        #expect(names == ["x"])
    }

    @Test("a line that is not an event fails the stream with a decoding error")
    func malformedLine() async throws {
        let transport = FakeTransport([.stream(status: 200, chunks: [Array("{\"type\":\"ADDED\",\n".utf8)])])
        let stream = try await makeClient(transport).watch(ConfigMap.self)
        await #expect(throws: KubeAPIError.self) {
            for try await _ in stream {}
        }
    }

    @Test("a refused watch throws the server's Status when opened")
    func refusedWatch() async throws {
        let transport = FakeTransport([.status(403, reason: "Forbidden", message: "configmaps is forbidden")])
        do throws(KubeAPIError) {
            _ = try await makeClient(transport).watch(ConfigMap.self)
            Issue.record("expected forbidden")
        } catch {
            #expect(error.isForbidden)
            #expect(error.status.message == "configmaps is forbidden")
        }
    }
}
