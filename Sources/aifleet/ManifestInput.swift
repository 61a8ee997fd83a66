import Foundation
import Fleet
import KubeCore

/// One document of the manifests given with `-f`: where it came from and what it holds.
struct ManifestDocument {
    /// The path as given (`-` for standard input).
    var file: String
    /// 1-based position among the file's non-empty documents (items of a `List` count each).
    var index: Int
    var json: JSONValue

    /// `file:document`, how `aifleet check` names a document.
    var location: String { "\(file):\(index)" }
}

/// Input that cannot be read at all (missing file, malformed YAML): exit code 2.
struct InputError: Error, CustomStringConvertible {
    var description: String
}

/// Reads the `-f` arguments of `render` and `check`.
///
/// A file is read as a YAML stream (JSON is read the same way). A directory contributes its
/// `*.yaml`, `*.yml` and `*.json` files sorted by name and is NOT descended into, as `kubectl apply -f
/// DIR` without `--recursive`: `aifleet check -f examples/` leaves examples/invalid/ alone.
/// `-` reads standard input. Objects of `kind: List` (what `kubectl get -o yaml` prints) count item by item.
enum ManifestInput {
    static let extensions: Set<String> = ["yaml", "yml", "json"]

    static func read(_ paths: [String]) throws(InputError) -> [ManifestDocument] {
        var documents: [ManifestDocument] = []
        for path in paths {
            for file in try files(at: path) {
                documents += try parse(file)
            }
        }
        return documents
    }

    /// The files `path` stands for.
    private static func files(at path: String) throws(InputError) -> [String] {
        if path == "-" { return [path] }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(description: "\(path): no such file or directory")
        }
        guard isDirectory.boolValue else { return [path] }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw InputError(description: "\(path): cannot list the directory: \(error.localizedDescription)")
        }
        let base = path.hasSuffix("/") ? String(path.dropLast()) : path
        return names.sorted().map { "\(base)/\($0)" }.filter { file in
            var childIsDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: file, isDirectory: &childIsDirectory)
            return exists && !childIsDirectory.boolValue && extensions.contains((file as NSString).pathExtension.lowercased())
        }
    }

    private static func parse(_ file: String) throws(InputError) -> [ManifestDocument] {
        let bytes: [UInt8]
        if file == "-" {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw InputError(description: "\(file): cannot read the file")
            }
            bytes = Array(data)
        }
        let values: [JSONValue]
        do {
            values = try YAML.parseDocuments(bytes, source: file)
        } catch {
            throw InputError(description: error.description)
        }
        var documents: [ManifestDocument] = []
        for value in values {
            let items = value["kind"]?.stringValue == "List" ? value["items"]?.arrayValue ?? [] : [value]
            for item in items {
                documents.append(ManifestDocument(file: file, index: documents.count + 1, json: item))
            }
        }
        return documents
    }
}

/// An aifleet resource read from a document.
struct ManifestResource {
    var document: ManifestDocument
    var resource: FleetResource
}

extension ManifestInput {
    /// The aifleet resources among `documents`. Objects of other kinds are skipped with a note on
    /// standard error (a GitOps directory holds other manifests too); an aifleet object that does
    /// not decode is an ``InputError`` naming the document and the field.
    static func resources(in documents: [ManifestDocument]) throws(InputError) -> [ManifestResource] {
        var resources: [ManifestResource] = []
        for document in documents {
            let apiVersion = document.json["apiVersion"]?.stringValue
            let kind = document.json["kind"]?.stringValue
            guard apiVersion?.hasPrefix(FleetAPI.group + "/") == true else {
                printError("\(document.location): skipped \(apiVersion ?? "?") \(kind ?? "?"): not an aifleet resource")
                continue
            }
            do {
                resources.append(ManifestResource(document: document, resource: try FleetResource(json: document.json)))
            } catch {
                throw InputError(description: "\(document.location): \(error)")
            }
        }
        return resources
    }
}

/// The options `render` and `check` share: which policy, and what the cluster serves.
struct PolicyOptions {
    /// Files of FleetPolicy documents, merged by the documented rule; the built-in default when empty.
    var policyFiles: [String]
    /// `keda,kueue`, a subset, or `none`.
    var capabilities: String

    func effectivePolicy() throws(InputError) -> EffectivePolicy {
        var policies: [FleetPolicy] = []
        for document in try ManifestInput.read(policyFiles) {
            let resource: FleetResource
            do {
                resource = try FleetResource(json: document.json)
            } catch {
                throw InputError(description: "\(document.location): \(error)")
            }
            guard case .fleetPolicy(let policy) = resource else {
                throw InputError(description: "\(document.location): --policy takes FleetPolicy documents only")
            }
            policies.append(policy.withCRDDefaults())
        }
        return EffectivePolicy(merging: policies)
    }

    func clusterCapabilities() throws(InputError) -> ClusterCapabilities {
        if capabilities == "none" || capabilities.isEmpty { return [] }
        var result: ClusterCapabilities = []
        for name in capabilities.split(separator: ",") {
            guard let capability = ClusterCapabilities.names.first(where: { $0.0 == name })?.1 else {
                let known = ClusterCapabilities.names.map(\.0).joined(separator: ", ")
                throw InputError(description: "--capabilities: unknown capability \"\(name)\" (known: \(known), or none)")
            }
            result.insert(capability)
        }
        return result
    }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
