import Crypto
public import Foundation
import SwiftASN1
import X509

/// A certificate authority made in memory (EC P-256), which issues leaf certificates: KubeSim's serving
/// certificate, and the server and client certificates of transport tests.
///
/// Go's verifier (kubectl, client-go) and OpenSSL's (libcurl) both need: a CA with
/// `basicConstraints CA:TRUE` and `keyUsage keyCertSign`; a leaf whose subjectAltName holds the name the
/// client dialled (the common name is ignored since Go 1.15) and whose extendedKeyUsage allows its use.
public struct CertificateAuthority: Sendable {
    /// What a leaf certificate may be used for.
    public enum Purpose: Sendable {
        case serverAuth
        case clientAuth
    }

    /// A leaf certificate and its private key, both PEM.
    public struct Leaf: Sendable {
        public let certificatePEM: String
        public let keyPEM: String
    }

    /// The authority's certificate, PEM; what a kubeconfig's `certificate-authority-data` carries.
    public let certificatePEM: String
    private let key: P256.Signing.PrivateKey
    private let name: DistinguishedName
    private let notBefore: Date
    private let notAfter: Date

    /// An authority valid from an hour before `now` (clocks differ a little) for `validity`.
    public init(commonName: String, organization: String? = nil, now: Date = Date(), validity: TimeInterval) throws {
        notBefore = now.addingTimeInterval(-3600)
        notAfter = now.addingTimeInterval(validity)
        key = P256.Signing.PrivateKey()
        name = try DistinguishedName {
            if let organization { OrganizationName(organization) }
            CommonName(commonName)
        }
        let publicKey = Certificate.PublicKey(key.publicKey)
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: name, subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: publicKey)
            },
            issuerPrivateKey: Certificate.PrivateKey(key))
        certificatePEM = try certificate.serializeAsPEM().pemString
    }

    /// A leaf for `commonName`, valid as long as the authority, naming `dnsNames` and the IPv4
    /// `ipAddresses` (four bytes each) in its subjectAltName.
    public func issue(commonName: String, dnsNames: [String] = [], ipAddresses: [[UInt8]] = [], purpose: Purpose) throws -> Leaf {
        let leafKey = P256.Signing.PrivateKey()
        let authorityPublicKey = Certificate.PublicKey(key.publicKey)
        let alternativeNames =
            dnsNames.map { GeneralName.dnsName($0) }
            + ipAddresses.map { GeneralName.ipAddress(ASN1OctetString(contentBytes: ArraySlice($0))) }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PublicKey(leafKey.publicKey),
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: name,
            subject: try DistinguishedName { CommonName(commonName) },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                switch purpose {
                case .serverAuth: try ExtendedKeyUsage([.serverAuth])
                case .clientAuth: try ExtendedKeyUsage([.clientAuth])
                }
                if !alternativeNames.isEmpty { SubjectAlternativeNames(alternativeNames) }
                AuthorityKeyIdentifier(keyIdentifier: SubjectKeyIdentifier(hash: authorityPublicKey).keyIdentifier)
            },
            issuerPrivateKey: Certificate.PrivateKey(key))
        return Leaf(certificatePEM: try certificate.serializeAsPEM().pemString, keyPEM: leafKey.pemRepresentation)
    }
}
