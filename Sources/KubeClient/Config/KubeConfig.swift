import Foundation
import KubeCore

/// A kubeconfig (`apiVersion: v1`, `kind: Config`): named clusters, users and contexts, and the
/// current context. `preferences` and `extensions` are read past.
///
/// Every entry remembers the file it came from (`origin`), and its relative paths are already
/// resolved against that file's directory, as client-go's `ResolveLocalPaths` does.
public struct KubeConfig: Sendable, Hashable {
    public var clusters: [String: Cluster]
    public var users: [String: User]
    public var contexts: [String: Context]
    public var currentContext: String?
    /// The files this configuration was read from, in precedence order.
    public var files: [String]

    public init(
        clusters: [String: Cluster] = [:], users: [String: User] = [:], contexts: [String: Context] = [:],
        currentContext: String? = nil, files: [String] = []
    ) {
        self.clusters = clusters
        self.users = users
        self.contexts = contexts
        self.currentContext = currentContext
        self.files = files
    }

    /// A `clusters[].cluster` entry.
    public struct Cluster: Sendable, Hashable {
        public var server: String?
        /// An absolute path to a PEM file.
        public var certificateAuthority: String?
        public var certificateAuthorityData: [UInt8]?
        public var insecureSkipTLSVerify: Bool
        public var tlsServerName: String?
        /// The file the entry came from.
        public var origin: String

        public init(
            server: String? = nil, certificateAuthority: String? = nil, certificateAuthorityData: [UInt8]? = nil,
            insecureSkipTLSVerify: Bool = false, tlsServerName: String? = nil, origin: String
        ) {
            self.server = server
            self.certificateAuthority = certificateAuthority
            self.certificateAuthorityData = certificateAuthorityData
            self.insecureSkipTLSVerify = insecureSkipTLSVerify
            self.tlsServerName = tlsServerName
            self.origin = origin
        }
    }

    /// A `users[].user` entry (client-go's `AuthInfo`).
    public struct User: Sendable, Hashable {
        public var token: String?
        /// An absolute path.
        public var tokenFile: String?
        public var username: String?
        public var password: String?
        /// An absolute path to a PEM file.
        public var clientCertificate: String?
        public var clientCertificateData: [UInt8]?
        /// An absolute path to a PEM file.
        public var clientKey: String?
        public var clientKeyData: [UInt8]?
        public var exec: ExecConfig?
        /// The name of a legacy `auth-provider` (gcp, azure, oidc): not supported, reported when used.
        public var authProvider: String?
        public var origin: String

        public init(
            token: String? = nil, tokenFile: String? = nil, username: String? = nil, password: String? = nil,
            clientCertificate: String? = nil, clientCertificateData: [UInt8]? = nil, clientKey: String? = nil,
            clientKeyData: [UInt8]? = nil, exec: ExecConfig? = nil, authProvider: String? = nil, origin: String
        ) {
            self.token = token
            self.tokenFile = tokenFile
            self.username = username
            self.password = password
            self.clientCertificate = clientCertificate
            self.clientCertificateData = clientCertificateData
            self.clientKey = clientKey
            self.clientKeyData = clientKeyData
            self.exec = exec
            self.authProvider = authProvider
            self.origin = origin
        }
    }

    /// A `contexts[].context` entry.
    public struct Context: Sendable, Hashable {
        public var cluster: String
        public var user: String?
        public var namespace: String?
        public var origin: String

        public init(cluster: String, user: String? = nil, namespace: String? = nil, origin: String) {
            self.cluster = cluster
            self.user = user
            self.namespace = namespace
            self.origin = origin
        }
    }
}

// MARK: - Reading one file

extension KubeConfig {
    /// Reads one kubeconfig file. An empty file is an empty configuration, as kubectl treats it.
    public init(contentsOf path: String) throws(ConfigError) {
        guard FileManager.default.fileExists(atPath: path) else { throw .missingFile(path: path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadableFile(path: path, reason: "permission denied or not a regular file")
        }
        try self.init(yaml: String(decoding: data, as: UTF8.self), path: path)
    }

    /// Reads kubeconfig YAML; `path` names the file in errors and anchors relative paths.
    public init(yaml: String, path: String) throws(ConfigError) {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: yaml)
        } catch {
            // The path leads the ConfigError's line already; the YAML error adds where and why.
            throw .malformed(path: path, detail: "line \(error.line), column \(error.column): \(error.message)")
        }
        try self.init(document: document, path: path)
    }

    init(document: JSONValue, path: String) throws(ConfigError) {
        self.init(files: [path])
        if document.isNull { return }
        guard document.objectValue != nil else {
            throw .malformed(path: path, detail: "expected a mapping at the top, found \(document.typeName)")
        }
        let reader = KubeConfigEntryReader(path: path)
        currentContext = try reader.string(document["current-context"], "current-context").flatMap { $0.isEmpty ? nil : $0 }
        // Within one file a later entry of the same name replaces an earlier one, as client-go's
        // conversion into its maps does.
        for (name, body) in try reader.namedEntries(document["clusters"], list: "clusters", member: "cluster") {
            clusters[name] = try reader.cluster(body, entry: "clusters[\(name)]")
        }
        for (name, body) in try reader.namedEntries(document["users"], list: "users", member: "user") {
            users[name] = try reader.user(body, entry: "users[\(name)]")
        }
        for (name, body) in try reader.namedEntries(document["contexts"], list: "contexts", member: "context") {
            contexts[name] = try reader.context(body, entry: "contexts[\(name)]")
        }
    }
}
