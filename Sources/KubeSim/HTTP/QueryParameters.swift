import Foundation

/// The query string of a request, decoded as Go's `url.ParseQuery` does (`+` is a space), since kubectl
/// and client-go encode selectors that way.
struct QueryParameters: Sendable {
    private var values: [String: String] = [:]

    init(_ query: String?) {
        guard let query else { return }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                // Foundation's decoding is slow enough to show in a profile; most values need none.
                guard text.utf8.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) else { return String(text) }
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            guard let key = parts.first else { continue }
            values[decode(key)] = parts.count > 1 ? decode(parts[1]) : ""
        }
    }

    subscript(name: String) -> String? { values[name] }

    /// A boolean flag: `1`, `true` (any case) and `t` count as true, as in Go's strconv.ParseBool.
    func flag(_ name: String) -> Bool {
        guard let value = values[name]?.lowercased() else { return false }
        return ["1", "true", "t"].contains(value)
    }

    func integer(_ name: String) -> Int? { values[name].flatMap { Int($0) } }

    /// The list options of a list or watch.
    var listOptions: ListOptions {
        var options = ListOptions()
        options.labelSelector = self["labelSelector"]
        options.fieldSelector = self["fieldSelector"]
        options.limit = integer("limit")
        options.continueToken = self["continue"]
        options.resourceVersion = self["resourceVersion"]
        options.resourceVersionMatch = self["resourceVersionMatch"]
        options.allowWatchBookmarks = flag("allowWatchBookmarks")
        options.sendInitialEvents = flag("sendInitialEvents")
        options.timeoutSeconds = integer("timeoutSeconds")
        return options
    }
}
