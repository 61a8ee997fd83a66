import Foundation

extension KubeSimServer {
    /// A kubeconfig with one cluster, user and context, all named `kubesim` (the current context), that
    /// points kubectl at this server with its bearer token and, with TLS, the authority to trust.
    public func kubeconfig(namespace: String = "default") -> String {
        // Values are quoted so YAML reads them as strings whatever they contain.
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        let user = cluster.configuration.bearerToken.map { "\n    token: \(quoted($0))" } ?? " {}"
        let authority = certificateAuthorityPEM.map {
            "\n    certificate-authority-data: \(quoted(Data($0.utf8).base64EncodedString()))"
        } ?? ""
        return """
            apiVersion: v1
            kind: Config
            clusters:
            - name: kubesim
              cluster:
                server: \(quoted(url))\(authority)
            users:
            - name: kubesim
              user:\(user)
            contexts:
            - name: kubesim
              context:
                cluster: kubesim
                user: kubesim
                namespace: \(quoted(namespace))
            current-context: kubesim
            preferences: {}

            """
    }

    /// Writes `kubeconfig()` to `path` (mode 0600, as it may hold a token).
    public func writeKubeconfig(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(kubeconfig().utf8).write(to: url, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }
}
