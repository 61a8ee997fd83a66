import Foundation
import KubeCore

/// What a credential plugin printed: the `status` of an `ExecCredential`
/// (https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins).
struct ExecCredential: Sendable, Hashable {
    var token: String?
    var clientCertificatePEM: [UInt8]?
    var clientKeyPEM: [UInt8]?
    /// Nil: valid until the server refuses it (401).
    var expiration: Date?

    /// Whether the credential is past its expiry at `date`.
    func isExpired(at date: Date) -> Bool {
        guard let expiration else { return false }
        return date >= expiration
    }

    /// Reads the plugin's standard output, checking that it answers the API version it was asked for.
    init(output: [UInt8], config: ExecConfig) throws(KubeAPIError) {
        let command = config.command
        let value: JSONValue
        do {
            value = try JSONValue(parsing: output)
        } catch {
            throw .invalidRequest("exec plugin \(command): its output is not an ExecCredential: \(error)")
        }
        guard value["kind"]?.stringValue == "ExecCredential" else {
            throw .invalidRequest("exec plugin \(command): its output has kind \(value["kind"]?.stringValue ?? "none"), expected ExecCredential")
        }
        guard value["apiVersion"]?.stringValue == config.apiVersion else {
            throw .invalidRequest(
                "exec plugin \(command): it answered apiVersion \(value["apiVersion"]?.stringValue ?? "none"), but was configured for \(config.apiVersion)")
        }
        guard let status = value["status"], status.objectValue != nil else {
            throw .invalidRequest("exec plugin \(command): its ExecCredential has no status")
        }
        token = status["token"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        clientCertificatePEM = status["clientCertificateData"]?.stringValue.map { Array($0.utf8) }
        clientKeyPEM = status["clientKeyData"]?.stringValue.map { Array($0.utf8) }
        if (clientCertificatePEM == nil) != (clientKeyPEM == nil) {
            throw .invalidRequest("exec plugin \(command): status.clientCertificateData and status.clientKeyData must be set together")
        }
        guard token != nil || clientCertificatePEM != nil else {
            throw .invalidRequest("exec plugin \(command): its ExecCredential has neither status.token nor a client certificate")
        }
        if let text = status["expirationTimestamp"]?.stringValue {
            guard let date = Self.parseTimestamp(text) else {
                throw .invalidRequest("exec plugin \(command): status.expirationTimestamp \(text) is not an RFC 3339 time")
            }
            expiration = date
        } else {
            expiration = nil
        }
    }

    init(token: String?, expiration: Date?) {
        self.token = token
        self.expiration = expiration
    }

    /// RFC 3339, with or without fractional seconds, as Go's `metav1.Time` reads it.
    static func parseTimestamp(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    /// The `KUBERNETES_EXEC_INFO` the plugin reads: its API version, that no terminal is available,
    /// and the cluster when `provideClusterInfo` asks for it.
    static func execInfo(for config: ExecConfig) -> String {
        var spec: JSONObject = ["interactive": false]
        if config.provideClusterInfo, let cluster = config.cluster {
            var clusterObject: JSONObject = ["server": .string(cluster.server)]
            if let name = cluster.tlsServerName { clusterObject["tls-server-name"] = .string(name) }
            if cluster.insecureSkipTLSVerify { clusterObject["insecure-skip-tls-verify"] = true }
            if let data = cluster.certificateAuthorityData {
                clusterObject["certificate-authority-data"] = .string(Data(data).base64EncodedString())
            }
            spec["cluster"] = .object(clusterObject)
        }
        let info: JSONValue = [
            "apiVersion": .string(config.apiVersion), "kind": "ExecCredential", "spec": .object(spec),
        ]
        return info.jsonString()
    }
}
