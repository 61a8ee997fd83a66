import Foundation
import KubeCore

/// Server-side printing: the `meta.k8s.io/v1` Table kubectl asks for (`Accept: ...;as=Table`) to print
/// `kubectl get` output. Columns are Name, the CRD's additionalPrinterColumns, and Age.
/// https://kubernetes.io/docs/reference/using-api/api-concepts/#receiving-resources-as-tables
enum TableFormat {
    /// True when the client asks for Tables.
    static func wanted(accept: String?) -> Bool {
        accept?.contains("as=Table") ?? false
    }

    /// A Table of `objects`; `resourceVersion` and `continue` come from the list.
    static func table(_ objects: [JSONValue], resource: ServedResource, version: String, listMetadata: JSONValue) -> JSONValue {
        let columns = self.columns(resource, version: version)
        let definitions: [JSONValue] = columns.map { column in
            [
                "name": column["name"] ?? "", "type": column["type"] ?? "string", "format": column["format"] ?? "",
                "description": column["description"] ?? "", "priority": column["priority"] ?? 0,
            ]
        }
        let rows: [JSONValue] = objects.map { object in
            let cells = columns.map { cell(object, column: $0) }
            return ["cells": .array(cells), "object": object]
        }
        return [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": listMetadata,
            "columnDefinitions": .array(definitions), "rows": .array(rows),
        ]
    }

    private static func columns(_ resource: ServedResource, version: String) -> [JSONValue] {
        let name: JSONValue = ["name": "Name", "type": "string", "format": "name", "jsonPath": ".metadata.name", "description": "Name must be unique within a namespace."]
        let age: JSONValue = ["name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp", "description": "CreationTimestamp is a timestamp representing the server time when this object was created."]
        guard let custom = resource.printerColumns[version], !custom.isEmpty else { return [name, age] }
        return [name] + custom
    }

    private static func cell(_ object: JSONValue, column: JSONValue) -> JSONValue {
        let path = column["jsonPath"]?.stringValue ?? ""
        guard let value = JSONPathLite.evaluate(path, in: object) else { return .null }
        if column["type"]?.stringValue == "date", let text = value.stringValue { return .string(age(since: text)) }
        return value
    }

    /// A creation time as kubectl shows ages: `45s`, `3m`, `5h`, `12d`.
    static func age(since timestamp: String) -> String {
        let formatter = ISO8601DateFormatter()
        guard let date = formatter.date(from: timestamp) else { return "<unknown>" }
        let seconds = max(0, Int(Date().timeIntervalSince(date)))
        switch seconds {
        case ..<120: return "\(seconds)s"
        case ..<(120 * 60): return "\(seconds / 60)m"
        case ..<(48 * 3600): return "\(seconds / 3600)h"
        default: return "\(seconds / 86_400)d"
        }
    }
}

/// The small JSONPath subset printer columns use: `.a.b`, `.a[0]`, `.a[?(@.type=="Ready")].status`.
enum JSONPathLite {
    static func evaluate(_ path: String, in object: JSONValue) -> JSONValue? {
        var current: JSONValue? = object
        var rest = Substring(path.hasPrefix(".") ? String(path.dropFirst()) : path)
        while !rest.isEmpty, let value = current {
            if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]") else { return nil }
                let inside = rest[rest.index(after: rest.startIndex)..<close]
                rest = rest[rest.index(after: close)...]
                if rest.hasPrefix(".") { rest = rest.dropFirst() }
                if let index = Int(inside) {
                    current = value[index]
                } else if inside.hasPrefix("?(@."), let equals = inside.range(of: "==") {
                    let field = String(inside[inside.index(inside.startIndex, offsetBy: 4)..<equals.lowerBound])
                    let wanted = inside[equals.upperBound...].dropLast().trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
                    current = value.arrayValue?.first { $0[field]?.stringValue == wanted }
                } else {
                    return nil
                }
                continue
            }
            let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
            current = value[String(rest[..<end])]
            rest = rest[end...]
            if rest.hasPrefix(".") { rest = rest.dropFirst() }
        }
        return current
    }
}
