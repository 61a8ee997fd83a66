import Foundation
import KubeClient
import Testing

@Suite("Kubeconfig loading and merging")
struct KubeConfigTests {
    static let first = """
        apiVersion: v1
        kind: Config
        current-context: dev
        preferences: {}
        clusters:
        - name: dev-cluster
          cluster:
            server: https://dev.example:6443
            certificate-authority: certs/ca.pem
            tls-server-name: kubernetes
        - name: shared
          cluster:
            server: https://first.example
        users:
        - name: dev-user
          user:
            token: first-token
        contexts:
        - name: dev
          context:
            cluster: dev-cluster
            user: dev-user
            namespace: team-a
        - name: shared
          context:
            cluster: shared
            user: dev-user
        """

    static let second = """
        apiVersion: v1
        kind: Config
        current-context: prod
        clusters:
        - name: shared
          cluster:
            server: https://second.example
        - name: prod-cluster
          cluster:
            server: https://prod.example
            insecure-skip-tls-verify: true
        users:
        - name: dev-user
          user:
            token: second-token
        - name: prod-user
          user:
            client-certificate-data: \(Data("CERT".utf8).base64EncodedString())
            client-key-data: \(Data("KEY".utf8).base64EncodedString())
        contexts:
        - name: prod
          context:
            cluster: prod-cluster
            user: prod-user
        """

    static func write(_ directory: TemporaryDirectory) throws -> (String, String) {
        try directory.write("one/certs/ca.pem", "CA PEM")
        return (try directory.write("one/config", first), try directory.write("two/config", second))
    }

    @Test("with several KUBECONFIG files the first to define an entry or current-context wins")
    func mergePrecedence() throws {
        let directory = try TemporaryDirectory()
        let (one, two) = try Self.write(directory)
        let config = try #require(try KubeConfigLoader.load(environment: ["KUBECONFIG": "\(one)::\(directory.path)/missing:\(two):\(one)"]))
        #expect(config.files == [one, two])
        #expect(config.currentContext == "dev")
        #expect(config.clusters["shared"]?.server == "https://first.example")
        #expect(config.clusters["shared"]?.origin == one)
        #expect(config.users["dev-user"]?.token == "first-token")
        #expect(config.clusters["prod-cluster"]?.server == "https://prod.example")

        let reversed = try #require(try KubeConfigLoader.load(environment: ["KUBECONFIG": "\(two):\(one)"]))
        #expect(reversed.currentContext == "prod")
        #expect(reversed.clusters["shared"]?.server == "https://second.example")
    }

    @Test("the current context selects cluster, user and namespace; relative paths follow the file")
    func currentContext() throws {
        let directory = try TemporaryDirectory()
        let (one, _) = try Self.write(directory)
        let configuration = try ClientConfiguration(kubeConfig: KubeConfig(contentsOf: one))
        #expect(configuration.server == "https://dev.example:6443")
        #expect(configuration.namespace == "team-a")
        #expect(configuration.credentials == .bearerToken("first-token"))
        #expect(configuration.tls.certificateAuthorityPEM == Array("CA PEM".utf8))
        #expect(configuration.tls.serverName == "kubernetes")
    }

    @Test("a context override wins over current-context; client certificate data goes into TLSOptions")
    func contextOverride() throws {
        let directory = try TemporaryDirectory()
        let (one, two) = try Self.write(directory)
        let configuration = try ClientConfiguration.load(context: "prod", environment: ["KUBECONFIG": "\(one):\(two)"])
        #expect(configuration.server == "https://prod.example")
        #expect(configuration.namespace == "default")
        #expect(configuration.tls.clientCertificatePEM == Array("CERT".utf8))
        #expect(configuration.tls.clientKeyPEM == Array("KEY".utf8))
        #expect(configuration.tls.insecureSkipVerify)
        #expect(configuration.credentials == .none)
    }

    @Test("an explicit kubeconfig is read alone, without merging KUBECONFIG")
    func explicitPath() throws {
        let directory = try TemporaryDirectory()
        let (one, two) = try Self.write(directory)
        #expect(throws: ConfigError.missingContext(name: "dev", files: [two])) {
            _ = try ClientConfiguration.load(kubeconfig: two, context: "dev", environment: ["KUBECONFIG": one])
        }
        #expect(throws: ConfigError.missingFile(path: "\(directory.path)/nope")) {
            _ = try ClientConfiguration.load(kubeconfig: "\(directory.path)/nope", environment: [:])
        }
    }

    @Test("relative token files, certificates and exec commands resolve against the kubeconfig's directory")
    func relativePaths() throws {
        let directory = try TemporaryDirectory()
        try directory.write("conf/token", "from-file")
        try directory.write("conf/client.crt", "CERT")
        try directory.write("conf/client.key", "KEY")
        let path = try directory.write(
            "conf/config",
            """
            clusters:
            - name: c
              cluster: {server: "https://c.example"}
            users:
            - name: files
              user: {tokenFile: token, client-certificate: client.crt, client-key: ./client.key}
            - name: exec
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: ./bin/plugin
                  args: [get-token]
                  env: [{name: A, value: b}]
            - name: pathexec
              user:
                exec: {apiVersion: client.authentication.k8s.io/v1, command: aws, interactiveMode: Never}
            contexts:
            - {name: files, context: {cluster: c, user: files}}
            - {name: exec, context: {cluster: c, user: exec}}
            - {name: pathexec, context: {cluster: c, user: pathexec}}
            """)
        let config = try KubeConfig(contentsOf: path)
        let files = try ClientConfiguration(kubeConfig: config, context: "files")
        #expect(files.credentials == .tokenFile(path: "\(directory.path)/conf/token", fallback: nil))
        #expect(files.tls.clientCertificatePEM == Array("CERT".utf8))
        #expect(files.tls.clientKeyPEM == Array("KEY".utf8))
        guard case .exec(let exec) = try ClientConfiguration(kubeConfig: config, context: "exec").credentials else {
            Issue.record("expected exec credentials")
            return
        }
        #expect(exec.command == "\(directory.path)/conf/./bin/plugin")
        #expect(exec.args == ["get-token"])
        #expect(exec.env == [ExecConfig.EnvVar(name: "A", value: "b")])
        #expect(exec.cluster?.server == "https://c.example")
        guard case .exec(let onPath) = try ClientConfiguration(kubeConfig: config, context: "pathexec").credentials else {
            Issue.record("expected exec credentials")
            return
        }
        #expect(onPath.command == "aws")
    }

    @Test("basic auth and a token file with an inline token are read from the user")
    func otherCredentials() throws {
        let directory = try TemporaryDirectory()
        try directory.write("token", "t")
        let path = try directory.write(
            "config",
            """
            current-context: basic
            clusters: [{name: c, cluster: {server: "https://c.example"}}]
            users:
            - {name: basic, user: {username: admin, password: pw}}
            - {name: both, user: {token: inline, tokenFile: token}}
            contexts:
            - {name: basic, context: {cluster: c, user: basic}}
            - {name: both, context: {cluster: c, user: both}}
            """)
        let config = try KubeConfig(contentsOf: path)
        #expect(try ClientConfiguration(kubeConfig: config).credentials == .basic(username: "admin", password: "pw"))
        #expect(try ClientConfiguration(kubeConfig: config, context: "both").credentials == .tokenFile(path: "\(directory.path)/token", fallback: "inline"))
    }
}

@Suite("Kubeconfig errors")
struct KubeConfigErrorTests {
    @Test("each bad kubeconfig gives one line naming the file and the entry")
    func errors() throws {
        let directory = try TemporaryDirectory()
        let missingContext = try directory.write("a", "current-context: nope\ncontexts: []\n")
        let missingCluster = try directory.write("b", "current-context: x\ncontexts: [{name: x, context: {cluster: gone, user: u}}]\n")
        let missingUser = try directory.write(
            "c", "current-context: x\nclusters: [{name: c, cluster: {server: 'https://c'}}]\ncontexts: [{name: x, context: {cluster: c, user: ghost}}]\n")
        let missingCert = try directory.write(
            "d",
            "current-context: x\nclusters: [{name: c, cluster: {server: 'https://c', certificate-authority: nothere.pem}}]\ncontexts: [{name: x, context: {cluster: c}}]\n")
        let malformed = try directory.write("e", "clusters:\n  - name: [unclosed\n")
        let badBase64 = try directory.write("f", "clusters: [{name: c, cluster: {server: 'https://c', certificate-authority-data: '!!!'}}]\n")
        let noServer = try directory.write("g", "current-context: x\nclusters: [{name: c, cluster: {}}]\ncontexts: [{name: x, context: {cluster: c}}]\n")
        let cases: [(String, String)] = [
            (missingContext, "\(missingContext): context \"nope\" not found"),
            (missingCluster, "\(missingCluster): cluster \"gone\" of context \"x\" not found"),
            (missingUser, "\(missingUser): user \"ghost\" of context \"x\" not found"),
            (missingCert, "\(missingCert): clusters[c].certificate-authority: cannot read \(directory.path)/nothere.pem: no such file"),
            (badBase64, "\(badBase64): clusters[c].certificate-authority-data: not valid base64"),
            (noServer, "\(noServer): clusters[c].server: no server is set"),
        ]
        for (path, expected) in cases {
            do throws(ConfigError) {
                _ = try ClientConfiguration.load(kubeconfig: path, environment: [:])
                Issue.record("\(path) should fail")
            } catch {
                #expect(error.description == expected)
                #expect(!error.description.contains("\n"))
            }
        }
        do throws(ConfigError) {
            _ = try ClientConfiguration.load(kubeconfig: malformed, environment: [:])
            Issue.record("malformed YAML should fail")
        } catch {
            #expect(error.description.hasPrefix("\(malformed): not a valid kubeconfig: "))
            #expect(error.description.contains("line"))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("with no kubeconfig and no cluster the error says where it looked")
    func nothingFound() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: ConfigError.noConfiguration(searched: ["\(directory.path)/.kube/config"])) {
            _ = try ClientConfiguration.load(environment: ["HOME": directory.path])
        }
    }
}

@Suite("In-cluster configuration")
struct InClusterConfigurationTests {
    @Test("the service account's token, CA and namespace configure the client")
    func fromServiceAccount() throws {
        let directory = try TemporaryDirectory()
        try directory.write("token", "sa-token\n")
        try directory.write("ca.crt", "CLUSTER CA")
        try directory.write("namespace", "aifleet-system\n")
        let environment = ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "443"]
        let configuration = try ClientConfiguration.load(environment: environment, serviceAccountDirectory: directory.path)
        #expect(configuration.server == "https://[fd00::1]:443")
        #expect(configuration.namespace == "aifleet-system")
        #expect(configuration.tls.certificateAuthorityPEM == Array("CLUSTER CA".utf8))
        #expect(configuration.credentials == .tokenFile(path: "\(directory.path)/token", fallback: nil))
    }

    @Test("without a token the in-cluster configuration fails naming the file")
    func missingToken() throws {
        let directory = try TemporaryDirectory()
        let environment = ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"]
        #expect(throws: ConfigError.inCluster("\(directory.path)/token: the service account token is missing or empty")) {
            _ = try ClientConfiguration.inCluster(environment: environment, serviceAccountDirectory: directory.path)
        }
    }

    @Test("KUBECONFIG wins over the in-cluster environment")
    func kubeconfigFirst() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "config", "current-context: x\nclusters: [{name: c, cluster: {server: 'https://k.example'}}]\ncontexts: [{name: x, context: {cluster: c}}]\n")
        let environment = ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443", "KUBECONFIG": path]
        #expect(try ClientConfiguration.load(environment: environment, serviceAccountDirectory: directory.path).server == "https://k.example")
    }
}
