import KubeCore

/// Cuts a watch response body into events: the API server writes one JSON object per line, and the
/// transport hands over chunks that may end anywhere, mid-line or mid-character.
struct WatchEventDecoder<Object: Decodable & Sendable> {
    private var buffer: [UInt8] = []
    /// Where the search for the next newline resumes, so each byte is scanned once.
    private var scanned = 0

    /// The events completed by `chunk`, in order.
    mutating func feed(_ chunk: [UInt8]) throws(KubeAPIError) -> [WatchEvent<Object>] {
        buffer.append(contentsOf: chunk)
        var events: [WatchEvent<Object>] = []
        var lineStart = 0
        while let newline = buffer[scanned...].firstIndex(of: 0x0A) {
            if let event = try Self.decodeLine(buffer[lineStart..<newline]) { events.append(event) }
            lineStart = newline + 1
            scanned = lineStart
        }
        if lineStart > 0 { buffer.removeFirst(lineStart) }
        scanned = buffer.count
        return events
    }

    /// The event in a last line the server did not end with a newline, if any.
    mutating func finish() throws(KubeAPIError) -> WatchEvent<Object>? {
        defer {
            buffer = []
            scanned = 0
        }
        return try Self.decodeLine(buffer[...])
    }

    static func decodeLine(_ line: ArraySlice<UInt8>) throws(KubeAPIError) -> WatchEvent<Object>? {
        guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { return nil }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: line)
        } catch {
            throw .decoding("a watch event is not JSON: \(error)")
        }
        guard let typeName = value["type"]?.stringValue, let type = WatchEventType(rawValue: typeName) else {
            throw .decoding("a watch event has an unknown type \(value["type"]?.description ?? "(none)")")
        }
        guard let object = value["object"] else { throw .decoding("a \(typeName) watch event has no object") }
        switch type {
        case .added: return .added(try BodyCoding.decode(Object.self, from: object))
        case .modified: return .modified(try BodyCoding.decode(Object.self, from: object))
        case .deleted: return .deleted(try BodyCoding.decode(Object.self, from: object))
        case .error:
            return .error(try BodyCoding.decode(Status.self, from: object))
        case .bookmark:
            var annotations: [String: String] = [:]
            for (key, member) in object[path: "metadata", "annotations"]?.objectValue ?? [:] {
                if let text = member.stringValue { annotations[key] = text }
            }
            return .bookmark(
                WatchBookmark(
                    resourceVersion: object[path: "metadata", "resourceVersion"]?.stringValue ?? "",
                    annotations: annotations))
        }
    }
}
