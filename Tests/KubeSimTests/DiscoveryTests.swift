import KubeCore
import Testing
@testable import KubeSim

@Suite("Discovery and OpenAPI")
struct DiscoveryTests {
    @Test("aggregated discovery is declined: the plain document is answered as application/json")
    func aggregatedDiscoveryDeclined() async throws {
        try await TestServer.with { test in
            let accept = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json"
            let reply = try await test.client.request("GET", "/apis", headers: ["Accept": accept])
            #expect(reply.code == 200)
            #expect(reply.headers["content-type"] == "application/json")
            #expect(reply.body["kind"] == "APIGroupList")
            let groups = reply.body["groups"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            #expect(groups.contains("apps") && groups.contains("apiextensions.k8s.io"))
        }
    }

    @Test("a group version lists verbs, short names, categories and subresources")
    func resourceList() async throws {
        try await TestServer.with { test in
            try test.installGadgets()
            let reply = try await test.client.get("/apis/example.com/v1")
            let resources = reply.body["resources"]?.arrayValue ?? []
            let gadgets = try #require(resources.first { $0["name"] == "gadgets" })
            #expect(gadgets["shortNames"] == ["gd"])
            #expect(gadgets["categories"] == ["example"])
            #expect(gadgets["namespaced"] == true)
            #expect(gadgets["verbs"]?.arrayValue?.contains("watch") == true)
            #expect(resources.contains { $0["name"] == "gadgets/status" })
            #expect(resources.contains { $0["name"] == "gadgets/scale" && $0["kind"] == "Scale" })
            let core = try await test.client.get("/api/v1")
            #expect(core.body["resources"]?.arrayValue?.contains { $0["name"] == "namespaces" && $0["namespaced"] == false } == true)
            #expect(try await test.client.get("/apis/nothing.example/v1").code == 404)
        }
    }

    @Test("OpenAPI v3 serves the CRD schema under its group-version-kind")
    func openAPIv3() async throws {
        try await TestServer.with { test in
            try test.installGadgets()
            let index = try await test.client.get("/openapi/v3")
            let url = try #require(index.body[path: "paths", "apis/example.com/v1", "serverRelativeURL"]?.stringValue)
            let document = try await test.client.get(url)
            let schema = try #require(document.body[path: "components", "schemas", "com.example.v1.Gadget"])
            #expect(schema[path: "properties", "spec", "properties", "size", "type"] == "string")
            #expect(schema["x-kubernetes-group-version-kind"]?[0]?["kind"] == "Gadget")
            let v2 = try await test.client.get("/openapi/v2")
            #expect(v2.body[path: "definitions", "com.example.v1.Gadget"] != nil)
        }
    }

    @Test("health endpoints answer ok without a token")
    func health() async throws {
        try await TestServer.with({ $0.bearerToken = "x" }) { test in
            for path in ["/healthz", "/readyz", "/livez"] {
                let reply = try await test.client.request("GET", path, token: .some(nil))
                #expect(reply.code == 200 && reply.text == "ok")
            }
            #expect(try await test.client.get("/version").body["major"] == "1")
        }
    }
}
