public import KubeCore

/// RFC 6902 JSON patch (`application/json-patch+json`): a list of `add`, `remove`, `replace`, `move`,
/// `copy` and `test` operations applied in order, all or nothing.
///
/// Paths are RFC 6901 JSON pointers (`/spec/containers/0/image`, `~1` for `/`, `~0` for `~`); `-`
/// as the last array token of `add` appends.
///
/// ## Errors
/// A document that is not a list of well-formed operations is ``PatchError/malformed(_:)`` (the
/// API server answers 400); an operation whose path does not resolve is ``PatchError/invalid(_:)``
/// and a failed `test` is ``PatchError/testFailed(_:)`` (both 422, as kube-apiserver answers).
public enum JSONPatch {
    /// Applies `operations` to `target` in order; any failure leaves nothing applied.
    public static func apply(_ operations: JSONValue, to target: JSONValue) throws(PatchError) -> JSONValue {
        guard case .array(let list) = operations else {
            throw .malformed("JSON patch must be a list of operations, found \(operations.typeName)")
        }
        var document = target
        for (index, operation) in list.enumerated() {
            try apply(operation, index: index, to: &document)
        }
        return document
    }

    private static func apply(_ operation: JSONValue, index: Int, to document: inout JSONValue) throws(PatchError) {
        guard case .object(let members) = operation else {
            throw .malformed("JSON patch operation \(index) must be an object, found \(operation.typeName)")
        }
        guard let op = members["op"]?.stringValue else {
            throw .malformed("JSON patch operation \(index) has no \"op\"")
        }
        let path = try pointer(members, "path", op: op, index: index)
        switch op {
        case "add":
            try add(value(members, op: op, index: index), at: path, in: &document)
        case "remove":
            _ = try remove(at: path, from: &document, op: op)
        case "replace":
            let new = try value(members, op: op, index: index)
            try modify(&document, at: path[...], op: op) { (slot: inout JSONValue?) throws(PatchError) in
                guard slot != nil else { throw missing(op, path) }
                slot = new
            }
        case "move":
            let from = try pointer(members, "from", op: op, index: index)
            guard from == path || !path.starts(with: from) else {
                throw .invalid("move operation does not apply: \(render(path)) is a child of \(render(from))")
            }
            let moved = try remove(at: from, from: &document, op: op)
            try add(moved, at: path, in: &document)
        case "copy":
            let from = try pointer(members, "from", op: op, index: index)
            guard let copied = resolve(from, in: document) else { throw missing(op, from) }
            try add(copied, at: path, in: &document)
        case "test":
            let expected = try value(members, op: op, index: index)
            guard let actual = resolve(path, in: document) else { throw missing(op, path) }
            guard numericallyEqual(actual, expected) else {
                throw .testFailed("testing value \(render(path)) failed: test failed")
            }
        default:
            throw .malformed("JSON patch operation \(index) has unknown op \"\(op)\"")
        }
    }

    // MARK: Operations

    private static func add(_ value: JSONValue, at path: [String], in document: inout JSONValue) throws(PatchError) {
        guard let last = path.last else {
            document = value
            return
        }
        try modifyParent(&document, of: path, op: "add") { (parent: inout JSONValue) throws(PatchError) in
            switch parent {
            case .object(var object):
                parent = .null
                object[last] = value
                parent = .object(object)
            case .array(var array):
                let position = try last == "-" ? array.count : arrayIndex(last, count: array.count + 1, op: "add", path)
                parent = .null
                array.insert(value, at: position)
                parent = .array(array)
            default:
                throw missing("add", path)
            }
        }
    }

    private static func remove(at path: [String], from document: inout JSONValue, op: String) throws(PatchError) -> JSONValue {
        guard let last = path.last else { throw .invalid("\(op) operation does not apply: cannot remove the whole document") }
        var removed = JSONValue.null
        try modifyParent(&document, of: path, op: op) { (parent: inout JSONValue) throws(PatchError) in
            switch parent {
            case .object(var object):
                guard let value = object[last] else { throw missing(op, path) }
                removed = value
                parent = .null
                object.removeValue(forKey: last)
                parent = .object(object)
            case .array(var array):
                let position = try arrayIndex(last, count: array.count, op: op, path)
                removed = array[position]
                parent = .null
                array.remove(at: position)
                parent = .array(array)
            default:
                throw missing(op, path)
            }
        }
        return removed
    }

    // MARK: Pointer navigation

    /// Calls `body` with the container that holds the last token of `path`.
    private static func modifyParent(
        _ document: inout JSONValue, of path: [String], op: String,
        _ body: (inout JSONValue) throws(PatchError) -> Void
    ) throws(PatchError) {
        try modify(&document, at: path.dropLast(), op: op) { (slot: inout JSONValue?) throws(PatchError) in
            guard var parent = slot else { throw missing(op, path) }
            slot = nil
            try body(&parent)
            slot = parent
        }
    }

    /// Calls `body` with the value at `tokens` (nil when the last token names a missing member);
    /// a missing intermediate container is an error.
    private static func modify(
        _ value: inout JSONValue, at tokens: ArraySlice<String>, op: String,
        _ body: (inout JSONValue?) throws(PatchError) -> Void
    ) throws(PatchError) {
        guard let token = tokens.first else {
            var slot: JSONValue? = value
            try body(&slot)
            value = slot ?? .null
            return
        }
        let rest = tokens.dropFirst()
        switch value {
        case .object(var object):
            value = .null
            defer { value = .object(object) }
            if rest.isEmpty {
                var slot = object[token]
                try body(&slot)
                object[token] = slot
            } else {
                guard var child = object[token] else { throw missing(op, Array(tokens)) }
                object[token] = .null
                defer { object[token] = child }
                try modify(&child, at: rest, op: op, body)
            }
        case .array(var array):
            let position = try arrayIndex(token, count: array.count, op: op, Array(tokens))
            value = .null
            defer { value = .array(array) }
            var child: JSONValue? = array[position]
            array[position] = .null
            defer { array[position] = child ?? .null }
            if rest.isEmpty {
                try body(&child)
            } else if var nested = child {
                try modify(&nested, at: rest, op: op, body)
                child = nested
            }
        default:
            throw missing(op, Array(tokens))
        }
    }

    /// The value a pointer names, or nil.
    static func resolve(_ path: [String], in document: JSONValue) -> JSONValue? {
        var current = document
        for token in path {
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let array):
                guard let position = Int(token), token == String(position), array.indices.contains(position) else {
                    return nil
                }
                current = array[position]
            default:
                return nil
            }
        }
        return current
    }

    // MARK: Parsing

    /// Splits an RFC 6901 pointer into unescaped tokens: `""` is the whole document.
    static func parsePointer(_ pointer: String) -> [String]? {
        if pointer.isEmpty { return [] }
        guard pointer.hasPrefix("/") else { return nil }
        var tokens: [String] = []
        for raw in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var token = ""
            var escaping = false
            for character in raw {
                if escaping {
                    switch character {
                    case "0": token.append("~")
                    case "1": token.append("/")
                    default: return nil
                    }
                    escaping = false
                } else if character == "~" {
                    escaping = true
                } else {
                    token.append(character)
                }
            }
            if escaping { return nil }
            tokens.append(token)
        }
        return tokens
    }

    private static func pointer(_ members: JSONObject, _ name: String, op: String, index: Int) throws(PatchError) -> [String] {
        guard let text = members[name]?.stringValue else {
            throw .malformed("JSON patch operation \(index) (\(op)) has no \"\(name)\"")
        }
        guard let tokens = parsePointer(text) else {
            throw .malformed("JSON patch operation \(index) (\(op)): invalid JSON pointer \"\(text)\"")
        }
        return tokens
    }

    private static func value(_ members: JSONObject, op: String, index: Int) throws(PatchError) -> JSONValue {
        guard let value = members["value"] else {
            throw .malformed("JSON patch operation \(index) (\(op)) has no \"value\"")
        }
        return value
    }

    /// An RFC 6901 array index: digits without leading zeros, below `count`.
    private static func arrayIndex(_ token: String, count: Int, op: String, _ path: [String]) throws(PatchError) -> Int {
        guard let position = Int(token), token == String(position), position >= 0, position < count else {
            throw .invalid("\(op) operation does not apply: index \"\(token)\" is out of bounds at \(render(path))")
        }
        return position
    }

    private static func missing(_ op: String, _ path: [String]) -> PatchError {
        .invalid("\(op) operation does not apply: doc is missing path: \(render(path))")
    }

    /// The pointer text of `path`, escaped again.
    static func render(_ path: [String]) -> String {
        path.map { token in
            "/" + String(token.flatMap { character -> [Character] in
                switch character {
                case "~": return ["~", "0"]
                case "/": return ["~", "1"]
                default: return [character]
                }
            })
        }.joined()
    }

    /// RFC 6902 section 4.6: numbers are equal when their values are, whatever their spelling.
    private static func numericallyEqual(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.int, .double), (.double, .int): return a.doubleValue == b.doubleValue
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { numericallyEqual($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.allSatisfy { key, value in y[key].map { numericallyEqual(value, $0) } ?? false }
        default: return a == b
        }
    }
}
