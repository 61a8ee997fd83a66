import Foundation

/// Turns `Credentials` into the `Authorization` header of each request, and knows which credentials
/// are worth refreshing after a 401.
final class Authenticator: Sendable {
    private enum Source: Sendable {
        case none
        case header(String)
        case tokenFile(TokenFileSource)
        case exec(ExecCredentialProvider)
    }
    private let source: Source

    init(_ credentials: Credentials, clock: ClientClock, environment: [String: String]) {
        switch credentials {
        case .none:
            source = .none
        case .bearerToken(let token):
            source = .header("Bearer \(token)")
        case .basic(let username, let password):
            source = .header("Basic \(Data("\(username):\(password)".utf8).base64EncodedString())")
        case .tokenFile(let path, let fallback):
            source = .tokenFile(TokenFileSource(path: path, fallback: fallback, clock: clock))
        case .exec(let config):
            source = .exec(ExecCredentialProvider(config: config, clock: clock, environment: environment))
        }
    }

    /// The value of the `Authorization` header, or nil when the request carries none.
    func authorization() async throws(KubeAPIError) -> String? {
        switch source {
        case .none: return nil
        case .header(let value): return value
        case .tokenFile(let tokens): return "Bearer \(try tokens.token())"
        case .exec(let provider): return try await provider.credential().token.map { "Bearer \($0)" }
        }
    }

    /// Called after the server answered 401 to `authorization`: drops what is cached and tells whether
    /// the request is worth sending once more with fresh credentials (only rotating credentials are).
    func refresh(after authorization: String?) async -> Bool {
        switch source {
        case .none, .header:
            return false
        case .tokenFile(let tokens):
            tokens.invalidate()
            return true
        case .exec(let provider):
            let prefix = "Bearer "
            let token = authorization.flatMap { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : nil }
            await provider.invalidate(token: token)
            return true
        }
    }
}
