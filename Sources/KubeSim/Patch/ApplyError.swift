/// One field an apply would take from another manager.
public struct ApplyConflict: Sendable, Equatable {
    /// The other manager's name.
    public var manager: String
    /// The field as the API server prints it: `.spec.replicas`.
    public var field: String
    /// The other manager's operation, `Apply` or `Update`.
    public var operation: String
    /// The API version the other manager wrote with (an `Update` conflict names it).
    public var apiVersion: String?
    /// The other manager's subresource, e.g. `status`.
    public var subresource: String?

    public init(manager: String, field: String, operation: String = "Apply", apiVersion: String? = nil, subresource: String? = nil) {
        self.manager = manager
        self.field = field
        self.operation = operation
        self.apiVersion = apiVersion
        self.subresource = subresource
    }

    /// The cause's message, as kube-apiserver writes it: `conflict with "kubectl-client-side-apply" using v1`
    /// for an updater, `conflict with "other-applier"` for an applier.
    public var message: String { "conflict with " + managerDescription }

    /// The other manager as the API server names it: `"x"`, `"x" with subresource "status"`,
    /// `"x" using v1` for an updater.
    public var managerDescription: String {
        var text = "\"\(manager)\""
        if let subresource, !subresource.isEmpty { text += " with subresource \"\(subresource)\"" }
        if operation == "Update", let apiVersion { text += " using \(apiVersion)" }
        return text
    }
}

/// Why a server-side apply was refused.
public enum ApplyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Fields owned by other managers would change: 409 Conflict, one cause of reason
    /// `FieldManagerConflict` per conflict, with ``ApplyConflict/field`` and ``ApplyConflict/message``.
    case conflicts([ApplyConflict])
    /// The configuration or the stored managed fields are invalid: 422.
    case invalid(String)

    /// The Status message, as kube-apiserver words it: `Apply failed with 1 conflict: conflict with
    /// "x" using v1: .spec.size`, or for several the conflicts grouped by manager, one `- FIELD` line each.
    public var message: String {
        switch self {
        case .invalid(let message):
            return message
        case .conflicts(let conflicts):
            if conflicts.count == 1, let only = conflicts.first {
                return "Apply failed with 1 conflict: \(only.message): \(only.field)"
            }
            var lines: [String] = []
            var managers: [String] = []
            var fields: [String: [String]] = [:]
            for conflict in conflicts {
                let manager = "conflicts with " + conflict.managerDescription
                if fields[manager] == nil { managers.append(manager) }
                fields[manager, default: []].append(conflict.field)
            }
            for manager in managers.sorted() {
                lines.append(manager + ":")
                lines += fields[manager, default: []].map { "- " + $0 }
            }
            return "Apply failed with \(conflicts.count) conflicts: " + lines.joined(separator: "\n")
        }
    }

    public var description: String { message }
}
