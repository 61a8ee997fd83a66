/// How the client proves who it is, besides a client certificate (which travels in `TLSOptions`).
public enum Credentials: Sendable, Hashable {
    /// No authentication header (client certificate only, or an anonymous request).
    case none
    /// `Authorization: Bearer TOKEN`.
    case bearerToken(String)
    /// A bearer token read from a file and re-read when it rotates (projected service-account tokens
    /// are refreshed by the kubelet well before they expire). `fallback` is a token to use while the
    /// file cannot be read, as client-go does with a kubeconfig that sets both `token` and `tokenFile`.
    case tokenFile(path: String, fallback: String?)
    /// `Authorization: Basic base64(username:password)`.
    case basic(username: String, password: String)
    /// A credential plugin run on demand (`client.authentication.k8s.io`), its answer cached until it expires.
    case exec(ExecConfig)
}

/// The `exec` section of a kubeconfig user: a command that prints an `ExecCredential`.
public struct ExecConfig: Sendable, Hashable {
    /// `client.authentication.k8s.io/v1` or `/v1beta1`.
    public var apiVersion: String
    /// The program; a relative path with a `/` is already resolved against the kubeconfig's directory.
    public var command: String
    public var args: [String]
    /// Set in the plugin's environment on top of the client's own.
    public var env: [EnvVar]
    /// Shown when the command cannot be run, e.g. how to install it.
    public var installHint: String?
    /// Pass the cluster (server, CA) to the plugin in `KUBERNETES_EXEC_INFO`.
    public var provideClusterInfo: Bool
    /// `Never`, `IfAvailable` or `Always`; this client never has a terminal, so `Always` fails.
    public var interactiveMode: String?
    /// The cluster the credential is for, passed when `provideClusterInfo` is set.
    public var cluster: ExecClusterInfo?
    /// How long the plugin may run before it is killed. Default 60 s.
    public var timeout: Duration

    /// One environment variable of the plugin.
    public struct EnvVar: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(
        apiVersion: String, command: String, args: [String] = [], env: [EnvVar] = [], installHint: String? = nil,
        provideClusterInfo: Bool = false, interactiveMode: String? = nil, cluster: ExecClusterInfo? = nil,
        timeout: Duration = .seconds(60)
    ) {
        self.apiVersion = apiVersion
        self.command = command
        self.args = args
        self.env = env
        self.installHint = installHint
        self.provideClusterInfo = provideClusterInfo
        self.interactiveMode = interactiveMode
        self.cluster = cluster
        self.timeout = timeout
    }
}

/// The cluster as an exec plugin sees it in `spec.cluster` of `KUBERNETES_EXEC_INFO`.
public struct ExecClusterInfo: Sendable, Hashable {
    public var server: String
    public var tlsServerName: String?
    public var insecureSkipTLSVerify: Bool
    public var certificateAuthorityData: [UInt8]?

    public init(
        server: String, tlsServerName: String? = nil, insecureSkipTLSVerify: Bool = false,
        certificateAuthorityData: [UInt8]? = nil
    ) {
        self.server = server
        self.tlsServerName = tlsServerName
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.certificateAuthorityData = certificateAuthorityData
    }
}
