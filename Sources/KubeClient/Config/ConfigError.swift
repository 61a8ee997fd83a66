/// A configuration that cannot be used; each description is one line naming the file and the entry.
public enum ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An explicitly named kubeconfig (`--kubeconfig`) does not exist.
    case missingFile(path: String)
    /// The file exists but could not be read.
    case unreadableFile(path: String, reason: String)
    /// The file is not YAML, or not a kubeconfig; `detail` names the line, column or field.
    case malformed(path: String, detail: String)
    /// No kubeconfig was found and the process is not in a cluster.
    case noConfiguration(searched: [String])
    /// No context is selected: neither `current-context` nor an override.
    case noCurrentContext(files: [String])
    /// The named context is not in any of the files.
    case missingContext(name: String, files: [String])
    /// The context names a cluster that is not in any of the files.
    case missingCluster(name: String, context: String, files: [String])
    /// The context names a user that is not in any of the files.
    case missingUser(name: String, context: String, files: [String])
    /// A file an entry points to (a certificate, a key, a token) cannot be read.
    case unreadableReference(path: String, entry: String, file: String, reason: String)
    /// An entry is present but unusable (no server, bad base64, an unsupported auth provider).
    case invalidEntry(entry: String, file: String, message: String)
    /// In-cluster configuration is incomplete (missing environment variable or service-account file).
    case inCluster(String)

    public var description: String {
        switch self {
        case .missingFile(let path):
            return "\(path): kubeconfig file not found"
        case .unreadableFile(let path, let reason):
            return "\(path): cannot read the kubeconfig: \(reason)"
        case .malformed(let path, let detail):
            return "\(path): not a valid kubeconfig: \(detail)"
        case .noConfiguration(let searched):
            let places = searched.isEmpty ? "" : " (looked for \(searched.joined(separator: ", ")))"
            return "no kubeconfig found and not running in a cluster\(places); pass --kubeconfig or set KUBECONFIG"
        case .noCurrentContext(let files):
            return "\(Self.list(files)): no current-context is set; pass --context"
        case .missingContext(let name, let files):
            return "\(Self.list(files)): context \"\(name)\" not found"
        case .missingCluster(let name, let context, let files):
            return "\(Self.list(files)): cluster \"\(name)\" of context \"\(context)\" not found"
        case .missingUser(let name, let context, let files):
            return "\(Self.list(files)): user \"\(name)\" of context \"\(context)\" not found"
        case .unreadableReference(let path, let entry, let file, let reason):
            return "\(file): \(entry): cannot read \(path): \(reason)"
        case .invalidEntry(let entry, let file, let message):
            return "\(file): \(entry): \(message)"
        case .inCluster(let message):
            return "in-cluster configuration: \(message)"
        }
    }

    private static func list(_ files: [String]) -> String {
        files.isEmpty ? "kubeconfig" : files.joined(separator: ":")
    }
}
