public import KubeCore

/// `/version`: what the API server is.
public struct ServerVersion: Codable, Sendable, Hashable {
    public var major: String?
    public var minor: String?
    /// e.g. `v1.36.0`.
    public var gitVersion: String?
    public var platform: String?
}

/// One API group and the versions it serves (`/apis`).
public struct APIGroupInfo: Codable, Sendable, Hashable {
    public struct Version: Codable, Sendable, Hashable {
        /// `GROUP/VERSION`.
        public var groupVersion: String
        public var version: String
    }
    public var name: String
    public var versions: [Version]
    public var preferredVersion: Version?
}

/// One resource a group version serves (`/apis/GROUP/VERSION`, `/api/v1`).
public struct APIResourceInfo: Codable, Sendable, Hashable {
    /// The plural name, or `NAME/SUBRESOURCE` (`deployments/status`).
    public var name: String
    public var singularName: String?
    public var namespaced: Bool
    public var kind: String
    public var verbs: [String]?
    public var shortNames: [String]?
}

private struct APIGroupList: Codable { var groups: [APIGroupInfo]? }
private struct APIResourceList: Codable { var resources: [APIResourceInfo]? }

extension KubernetesClient {
    /// The API server's version (`GET /version`).
    public func serverVersion() async throws(KubeAPIError) -> ServerVersion {
        let response = try await send(APIRequest(method: .get, path: "/version", timeout: configuration.requestTimeout))
        return try BodyCoding.decode(ServerVersion.self, from: response.body)
    }

    /// The named API groups (`GET /apis`); the core group (`/api`) is not among them.
    public func apiGroups() async throws(KubeAPIError) -> [APIGroupInfo] {
        let response = try await send(APIRequest(method: .get, path: "/apis", timeout: configuration.requestTimeout))
        return try BodyCoding.decode(APIGroupList.self, from: response.body).groups ?? []
    }

    /// The resources a group version serves, subresources included (`deployments/status`).
    public func resources(groupVersion: GroupVersion) async throws(KubeAPIError) -> [APIResourceInfo] {
        let response = try await send(APIRequest(method: .get, path: groupVersion.pathPrefix, timeout: configuration.requestTimeout))
        return try BodyCoding.decode(APIResourceList.self, from: response.body).resources ?? []
    }

    /// Whether some version of `group` serves the plural `resource`, e.g.
    /// `serves(resource: "scaledobjects", group: "keda.sh")` to tell whether KEDA is installed.
    ///
    /// A group or version that disappears between the two discovery calls counts as not served.
    public func serves(resource: String, group: String) async throws(KubeAPIError) -> Bool {
        guard let info = try await apiGroups().first(where: { $0.name == group }) else { return false }
        var versions = info.versions.map(\.version)
        if let preferred = info.preferredVersion?.version {
            versions.removeAll { $0 == preferred }
            versions.insert(preferred, at: 0)
        }
        for version in versions {
            do {
                let served = try await resources(groupVersion: GroupVersion(group: group, version: version))
                if served.contains(where: { $0.name == resource }) { return true }
            } catch .notFound {
                continue
            }
        }
        return false
    }
}
