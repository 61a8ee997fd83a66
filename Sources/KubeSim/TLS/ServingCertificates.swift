import Foundation

/// A certificate authority and a serving certificate it signed, for `127.0.0.1` and `localhost`, made in
/// memory when a TLS server starts, valid for a year.
struct ServingCertificates: Sendable {
    /// The authority's certificate, PEM; what a kubeconfig's `certificate-authority-data` carries.
    let authorityPEM: String
    /// The serving certificate followed by nothing else (clients are given the authority directly).
    let serverCertificatePEM: String
    let serverKeyPEM: String

    static func generate(now: Date = Date()) throws -> ServingCertificates {
        let authority = try CertificateAuthority(
            commonName: "kubesim-ca", organization: "KubeSim", now: now, validity: 365 * 24 * 3600)
        let server = try authority.issue(
            commonName: "kubesim", dnsNames: ["localhost"], ipAddresses: [[127, 0, 0, 1]], purpose: .serverAuth)
        return ServingCertificates(
            authorityPEM: authority.certificatePEM, serverCertificatePEM: server.certificatePEM,
            serverKeyPEM: server.keyPEM)
    }
}
