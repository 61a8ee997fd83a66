import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KubeCore

/// A minimal HTTP client for tests, until KubeClient is available: JSON in, status code and JSON out.
struct TestHTTPClient: Sendable {
    let baseURL: String
    let token: String?

    struct Reply: Sendable {
        var code: Int
        var body: JSONValue
        var headers: [String: String]
        var text: String
    }

    func request(
        _ method: String, _ path: String, body: JSONValue? = nil, contentType: String = "application/json",
        headers: [String: String] = [:], token overridingToken: String?? = nil
    ) async throws -> Reply {
        guard let url = URL(string: baseURL + path) else { throw URLError(.badURL) }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = 30
        if let body {
            request.httpBody = Data(body.serialized())
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        let bearer = overridingToken ?? token
        if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        var replyHeaders: [String: String] = [:]
        for (key, value) in http?.allHeaderFields ?? [:] {
            if let key = key as? String, let value = value as? String { replyHeaders[key.lowercased()] = value }
        }
        let text = String(decoding: data, as: UTF8.self)
        let json = (try? JSONValue(parsing: Array(data))) ?? .null
        return Reply(code: http?.statusCode ?? 0, body: json, headers: replyHeaders, text: text)
    }

    func get(_ path: String) async throws -> Reply { try await request("GET", path) }
    func post(_ path: String, _ body: JSONValue) async throws -> Reply { try await request("POST", path, body: body) }
    func put(_ path: String, _ body: JSONValue) async throws -> Reply { try await request("PUT", path, body: body) }
    func delete(_ path: String, _ body: JSONValue? = nil) async throws -> Reply { try await request("DELETE", path, body: body) }
    func patch(_ path: String, _ body: JSONValue, type: String) async throws -> Reply {
        try await request("PATCH", path, body: body, contentType: type)
    }

    /// The events of a watch whose response has ended (a timeout, or the server closing it).
    static func events(_ reply: Reply) -> [JSONValue] {
        reply.text.split(separator: "\n").compactMap { try? JSONValue(parsing: String($0)) }
    }
}
