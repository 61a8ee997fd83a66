import Foundation

/// Finds and merges kubeconfig files as kubectl does (client-go's `ClientConfigLoadingRules`).
public enum KubeConfigLoader {
    /// The default kubeconfig: `$HOME/.kube/config`.
    public static func defaultPath(environment: [String: String]) -> String {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return "\(home)/.kube/config"
    }

    /// The files `KUBECONFIG` names (separated by `:`), without empty and repeated entries.
    public static func environmentPaths(environment: [String: String]) -> [String] {
        guard let value = environment["KUBECONFIG"] else { return [] }
        var seen = Set<String>()
        return value.split(separator: ":").map(String.init).filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// Loads the kubeconfig kubectl would use.
    ///
    /// - An explicit path (`--kubeconfig`) is the only file read, and it must exist.
    /// - Otherwise every file `KUBECONFIG` lists is read and merged; files that do not exist are
    ///   skipped, as kubectl skips them.
    /// - Otherwise `~/.kube/config`, if it exists.
    ///
    /// Returns nil when no file was found (the caller may then try the in-cluster configuration).
    public static func load(explicitPath: String? = nil, environment: [String: String]) throws(ConfigError) -> KubeConfig? {
        if let explicitPath, !explicitPath.isEmpty {
            return try KubeConfig(contentsOf: explicitPath)
        }
        let listed = environmentPaths(environment: environment)
        let candidates = listed.isEmpty ? [defaultPath(environment: environment)] : listed
        var configs: [KubeConfig] = []
        for path in candidates where FileManager.default.fileExists(atPath: path) {
            configs.append(try KubeConfig(contentsOf: path))
        }
        return configs.isEmpty ? nil : merge(configs)
    }

    /// Merges configurations in precedence order: the first file to define a cluster, user or
    /// context name keeps it whole (entries are not merged field by field), and the first non-empty
    /// `current-context` wins — client-go's `LoadingRules.Load`, which merges the maps and then
    /// the remaining fields from the last file to the first with later ones overriding.
    public static func merge(_ configs: [KubeConfig]) -> KubeConfig {
        var merged = KubeConfig()
        for config in configs {
            merged.clusters.merge(config.clusters) { first, _ in first }
            merged.users.merge(config.users) { first, _ in first }
            merged.contexts.merge(config.contexts) { first, _ in first }
            if merged.currentContext == nil { merged.currentContext = config.currentContext }
            merged.files.append(contentsOf: config.files)
        }
        return merged
    }
}
