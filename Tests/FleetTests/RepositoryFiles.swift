import Foundation
import KubeCore

/// Files of the repository that the tests read: crds/, examples/, golden files, the built binary.
enum RepositoryFiles {
    /// The package root, found from this file's path (Tests/FleetTests/RepositoryFiles.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }

    /// Every YAML document of a repository file.
    static func documents(_ relativePath: String) throws -> [JSONValue] {
        try YAML.parseDocuments(text(relativePath), source: relativePath)
    }

    /// The names of the `*.yaml` files directly in a directory, sorted.
    static func yamlFiles(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url(directory).path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
    }
}
