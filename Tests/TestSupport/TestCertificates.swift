import KubeSim

/// A certificate authority, a server certificate for `127.0.0.1`, `localhost` and `apiserver.test`,
/// a client certificate (CN `aifleet-test-client`), and a second, unrelated authority, made in memory.
public struct TestCertificates: Sendable {
    /// The name in the server certificate besides `localhost` and `127.0.0.1`, for server-name tests.
    public static let alternativeServerName = "apiserver.test"

    public let caPEM: [UInt8]
    /// An authority that signed none of these certificates.
    public let otherCAPEM: [UInt8]
    public let serverCertificatePEM: [UInt8]
    public let serverKeyPEM: [UInt8]
    public let clientCertificatePEM: [UInt8]
    public let clientKeyPEM: [UInt8]

    /// Generates a fresh set (EC P-256 keys, valid for two days).
    public static func generate() throws -> TestCertificates {
        let validity = 2 * 24 * 3600.0
        let authority = try CertificateAuthority(commonName: "aifleet-test-ca", validity: validity)
        let otherAuthority = try CertificateAuthority(commonName: "aifleet-other-ca", validity: validity)
        let server = try authority.issue(
            commonName: "localhost", dnsNames: ["localhost", alternativeServerName], ipAddresses: [[127, 0, 0, 1]],
            purpose: .serverAuth)
        let client = try authority.issue(commonName: "aifleet-test-client", purpose: .clientAuth)
        return TestCertificates(
            caPEM: Array(authority.certificatePEM.utf8), otherCAPEM: Array(otherAuthority.certificatePEM.utf8),
            serverCertificatePEM: Array(server.certificatePEM.utf8), serverKeyPEM: Array(server.keyPEM.utf8),
            clientCertificatePEM: Array(client.certificatePEM.utf8), clientKeyPEM: Array(client.keyPEM.utf8))
    }
}
