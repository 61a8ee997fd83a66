import KubeClient
import KubeCore
import KubeSim
import Testing

/// KubeClient's whole API against a real HTTP server (KubeSim) over libcurl: what the Foundation's
/// unit tests with a fake transport cannot show.
@Suite("KubeClient against KubeSim") struct KubeClientEndToEndTests {
    private static func withServer(
        _ configure: (inout KubeSimConfiguration) -> Void = { _ in },
        token: String? = nil,
        _ body: (KubernetesClient, KubeSimServer) async throws -> Void
    ) async throws {
        var configuration = KubeSimConfiguration()
        configuration.simulatedStatusDelay = nil
        configure(&configuration)
        let server = try await KubeSimServer.start(configuration)
        do {
            let credentials: Credentials = token.map { .bearerToken($0) } ?? .none
            var clientConfiguration = ClientConfiguration(server: server.url, credentials: credentials, qps: 0)
            clientConfiguration.retry.initialBackoff = .milliseconds(5)
            clientConfiguration.retry.maxRetryAfter = .milliseconds(50)
            // Enough attempts that the fault-injection test passes unless retries are broken:
            // at its 30% failure rate eleven failures in a row happen once in ~500,000 requests.
            clientConfiguration.retry.maxRetries = 10
            let client = try KubernetesClient(configuration: clientConfiguration)
            try await body(client, server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    private static func configMap(_ name: String, labels: [String: String]? = nil, data: [String: String] = ["k": "v"]) -> ConfigMap {
        ConfigMap(metadata: ObjectMeta(name: name, namespace: "default", labels: labels), data: data)
    }

    private static func deployment(_ name: String, replicas: Int32) -> Deployment {
        let labels = ["app": name]
        return Deployment(
            metadata: ObjectMeta(name: name, namespace: "default"),
            spec: DeploymentSpec(
                replicas: replicas, selector: LabelSelector(matchLabels: labels),
                template: PodTemplateSpec(
                    metadata: ObjectMeta(labels: labels),
                    spec: PodSpec(containers: [Container(name: "main", image: "nginx:1.27")]))))
    }

    @Test func typedCreateGetUpdateDeleteKeepTheServerSemantics() async throws {
        try await Self.withServer { client, _ in
            let created = try await client.create(Self.configMap("settings"))
            #expect(created.metadata.uid != nil)
            #expect(created.metadata.resourceVersion != nil)

            await #expect { try await client.create(Self.configMap("settings")) } throws: { ($0 as? KubeAPIError)?.isAlreadyExists == true }

            var fetched = try await client.get(ConfigMap.self, name: "settings", namespace: "default")
            #expect(fetched.data == ["k": "v"])
            fetched.data = ["k": "w"]
            let updated = try await client.update(fetched)
            #expect(updated.data == ["k": "w"])

            // The first read's resourceVersion is stale now: optimistic concurrency refuses it.
            var stale = fetched
            stale.data = ["k": "x"]
            await #expect { try await client.update(stale) } throws: { ($0 as? KubeAPIError)?.isConflict == true }

            try await client.delete(ConfigMap.self, name: "settings", namespace: "default")
            await #expect { try await client.get(ConfigMap.self, name: "settings", namespace: "default") } throws: {
                ($0 as? KubeAPIError)?.isNotFound == true
            }
        }
    }

    @Test func listAllPagesThroughEveryObjectAndSelectorsFilter() async throws {
        try await Self.withServer { client, _ in
            for index in 0..<25 {
                _ = try await client.create(Self.configMap("cm-\(index)", labels: ["tier": index % 2 == 0 ? "even" : "odd"]))
            }
            let firstPage = try await client.list(ConfigMap.self, namespace: "default", options: ListOptions(limit: 10))
            #expect(firstPage.items.count == 10)
            #expect(firstPage.metadata.continue != nil)

            let all = try await client.listAll(ConfigMap.self, namespace: "default", pageSize: 10)
            #expect(Set(all.items.compactMap(\.metadata.name)) == Set((0..<25).map { "cm-\($0)" }))

            let even = try await client.listAll(ConfigMap.self, namespace: "default", options: ListOptions(labelSelector: "tier in (even)"))
            #expect(even.items.count == 13)
            let named = try await client.list(ConfigMap.self, namespace: "default", options: ListOptions(fieldSelector: "metadata.name=cm-3"))
            #expect(named.items.map(\.metadata.name) == ["cm-3"])
        }
    }

    @Test func patchesAndServerSideApplyReportConflictsAndForce() async throws {
        try await Self.withServer { client, _ in
            _ = try await client.create(Self.configMap("patched", data: ["a": "1", "b": "2"]))
            let merged = try await client.mergePatch(ConfigMap.self, name: "patched", namespace: "default", patch: ["data": ["a": nil, "c": "3"]])
            #expect(merged.data == ["b": "2", "c": "3"])
            let jsonPatched = try await client.jsonPatch(
                ConfigMap.self, name: "patched", namespace: "default",
                patch: [["op": "replace", "path": "/data/b", "value": "20"]])
            #expect(jsonPatched.data?["b"] == "20")

            let applied = try await client.apply(Self.configMap("applied", data: ["owned": "one"]), options: ApplyOptions(fieldManager: "first"))
            #expect(applied.metadata.managedFields?.contains { $0.manager == "first" && $0.operation == "Apply" } == true)

            let rival = Self.configMap("applied", data: ["owned": "two"])
            await #expect { try await client.apply(rival, options: ApplyOptions(fieldManager: "second")) } throws: { error in
                guard case .conflict(let status) = error as? KubeAPIError else { return false }
                return status.details?.causes?.contains { $0.reason == "FieldManagerConflict" && $0.field == ".data.owned" } == true
            }
            let forced = try await client.apply(rival, options: ApplyOptions(fieldManager: "second", force: true))
            #expect(forced.data == ["owned": "two"])
        }
    }

    @Test func statusUpdatesDoNotBumpGenerationButSpecChangesDo() async throws {
        try await Self.withServer { client, _ in
            let created = try await client.create(Self.deployment("web", replicas: 1))
            #expect(created.metadata.generation == 1)
            var withStatus = created
            withStatus.status = DeploymentStatus(replicas: 1, readyReplicas: 1)
            let afterStatus = try await client.updateStatus(withStatus)
            #expect(afterStatus.metadata.generation == 1)
            #expect(afterStatus.status?.readyReplicas == 1)

            let scaled = try await client.mergePatch(Deployment.self, name: "web", namespace: "default", patch: ["spec": ["replicas": 3]])
            #expect(scaled.metadata.generation == 2)
        }
    }

    @Test func aWatchResumedFromAResourceVersionMissesNothingAndRepeatsNothing() async throws {
        try await Self.withServer { client, _ in
            _ = try await client.create(Self.configMap("before"))
            let list = try await client.list(ConfigMap.self, namespace: "default")
            let since = try #require(list.metadata.resourceVersion)
            _ = try await client.create(Self.configMap("after-1"))
            _ = try await client.mergePatch(ConfigMap.self, name: "before", namespace: "default", patch: ["data": ["k": "changed"]])
            try await client.delete(ConfigMap.self, name: "after-1", namespace: "default")

            let events = try await client.watch(
                ConfigMap.self, namespace: "default",
                options: WatchOptions(resourceVersion: since, allowWatchBookmarks: false, timeoutSeconds: 5))
            var seen: [String] = []
            for try await event in events {
                if let object = event.object { seen.append("\(event.type.rawValue) \(object.metadata.name ?? "")") }
                if seen.count == 3 { break }
            }
            #expect(seen == ["ADDED after-1", "MODIFIED before", "DELETED after-1"])
        }
    }

    @Test func aCompactedResourceVersionIsGoneForWatchAndList() async throws {
        try await Self.withServer { client, server in
            _ = try await client.create(Self.configMap("old"))
            let since = try #require(try await client.list(ConfigMap.self, namespace: "default").metadata.resourceVersion)
            _ = try await client.create(Self.configMap("new"))
            server.compact()

            var sawGone = false
            do {
                let events = try await client.watch(
                    ConfigMap.self, namespace: "default", options: WatchOptions(resourceVersion: since, timeoutSeconds: 5))
                for try await event in events {
                    if case .error(let status) = event { sawGone = status.code == 410 }
                    break
                }
            } catch let error as KubeAPIError {
                sawGone = error.isGone
            }
            #expect(sawGone)
            await #expect {
                try await client.list(ConfigMap.self, namespace: "default", options: ListOptions(resourceVersion: since, resourceVersionMatch: "Exact"))
            } throws: { ($0 as? KubeAPIError)?.isGone == true }
        }
    }

    @Test func streamingListSendsInitialEventsThenTheEndBookmark() async throws {
        try await Self.withServer { client, _ in
            for index in 0..<3 { _ = try await client.create(Self.configMap("initial-\(index)")) }
            let events = try await client.watch(ConfigMap.self, namespace: "default", options: .initialEvents(timeoutSeconds: 5))
            var added = 0
            var endBookmark = false
            for try await event in events {
                switch event {
                case .added: added += 1
                case .bookmark(let bookmark):
                    endBookmark = bookmark.annotations["k8s.io/initial-events-end"] == "true"
                default: break
                }
                if endBookmark { break }
            }
            #expect(added == 3)
            #expect(endBookmark)
        }
    }

    @Test func deletePreconditionsAndDynamicCallsWork() async throws {
        try await Self.withServer { client, _ in
            let created = try await client.create(Self.configMap("guarded"))
            await #expect {
                try await client.delete(ConfigMap.self, name: "guarded", namespace: "default", options: DeleteOptions(preconditionUID: "not-the-uid"))
            } throws: { ($0 as? KubeAPIError)?.isConflict == true }
            try await client.delete(ConfigMap.self, name: "guarded", namespace: "default", options: DeleteOptions(preconditionUID: created.metadata.uid))

            let dynamic = try await client.create(
                ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "dynamic"], "data": ["x": "y"]],
                resource: ConfigMap.descriptor, namespace: "default")
            #expect(dynamic[path: "metadata", "uid"]?.stringValue != nil)
            let fetched = try await client.get(ConfigMap.descriptor, name: "dynamic", namespace: "default")
            #expect(fetched[path: "data", "x"] == "y")
        }
    }

    @Test func discoveryAnswersWhichResourcesAreServed() async throws {
        try await Self.withServer { client, _ in
            let version = try await client.serverVersion()
            #expect(version.gitVersion?.isEmpty == false)
            #expect(try await client.serves(resource: "deployments", group: "apps"))
            #expect(try await client.serves(resource: "scaledobjects", group: "keda.sh") == false)
        }
    }

    @Test func aServerWithATokenRefusesClientsWithoutIt() async throws {
        try await Self.withServer({ $0.bearerToken = "s3cret" }, token: "s3cret") { client, server in
            _ = try await client.create(Self.configMap("authorized"))
            let anonymous = try KubernetesClient(configuration: ClientConfiguration(server: server.url, qps: 0))
            await #expect { try await anonymous.get(ConfigMap.self, name: "authorized", namespace: "default") } throws: {
                ($0 as? KubeAPIError)?.isUnauthorized == true
            }
        }
    }

    @Test func throttledAndFailingReadsAreRetriedUntilTheyPass() async throws {
        try await Self.withServer { client, server in
            _ = try await client.create(Self.configMap("flaky"))
            var faults = FaultSpec()
            faults.throttleRate = 0.2
            faults.errorRate = 0.1
            server.faults = faults
            for _ in 0..<20 {
                let fetched = try await client.get(ConfigMap.self, name: "flaky", namespace: "default")
                #expect(fetched.metadata.name == "flaky")
            }
        }
    }
}
