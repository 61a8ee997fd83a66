import KubeCore
import Testing
@testable import KubeSim

@Suite("Simulated workload status and the scale subresource")
struct SimulationTests {
    @Test("a Deployment becomes Available with all replicas ready at its generation")
    func deploymentBecomesAvailable() async throws {
        try await TestServer.with { test in
            _ = try await test.client.post(Fixtures.deployments, Fixtures.deployment("web", replicas: 3))
            var status: JSONValue = [:]
            #expect(try await test.eventually {
                status = try await test.client.get("\(Fixtures.deployments)/web").body["status"] ?? [:]
                return status["observedGeneration"] == 1
            })
            #expect(status["readyReplicas"] == 3)
            #expect(status["availableReplicas"] == 3)
            let conditions = status["conditions"]?.arrayValue ?? []
            #expect(conditions.contains { $0["type"] == "Available" && $0["status"] == "True" })
            #expect(conditions.contains { $0["type"] == "Progressing" && $0["status"] == "True" })
        }
    }

    @Test("a Job completes with succeeded, completionTime and a Complete condition")
    func jobSucceeds() async throws {
        try await TestServer.with { test in
            let job: JSONValue = [
                "apiVersion": "batch/v1", "kind": "Job", "metadata": ["name": "train"],
                "spec": ["template": ["spec": ["restartPolicy": "Never", "containers": [["name": "m", "image": "busybox"]]]]],
            ]
            _ = try await test.client.post("/apis/batch/v1/namespaces/default/jobs", job)
            var status: JSONValue = [:]
            #expect(try await test.eventually {
                status = try await test.client.get("/apis/batch/v1/namespaces/default/jobs/train").body["status"] ?? [:]
                return status["completionTime"] != nil
            })
            #expect(status["succeeded"] == 1)
            #expect(status["startTime"] != nil)
            #expect(status["conditions"]?.arrayValue?.contains { $0["type"] == "Complete" && $0["status"] == "True" } == true)
        }
    }

    @Test("the scale subresource reads and writes spec.replicas, refusing a stale resourceVersion")
    func scaleSubresource() async throws {
        try await TestServer.with { test in
            try test.installGadgets()
            _ = try await test.client.post(Fixtures.gadgets, Fixtures.gadget("sc"))
            let scale = try await test.client.get("\(Fixtures.gadgets)/sc/scale")
            #expect(scale.body["kind"] == "Scale")
            #expect(scale.body[path: "spec", "replicas"] == 1)
            var wanted = scale.body
            wanted[path: "spec", "replicas"] = 4
            let updated = try await test.client.put("\(Fixtures.gadgets)/sc/scale", wanted)
            #expect(updated.body[path: "spec", "replicas"] == 4)
            let object = try await test.client.get("\(Fixtures.gadgets)/sc").body
            #expect(object[path: "spec", "replicas"] == 4)
            #expect(object[path: "metadata", "generation"] == 2)
            let stale = try await test.client.put("\(Fixtures.gadgets)/sc/scale", wanted)
            #expect(stale.code == 409)
        }
    }
}
