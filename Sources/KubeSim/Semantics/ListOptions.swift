import Foundation
import KubeCore

/// The query of a list or watch (metav1.ListOptions), validated.
struct ListOptions: Sendable {
    var labelSelector: String?
    var fieldSelector: String?
    var limit: Int?
    var continueToken: String?
    var resourceVersion: String?
    var resourceVersionMatch: String?
    var allowWatchBookmarks = false
    var sendInitialEvents = false
    var timeoutSeconds: Int?

    /// The version a list must be served at: nil for the latest, or the exact version asked for
    /// (`resourceVersionMatch=Exact`). kube-apiserver's rules are in
    /// https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions
    func listVersion(current: UInt64) throws(APIError) -> UInt64? {
        let version = resourceVersion ?? ""
        if let match = resourceVersionMatch, !match.isEmpty {
            guard !version.isEmpty else {
                throw APIError.badRequest("resourceVersionMatch is forbidden unless resourceVersion is provided")
            }
            guard ["Exact", "NotOlderThan"].contains(match) else {
                throw APIError.badRequest("resourceVersionMatch: Unsupported value: \"\(match)\": supported values: \"Exact\", \"NotOlderThan\"")
            }
        }
        guard !version.isEmpty, version != "0" || resourceVersionMatch == "Exact" else { return nil }
        let number = try Self.parseVersion(version)
        if number > current {
            throw APIError(code: 504, reason: "Timeout", message: "Too large resource version: \(number), current resource version: \(current)")
        }
        return resourceVersionMatch == "Exact" ? number : nil
    }

    static func parseVersion(_ text: String) throws(APIError) -> UInt64 {
        guard let number = UInt64(text) else {
            throw APIError.badRequest("resourceVersion: Invalid value: \"\(text)\": must be a non-negative integer")
        }
        return number
    }
}

/// A continue token: the version of the first page and the last key returned, encoded as
/// kube-apiserver's are (base64 of `{"v":"meta.k8s.io/v1","rv":N,"start":"KEY\u0000"}`).
struct ContinueToken: Sendable, Equatable {
    var resourceVersion: UInt64
    /// The last key returned; the next page starts after it.
    var lastKey: String

    var encoded: String {
        let json: JSONValue = ["v": "meta.k8s.io/v1", "rv": .int(Int64(resourceVersion)), "start": .string(lastKey + "\u{0}")]
        return Data(json.serialized()).base64EncodedString()
    }

    init(resourceVersion: UInt64, lastKey: String) {
        self.resourceVersion = resourceVersion
        self.lastKey = lastKey
    }

    /// Decodes a token; a malformed one is a 400, as kube-apiserver answers.
    init(decoding token: String) throws(APIError) {
        func invalid(_ why: String) -> APIError { APIError.badRequest("continue key is not valid: \(why)") }
        var padded = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while padded.count % 4 != 0 { padded += "=" }
        guard let data = Data(base64Encoded: padded), let json = try? JSONValue(parsing: Array(data)) else {
            throw invalid("illegal base64 data or JSON")
        }
        guard json["v"]?.stringValue == "meta.k8s.io/v1" else { throw invalid("incorrect encoded start resourceVersion (version meta.k8s.io/v1)") }
        guard let version = json["rv"]?.intValue, version > 0 else { throw invalid("incorrect encoded start resourceVersion") }
        guard let start = json["start"]?.stringValue, !start.isEmpty else { throw invalid("encoded start key is empty") }
        self.init(resourceVersion: UInt64(version), lastKey: start.hasSuffix("\u{0}") ? String(start.dropLast()) : start)
    }
}
