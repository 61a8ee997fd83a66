import Foundation

/// A label selector in its string form (`app=web,tier in (a,b),!legacy`), as the `labelSelector` query
/// parameter carries it: equality-based (`=`, `==`, `!=`) and set-based (`in`, `notin`, `key`, `!key`).
/// https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
struct LabelSelectorExpression: Sendable {
    enum Requirement: Sendable {
        case equals(String, String)
        case notEquals(String, String)
        case isIn(String, Set<String>)
        case notIn(String, Set<String>)
        case exists(String)
        case doesNotExist(String)
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    var requirements: [Requirement]

    init(parsing text: String) throws(ParseError) {
        requirements = []
        for term in Self.terms(of: text) {
            requirements.append(try Self.requirement(term))
        }
    }

    func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { requirement in
            switch requirement {
            case .equals(let key, let value): labels[key] == value
            case .notEquals(let key, let value): labels[key] != value
            case .isIn(let key, let values): labels[key].map(values.contains) ?? false
            case .notIn(let key, let values): !(labels[key].map(values.contains) ?? false)
            case .exists(let key): labels[key] != nil
            case .doesNotExist(let key): labels[key] == nil
            }
        }
    }

    /// Splits at the commas that are not inside a `( ... )` value list.
    private static func terms(of text: String) -> [String] {
        var terms: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "(": depth += 1; current.append(character)
            case ")": depth -= 1; current.append(character)
            case "," where depth == 0: terms.append(current); current = ""
            default: current.append(character)
            }
        }
        terms.append(current)
        return terms.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    private static func requirement(_ term: String) throws(ParseError) -> Requirement {
        guard !term.isEmpty else { throw ParseError(description: "found '', expected: identifier") }
        let words = term.split(separator: " ", omittingEmptySubsequences: true)
        if words.count >= 2, ["in", "notin"].contains(words[1]) {
            let key = try validKey(String(words[0]))
            let rest = term.drop { $0 != "(" }
            guard rest.hasPrefix("("), rest.hasSuffix(")") else {
                throw ParseError(description: "\(term): expected a parenthesised value list")
            }
            let values = Set(rest.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            return words[1] == "in" ? .isIn(key, values) : .notIn(key, values)
        }
        for (op, make) in [("!=", Requirement.notEquals), ("==", Requirement.equals), ("=", Requirement.equals)] {
            if let range = term.range(of: op) {
                let key = try validKey(term[..<range.lowerBound].trimmingCharacters(in: .whitespaces))
                let value = term[range.upperBound...].trimmingCharacters(in: .whitespaces)
                guard value.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
                    throw ParseError(description: "\(term): invalid label value: \"\(value)\"")
                }
                return make(key, value)
            }
        }
        if term.hasPrefix("!") { return .doesNotExist(try validKey(String(term.dropFirst()).trimmingCharacters(in: .whitespaces))) }
        return .exists(try validKey(term))
    }

    private static func validKey(_ key: String) throws(ParseError) -> String {
        let allowed = key.allSatisfy { $0.isLetter || $0.isNumber || "-_./".contains($0) }
        guard !key.isEmpty, allowed, key.filter({ $0 == "/" }).count <= 1 else {
            throw ParseError(description: "invalid label key \"\(key)\"")
        }
        return key
    }
}
