import Foundation
import KubeCore
import Testing
@testable import KubeSim

@Suite("List: selectors, paging, resourceVersion semantics")
struct ListTests {
    private func names(_ reply: TestHTTPClient.Reply) -> [String] {
        reply.body["items"]?.arrayValue?.compactMap { $0[path: "metadata", "name"]?.stringValue } ?? []
    }

    @Test("label selectors filter with equality and set-based requirements")
    func labelSelectors() async throws {
        try await TestServer.with { test in
            _ = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("web", labels: ["tier": "web", "env": "prod"]))
            _ = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("db", labels: ["tier": "db", "env": "prod"]))
            _ = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("bare"))
            #expect(names(try await test.client.get("\(Fixtures.configMaps)?labelSelector=tier%3Dweb")) == ["web"])
            #expect(names(try await test.client.get("\(Fixtures.configMaps)?labelSelector=tier+in+(web,db),env!=dev")) == ["db", "web"])
            #expect(names(try await test.client.get("\(Fixtures.configMaps)?labelSelector=!tier")) == ["bare"])
            #expect(names(try await test.client.get("\(Fixtures.configMaps)?labelSelector=tier+notin+(web)")) == ["bare", "db"])
            let bad = try await test.client.get("\(Fixtures.configMaps)?labelSelector=tier+in+web")
            #expect(bad.code == 400)
        }
    }

    @Test("field selectors support metadata.name and metadata.namespace; others are 400")
    func fieldSelectors() async throws {
        try await TestServer.with { test in
            _ = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("f1"))
            _ = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("f2"))
            #expect(names(try await test.client.get("\(Fixtures.configMaps)?fieldSelector=metadata.name%3Df2")) == ["f2"])
            #expect(names(try await test.client.get("/api/v1/configmaps?fieldSelector=metadata.namespace!%3Ddefault")) == [])
            let bad = try await test.client.get("\(Fixtures.configMaps)?fieldSelector=spec.color%3Dred")
            #expect(bad.code == 400)
            #expect(bad.body["reason"] == "BadRequest")
        }
    }

    @Test("limit and continue page through a consistent snapshot")
    func pagingIsConsistent() async throws {
        try await TestServer.with { test in
            for index in 0..<5 { _ = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("p\(index)")) }
            let first = try await test.client.get("\(Fixtures.configMaps)?limit=2")
            #expect(names(first) == ["p0", "p1"])
            #expect(first.body[path: "metadata", "remainingItemCount"] == 3)
            let token = try #require(first.body[path: "metadata", "continue"]?.stringValue)
            // Changes after the first page do not show in later pages of the same list.
            _ = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("p9"))
            _ = try await test.client.delete("\(Fixtures.configMaps)/p3")
            let escaped = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token
            let second = try await test.client.get("\(Fixtures.configMaps)?limit=10&continue=\(escaped)")
            #expect(names(second) == ["p2", "p3", "p4"])
            #expect(second.body[path: "metadata", "continue"] == nil)
            #expect(second.body[path: "metadata", "resourceVersion"] == first.body[path: "metadata", "resourceVersion"])
        }
    }

    @Test("a malformed continue token is 400, an expired one 410")
    func continueTokenErrors() async throws {
        try await TestServer.with { test in
            for index in 0..<3 { _ = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("c\(index)")) }
            let bad = try await test.client.get("\(Fixtures.configMaps)?limit=1&continue=notatoken")
            #expect(bad.code == 400)
            let first = try await test.client.get("\(Fixtures.configMaps)?limit=1")
            let token = try #require(first.body[path: "metadata", "continue"]?.stringValue)
            _ = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("later"))
            test.server.compact()
            let escaped = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token
            let expired = try await test.client.get("\(Fixtures.configMaps)?limit=1&continue=\(escaped)")
            #expect(expired.code == 410)
            #expect(expired.body["reason"] == "Expired")
        }
    }

    @Test("resourceVersion with Exact lists the collection as it was at that version")
    func exactVersionListsThePast() async throws {
        try await TestServer.with { test in
            _ = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("e1"))
            let mark = test.server.resourceVersion
            _ = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("e2"))
            _ = try await test.client.delete("\(Fixtures.configMaps)/e1")
            let past = try await test.client.get("\(Fixtures.configMaps)?resourceVersion=\(mark)&resourceVersionMatch=Exact")
            #expect(names(past) == ["e1"])
            #expect(past.body[path: "metadata", "resourceVersion"] == .string(String(mark)))
            #expect(names(try await test.client.get("\(Fixtures.configMaps)?resourceVersion=0")) == ["e2"])
            #expect(names(try await test.client.get("\(Fixtures.configMaps)?resourceVersion=\(mark)")) == ["e2"], "NotOlderThan serves the latest")
            let unmatched = try await test.client.get("\(Fixtures.configMaps)?resourceVersionMatch=Exact")
            #expect(unmatched.code == 400)
        }
    }

    @Test("a list across namespaces returns every namespace's objects in key order")
    func allNamespaces() async throws {
        try await TestServer.with { test in
            _ = try await test.client.post("/api/v1/namespaces", ["metadata": ["name": "team-a"]])
            _ = try await test.client.post("/api/v1/namespaces/team-a/configmaps", Fixtures.configMap("z"))
            _ = try await test.client.post(Fixtures.configMaps, Fixtures.configMap("y"))
            let all = try await test.client.get("/api/v1/configmaps")
            #expect(names(all) == ["y", "z"])
            #expect(names(try await test.client.get("/api/v1/namespaces/team-a/configmaps")) == ["z"])
        }
    }
}
