public import Foundation

extension ClientConfiguration {
    /// Where a pod finds its service account's token, CA and namespace.
    public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// The configuration of a pod talking to its own cluster: the API server from
    /// `KUBERNETES_SERVICE_HOST`/`KUBERNETES_SERVICE_PORT`, the service account's token (re-read as
    /// the kubelet rotates it), CA and namespace, as client-go's `rest.InClusterConfig`.
    ///
    /// - Parameter serviceAccountDirectory: where `token`, `ca.crt` and `namespace` are; tests point
    ///   it at a temporary directory.
    public static func inCluster(
        environment: [String: String], serviceAccountDirectory: String = ClientConfiguration.serviceAccountDirectory
    ) throws(ConfigError) -> ClientConfiguration {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
            let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else {
            throw .inCluster("KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set (not running in a pod?)")
        }
        let tokenPath = "\(serviceAccountDirectory)/token"
        guard let tokenData = FileManager.default.contents(atPath: tokenPath),
            !String(decoding: tokenData, as: UTF8.self).trimmingWhitespace().isEmpty
        else {
            throw .inCluster("\(tokenPath): the service account token is missing or empty")
        }
        // An IPv6 address needs brackets in a URL.
        let hostPart = host.contains(":") ? "[\(host)]" : host
        // Without ca.crt the system's trust store is used, as client-go carries on without it.
        let authority = FileManager.default.contents(atPath: "\(serviceAccountDirectory)/ca.crt").map { Array($0) }
        let namespace = FileManager.default.contents(atPath: "\(serviceAccountDirectory)/namespace")
            .map { String(decoding: $0, as: UTF8.self).trimmingWhitespace() }
            .flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        return ClientConfiguration(
            server: "https://\(hostPart):\(port)",
            tls: TLSOptions(certificateAuthorityPEM: authority),
            credentials: .tokenFile(path: tokenPath, fallback: nil),
            namespace: namespace)
    }

    /// Whether the environment looks like a pod's (the service variables are set).
    public static func isInCluster(environment: [String: String]) -> Bool {
        environment["KUBERNETES_SERVICE_HOST"]?.isEmpty == false && environment["KUBERNETES_SERVICE_PORT"]?.isEmpty == false
    }

    /// The configuration an operator uses, in controller-runtime's order (`config.GetConfig`):
    /// an explicit kubeconfig; else the files of `KUBECONFIG`; else the in-cluster configuration when
    /// running in a pod; else `~/.kube/config`.
    ///
    /// - Parameters:
    ///   - kubeconfig: `--kubeconfig`; when set, only that file is read.
    ///   - context: `--context`, overriding the kubeconfig's current context.
    public static func load(
        kubeconfig: String? = nil, context: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        serviceAccountDirectory: String = ClientConfiguration.serviceAccountDirectory
    ) throws(ConfigError) -> ClientConfiguration {
        if let kubeconfig, !kubeconfig.isEmpty {
            return try ClientConfiguration(kubeConfig: KubeConfig(contentsOf: kubeconfig), context: context)
        }
        if !KubeConfigLoader.environmentPaths(environment: environment).isEmpty,
            let config = try KubeConfigLoader.load(environment: environment)
        {
            return try ClientConfiguration(kubeConfig: config, context: context)
        }
        if isInCluster(environment: environment) {
            return try inCluster(environment: environment, serviceAccountDirectory: serviceAccountDirectory)
        }
        let defaultPath = KubeConfigLoader.defaultPath(environment: environment)
        if FileManager.default.fileExists(atPath: defaultPath) {
            return try ClientConfiguration(kubeConfig: KubeConfig(contentsOf: defaultPath), context: context)
        }
        throw .noConfiguration(searched: KubeConfigLoader.environmentPaths(environment: environment) + [defaultPath])
    }
}
