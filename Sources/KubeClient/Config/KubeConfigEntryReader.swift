import Foundation
import KubeCore

/// Reads the entries of one kubeconfig document, naming the file and entry in every error and
/// resolving relative paths against the file's directory.
struct KubeConfigEntryReader {
    let path: String
    /// The directory relative paths are resolved against (absolute).
    let directory: String

    init(path: String) {
        self.path = path
        let parent = (path as NSString).deletingLastPathComponent
        if parent.hasPrefix("/") {
            directory = parent
        } else {
            let current = FileManager.default.currentDirectoryPath
            directory = parent.isEmpty ? current : "\(current)/\(parent)"
        }
    }

    func string(_ value: JSONValue?, _ entry: String) throws(ConfigError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        // YAML may read an unquoted number or boolean; kubectl's Go structs would refuse it, but
        // a namespace named `1` or a token of digits is what the user meant.
        case .int(let number)?: return String(number)
        case .bool(let flag)?: return flag ? "true" : "false"
        case let other?: throw .invalidEntry(entry: entry, file: path, message: "expected a string, found \(other.typeName)")
        }
    }

    func bool(_ value: JSONValue?, _ entry: String) throws(ConfigError) -> Bool {
        switch value {
        case nil, .null?: return false
        case .bool(let flag)?: return flag
        case let other?: throw .invalidEntry(entry: entry, file: path, message: "expected true or false, found \(other.typeName)")
        }
    }

    /// A `*-data` field: base64 of the PEM.
    func base64(_ value: JSONValue?, _ entry: String) throws(ConfigError) -> [UInt8]? {
        guard let text = try string(value, entry), !text.isEmpty else { return nil }
        let compact = text.filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: compact) else {
            throw .invalidEntry(entry: entry, file: path, message: "not valid base64")
        }
        return Array(data)
    }

    /// A path field, made absolute against the kubeconfig's directory.
    func filePath(_ value: JSONValue?, _ entry: String) throws(ConfigError) -> String? {
        guard let text = try string(value, entry), !text.isEmpty else { return nil }
        return resolve(text)
    }

    func resolve(_ text: String) -> String {
        if text.hasPrefix("/") { return text }
        if text == "~" || text.hasPrefix("~/") {
            return NSHomeDirectory() + text.dropFirst()
        }
        return "\(directory)/\(text)"
    }

    /// The `[{name, KEY: {...}}]` list of clusters, users or contexts.
    func namedEntries(_ value: JSONValue?, list: String, member: String) throws(ConfigError) -> [(String, JSONValue)] {
        guard let value, !value.isNull else { return [] }
        guard let items = value.arrayValue else {
            throw .invalidEntry(entry: list, file: path, message: "expected a list, found \(value.typeName)")
        }
        var entries: [(String, JSONValue)] = []
        for (index, item) in items.enumerated() {
            guard let name = try string(item["name"], "\(list)[\(index)].name"), !name.isEmpty else {
                throw .invalidEntry(entry: "\(list)[\(index)]", file: path, message: "has no name")
            }
            let body = item[member] ?? .null
            guard body.objectValue != nil || body.isNull else {
                throw .invalidEntry(entry: "\(list)[\(name)].\(member)", file: path, message: "expected a mapping, found \(body.typeName)")
            }
            entries.append((name, body))
        }
        return entries
    }

    func cluster(_ body: JSONValue, entry: String) throws(ConfigError) -> KubeConfig.Cluster {
        KubeConfig.Cluster(
            server: try string(body["server"], "\(entry).server"),
            certificateAuthority: try filePath(body["certificate-authority"], "\(entry).certificate-authority"),
            certificateAuthorityData: try base64(body["certificate-authority-data"], "\(entry).certificate-authority-data"),
            insecureSkipTLSVerify: try bool(body["insecure-skip-tls-verify"], "\(entry).insecure-skip-tls-verify"),
            tlsServerName: try string(body["tls-server-name"], "\(entry).tls-server-name"),
            origin: path)
    }

    func user(_ body: JSONValue, entry: String) throws(ConfigError) -> KubeConfig.User {
        var authProvider: String?
        if let provider = body["auth-provider"], !provider.isNull {
            authProvider = try string(provider["name"], "\(entry).auth-provider.name") ?? "unnamed"
        }
        return KubeConfig.User(
            token: try string(body["token"], "\(entry).token"),
            tokenFile: try filePath(body["tokenFile"], "\(entry).tokenFile"),
            username: try string(body["username"], "\(entry).username"),
            password: try string(body["password"], "\(entry).password"),
            clientCertificate: try filePath(body["client-certificate"], "\(entry).client-certificate"),
            clientCertificateData: try base64(body["client-certificate-data"], "\(entry).client-certificate-data"),
            clientKey: try filePath(body["client-key"], "\(entry).client-key"),
            clientKeyData: try base64(body["client-key-data"], "\(entry).client-key-data"),
            exec: try exec(body["exec"], entry: "\(entry).exec"),
            authProvider: authProvider,
            origin: path)
    }

    func context(_ body: JSONValue, entry: String) throws(ConfigError) -> KubeConfig.Context {
        KubeConfig.Context(
            cluster: try string(body["cluster"], "\(entry).cluster") ?? "",
            user: try string(body["user"], "\(entry).user"),
            namespace: try string(body["namespace"], "\(entry).namespace"),
            origin: path)
    }

    func exec(_ value: JSONValue?, entry: String) throws(ConfigError) -> ExecConfig? {
        guard let value, !value.isNull else { return nil }
        guard let command = try string(value["command"], "\(entry).command"), !command.isEmpty else {
            throw .invalidEntry(entry: entry, file: path, message: "command is required")
        }
        guard let apiVersion = try string(value["apiVersion"], "\(entry).apiVersion"),
            apiVersion == "client.authentication.k8s.io/v1" || apiVersion == "client.authentication.k8s.io/v1beta1"
        else {
            throw .invalidEntry(
                entry: "\(entry).apiVersion", file: path,
                message: "must be client.authentication.k8s.io/v1 or client.authentication.k8s.io/v1beta1")
        }
        var args: [String] = []
        for (index, argument) in (value["args"]?.arrayValue ?? []).enumerated() {
            args.append(try string(argument, "\(entry).args[\(index)]") ?? "")
        }
        var env: [ExecConfig.EnvVar] = []
        for (index, variable) in (value["env"]?.arrayValue ?? []).enumerated() {
            guard let name = try string(variable["name"], "\(entry).env[\(index)].name") else {
                throw .invalidEntry(entry: "\(entry).env[\(index)]", file: path, message: "has no name")
            }
            env.append(ExecConfig.EnvVar(name: name, value: try string(variable["value"], "\(entry).env[\(index)].value") ?? ""))
        }
        let interactiveMode = try string(value["interactiveMode"], "\(entry).interactiveMode")
        // client-go requires interactiveMode from v1 on; v1beta1 defaults it to IfAvailable.
        if apiVersion.hasSuffix("/v1"), interactiveMode == nil {
            throw .invalidEntry(entry: entry, file: path, message: "interactiveMode must be specified for \(apiVersion)")
        }
        return ExecConfig(
            apiVersion: apiVersion,
            // Only a command with a path separator is a path; a bare name is looked up in PATH
            // (client-go's GetAuthInfoFileReferences).
            command: command.contains("/") ? resolve(command) : command,
            args: args, env: env,
            installHint: try string(value["installHint"], "\(entry).installHint"),
            provideClusterInfo: try bool(value["provideClusterInfo"], "\(entry).provideClusterInfo"),
            interactiveMode: interactiveMode ?? "IfAvailable")
    }
}
