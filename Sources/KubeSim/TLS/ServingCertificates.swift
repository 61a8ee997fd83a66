import Crypto
import Foundation
import SwiftASN1
import X509

/// A certificate authority and a serving certificate it signed, for `127.0.0.1` and `localhost`, made in
/// memory when a TLS server starts (EC P-256 keys, valid from an hour ago for a year).
///
/// Go's verifier (kubectl, client-go) and OpenSSL's (libcurl) both need: a CA with
/// `basicConstraints CA:TRUE` and `keyUsage keyCertSign`; a leaf whose subjectAltName holds the name the
/// client dialled (the common name is ignored since Go 1.15) and whose extendedKeyUsage allows serverAuth.
struct ServingCertificates: Sendable {
    /// The authority's certificate, PEM; what a kubeconfig's `certificate-authority-data` carries.
    let authorityPEM: String
    /// The serving certificate followed by nothing else (clients are given the authority directly).
    let serverCertificatePEM: String
    let serverKeyPEM: String

    static func generate(now: Date = Date()) throws -> ServingCertificates {
        let notBefore = now.addingTimeInterval(-3600)
        let notAfter = now.addingTimeInterval(365 * 24 * 3600)
        let authorityKey = P256.Signing.PrivateKey()
        let authorityName = try DistinguishedName {
            OrganizationName("KubeSim")
            CommonName("kubesim-ca")
        }
        let authorityPublicKey = Certificate.PublicKey(authorityKey.publicKey)
        let authority = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: authorityPublicKey,
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: authorityName, subject: authorityName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: authorityPublicKey)
            },
            issuerPrivateKey: Certificate.PrivateKey(authorityKey))

        let serverKey = P256.Signing.PrivateKey()
        let serverPublicKey = Certificate.PublicKey(serverKey.publicKey)
        let server = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: serverPublicKey,
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: authorityName,
            subject: try DistinguishedName { CommonName("kubesim") },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([
                    .dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
                ])
                AuthorityKeyIdentifier(keyIdentifier: SubjectKeyIdentifier(hash: authorityPublicKey).keyIdentifier)
            },
            issuerPrivateKey: Certificate.PrivateKey(authorityKey))

        return ServingCertificates(
            authorityPEM: try authority.serializeAsPEM().pemString,
            serverCertificatePEM: try server.serializeAsPEM().pemString,
            serverKeyPEM: serverKey.pemRepresentation)
    }
}
