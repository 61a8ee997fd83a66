import Foundation

extension ClientConfiguration {
    /// The configuration of one context of a kubeconfig: its cluster, its user and its namespace,
    /// with the certificate and key files read.
    ///
    /// - Parameter context: overrides `current-context` (kubectl's `--context`).
    ///
    /// Errors: a context, cluster or user that is not defined, a cluster without a server, a file
    /// that cannot be read, conflicting settings — each as one line naming the file and the entry.
    public init(kubeConfig: KubeConfig, context contextOverride: String? = nil) throws(ConfigError) {
        let files = kubeConfig.files
        guard let contextName = contextOverride.flatMap({ $0.isEmpty ? nil : $0 }) ?? kubeConfig.currentContext else {
            throw .noCurrentContext(files: files)
        }
        guard let context = kubeConfig.contexts[contextName] else {
            throw .missingContext(name: contextName, files: files)
        }
        guard let cluster = kubeConfig.clusters[context.cluster] else {
            throw .missingCluster(name: context.cluster, context: contextName, files: files)
        }
        var user = KubeConfig.User(origin: context.origin)
        if let userName = context.user, !userName.isEmpty {
            guard let found = kubeConfig.users[userName] else {
                throw .missingUser(name: userName, context: contextName, files: files)
            }
            user = found
        }
        let clusterEntry = "clusters[\(context.cluster)]"
        let userEntry = "users[\(context.user ?? "")]"
        guard let server = cluster.server, !server.isEmpty else {
            throw .invalidEntry(entry: "\(clusterEntry).server", file: cluster.origin, message: "no server is set")
        }
        let tls = try Self.tlsOptions(cluster: cluster, clusterEntry: clusterEntry, user: user, userEntry: userEntry)
        let credentials = try Self.credentials(user: user, entry: userEntry, cluster: cluster, server: server, tls: tls)
        let namespace = context.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        self.init(server: server, tls: tls, credentials: credentials, namespace: namespace)
    }

    private static func tlsOptions(
        cluster: KubeConfig.Cluster, clusterEntry: String, user: KubeConfig.User, userEntry: String
    ) throws(ConfigError) -> TLSOptions {
        // The rules of client-go's clientcmd validation: a setting given both inline and as a file is
        // refused rather than silently picking one.
        let authority = try pem(
            data: cluster.certificateAuthorityData, file: cluster.certificateAuthority,
            entry: "\(clusterEntry).certificate-authority", origin: cluster.origin)
        if cluster.insecureSkipTLSVerify, authority != nil {
            throw .invalidEntry(
                entry: clusterEntry, file: cluster.origin,
                message: "insecure-skip-tls-verify cannot be combined with a certificate authority")
        }
        let certificate = try pem(
            data: user.clientCertificateData, file: user.clientCertificate,
            entry: "\(userEntry).client-certificate", origin: user.origin)
        let key = try pem(
            data: user.clientKeyData, file: user.clientKey, entry: "\(userEntry).client-key", origin: user.origin)
        if (certificate == nil) != (key == nil) {
            throw .invalidEntry(
                entry: userEntry, file: user.origin,
                message: "a client certificate needs a client key, and a key a certificate")
        }
        return TLSOptions(
            certificateAuthorityPEM: authority, clientCertificatePEM: certificate, clientKeyPEM: key,
            insecureSkipVerify: cluster.insecureSkipTLSVerify, serverName: cluster.tlsServerName)
    }

    /// The PEM given inline or in a file.
    private static func pem(data: [UInt8]?, file: String?, entry: String, origin: String) throws(ConfigError) -> [UInt8]? {
        if data != nil, file != nil {
            throw .invalidEntry(entry: entry, file: origin, message: "set both as a file and as -data; keep one")
        }
        if let data { return data }
        guard let file else { return nil }
        return try read(file, entry: entry, origin: origin)
    }

    static func read(_ file: String, entry: String, origin: String) throws(ConfigError) -> [UInt8] {
        guard FileManager.default.fileExists(atPath: file) else {
            throw .unreadableReference(path: file, entry: entry, file: origin, reason: "no such file")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw .unreadableReference(path: file, entry: entry, file: origin, reason: "permission denied or not a regular file")
        }
        return Array(data)
    }

    private static func credentials(
        user: KubeConfig.User, entry: String, cluster: KubeConfig.Cluster, server: String, tls: TLSOptions
    ) throws(ConfigError) -> Credentials {
        if let provider = user.authProvider {
            throw .invalidEntry(
                entry: "\(entry).auth-provider", file: user.origin,
                message: "auth-provider \(provider) is not supported (it was removed from kubectl); use an exec credential plugin")
        }
        let hasToken = user.token?.isEmpty == false || user.tokenFile != nil
        let hasBasic = user.username?.isEmpty == false || user.password?.isEmpty == false
        if hasToken, hasBasic {
            throw .invalidEntry(entry: entry, file: user.origin, message: "more than one authentication method: a token and a username/password")
        }
        if var exec = user.exec {
            if hasToken || hasBasic {
                throw .invalidEntry(entry: entry, file: user.origin, message: "more than one authentication method: exec and a token or username/password")
            }
            exec.cluster = ExecClusterInfo(
                server: server, tlsServerName: tls.serverName, insecureSkipTLSVerify: tls.insecureSkipVerify,
                certificateAuthorityData: tls.certificateAuthorityPEM)
            return .exec(exec)
        }
        if let tokenFile = user.tokenFile {
            // Read once now, so a missing file is reported with the kubeconfig that names it.
            _ = try read(tokenFile, entry: "\(entry).tokenFile", origin: user.origin)
            return .tokenFile(path: tokenFile, fallback: user.token)
        }
        if let token = user.token, !token.isEmpty { return .bearerToken(token) }
        if hasBasic { return .basic(username: user.username ?? "", password: user.password ?? "") }
        return .none
    }
}
