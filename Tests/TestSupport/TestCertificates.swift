import Foundation

/// A certificate authority, a server certificate for `127.0.0.1`, `localhost` and `apiserver.test`,
/// a client certificate (CN `aifleet-test-client`), and a second, unrelated authority — generated
/// with the `openssl` command line in a temporary directory, read into memory, and the directory removed.
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
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("aifleet-certs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let openssl = OpenSSLRunner(directory: directory)

        try openssl.selfSignedCA(name: "ca", commonName: "aifleet-test-ca")
        try openssl.selfSignedCA(name: "other-ca", commonName: "aifleet-other-ca")
        try openssl.leaf(
            name: "server", commonName: "localhost",
            extensions: "subjectAltName=DNS:localhost,DNS:\(alternativeServerName),IP:127.0.0.1\n"
                + "extendedKeyUsage=serverAuth\n")
        try openssl.leaf(
            name: "client", commonName: "aifleet-test-client", extensions: "extendedKeyUsage=clientAuth\n")

        func pem(_ file: String) throws -> [UInt8] {
            try Array(Data(contentsOf: directory.appendingPathComponent(file)))
        }
        return TestCertificates(
            caPEM: try pem("ca.crt"), otherCAPEM: try pem("other-ca.crt"),
            serverCertificatePEM: try pem("server.crt"), serverKeyPEM: try pem("server.key"),
            clientCertificatePEM: try pem("client.crt"), clientKeyPEM: try pem("client.key"))
    }
}

/// Errors of the certificate generation, naming the failed command.
public struct TestCertificateError: Error, CustomStringConvertible {
    public let description: String
}

/// Runs `openssl` in one directory, its output captured (never the test's stdout/stderr).
private struct OpenSSLRunner {
    let directory: URL

    func selfSignedCA(name: String, commonName: String) throws {
        try run([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "\(name).key", "-out", "\(name).crt", "-days", "2", "-subj", "/CN=\(commonName)",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
    }

    func leaf(name: String, commonName: String, extensions: String) throws {
        let extensionsFile = directory.appendingPathComponent("\(name).ext")
        try Data(extensions.utf8).write(to: extensionsFile)
        try run([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(commonName)",
        ])
        try run([
            "x509", "-req", "-in", "\(name).csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "\(name).crt", "-days", "2", "-extfile", extensionsFile.path,
        ])
    }

    private func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestCertificateError(
                description: "openssl \(arguments.prefix(2).joined(separator: " ")) failed: \(text)")
        }
    }
}
