import KubeCore
import Testing
@testable import KubeSim

@Suite("Watch: resumption, event types, bookmarks, selectors, 410 Gone")
struct WatchTests {
    private func names(_ events: [JSONValue]) -> [String] {
        events.map { "\($0["type"]?.stringValue ?? "?") \($0[path: "object", "metadata", "name"]?.stringValue ?? "")" }
    }

    @Test("a watch resumed from a resourceVersion misses nothing and repeats nothing")
    func resumedWatchIsExact() async throws {
        try await TestServer.with { test in
            _ = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("before"))
            let mark = test.server.resourceVersion
            _ = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("a"))
            var b = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("b")).body
            b["data"] = ["x": "y"]
            _ = try await test.client.put("\(Fixtures.configMaps)/b", b)
            _ = try await test.client.delete("\(Fixtures.configMaps)/a")
            let events = try await test.watching("\(Fixtures.configMaps)?watch=1&resourceVersion=\(mark)") {
                _ = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("live"))
            }
            #expect(names(events) == ["ADDED a", "ADDED b", "MODIFIED b", "DELETED a", "ADDED live"])
            let versions = events.compactMap { $0[path: "object", "metadata", "resourceVersion"]?.stringValue.flatMap { UInt64($0) } }
            #expect(versions == versions.sorted() && Set(versions).count == versions.count && versions.allSatisfy { $0 > mark })
        }
    }

    @Test("a watch without resourceVersion starts with the current objects as ADDED")
    func watchFromNowListsFirst() async throws {
        try await TestServer.with { test in
            _ = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("x1"))
            let events = try await test.watching("\(Fixtures.configMaps)?watch=true") {
                _ = try await test.client.delete("\(Fixtures.configMaps)/x1")
            }
            #expect(names(events) == ["ADDED x1", "DELETED x1"])
        }
    }

    @Test("an object that stops matching the label selector is DELETED for that watcher")
    func selectorExitIsDeleted() async throws {
        try await TestServer.with { test in
            let created = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("sel", labels: ["tier": "web"])).body
            let events = try await test.watching("\(Fixtures.configMaps)?watch=1&labelSelector=tier%3Dweb&resourceVersion=\(test.server.resourceVersion)") {
                var moved = created
                moved[path: "metadata", "labels"] = ["tier": "db"]
                moved = try await test.client.put("\(Fixtures.configMaps)/sel", moved).body
                moved[path: "metadata", "labels"] = ["tier": "web"]
                _ = try await test.client.put("\(Fixtures.configMaps)/sel", moved)
                _ = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("other", labels: ["tier": "db"]))
            }
            #expect(names(events) == ["DELETED sel", "ADDED sel"])
        }
    }

    @Test("a resourceVersion older than the compacted history gets an ERROR event with 410 Expired")
    func compactedVersionIsGone() async throws {
        try await TestServer.with { test in
            _ = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("old"))
            let mark = test.server.resourceVersion
            _ = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("new"))
            test.server.compact()
            let reply = try await test.client.get("\(Fixtures.configMaps)?watch=1&resourceVersion=\(mark)")
            let events = TestHTTPClient.events(reply)
            #expect(events.count == 1)
            #expect(events.first?["type"] == "ERROR")
            #expect(events.first?[path: "object", "code"] == 410)
            #expect(events.first?[path: "object", "reason"] == "Expired")
            let list = try await test.client.get("\(Fixtures.configMaps)?resourceVersion=\(mark)&resourceVersionMatch=Exact")
            #expect(list.code == 410)
        }
    }

    @Test("the history is a bounded ring: resuming before its start is 410")
    func historyRingExpires() async throws {
        try await TestServer.with({ $0.historyCapacity = 3 }) { test in
            let mark = test.server.resourceVersion
            for index in 0..<5 { _ = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("r\(index)")) }
            let events = TestHTTPClient.events(try await test.client.get("\(Fixtures.configMaps)?watch=1&resourceVersion=\(mark)"))
            #expect(events.first?[path: "object", "code"] == 410)
        }
    }

    @Test("a streaming list sends the objects, then a bookmark annotated k8s.io/initial-events-end")
    func streamingListEndsWithBookmark() async throws {
        try await TestServer.with { test in
            _ = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("s1"))
            let query = "watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&resourceVersion="
            let events = try await test.watching("\(Fixtures.configMaps)?\(query)")
            #expect(names(events) == ["ADDED s1", "BOOKMARK "])
            #expect(events.last?[path: "object", "metadata", "annotations", "k8s.io/initial-events-end"] == "true")
            #expect(events.last?[path: "object", "metadata", "resourceVersion"] == .string(String(test.server.resourceVersion)))
            let refused = try await test.client.get("\(Fixtures.configMaps)?watch=1&sendInitialEvents=true")
            #expect(refused.code == 422)
        }
    }

    @Test("watches that allow bookmarks get them periodically")
    func periodicBookmarks() async throws {
        try await TestServer.with({ $0.bookmarkInterval = .milliseconds(20) }) { test in
            let reply = try await test.client.get("\(Fixtures.configMaps)?watch=1&allowWatchBookmarks=true&timeoutSeconds=1&resourceVersion=\(test.server.resourceVersion)")
            let events = TestHTTPClient.events(reply)
            #expect(!events.isEmpty)
            #expect(events.allSatisfy { $0["type"] == "BOOKMARK" })
            let without = try await test.watching("\(Fixtures.configMaps)?watch=1&resourceVersion=\(test.server.resourceVersion)") {
                _ = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("after"))
            }
            #expect(names(without) == ["ADDED after"])
        }
    }
}
