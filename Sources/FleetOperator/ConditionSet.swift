import KubeCore

/// Builds a status's conditions, keeping each condition's `lastTransitionTime` from the live
/// status while its status does not change, so an unchanged condition never causes a write
/// (https://github.com/kubernetes/community/blob/master/contributors/devel/sig-architecture/api-conventions.md#typical-status-properties).
struct ConditionSet {
    private let previous: [String: JSONValue]
    private let generation: Int64?
    private(set) var conditions: [JSONValue] = []

    init(previous status: JSONValue?, generation: Int64?) {
        var byType: [String: JSONValue] = [:]
        for condition in status?["conditions"]?.arrayValue ?? [] {
            if let type = condition["type"]?.stringValue { byType[type] = condition }
        }
        self.previous = byType
        self.generation = generation
    }

    mutating func set(_ type: String, _ status: Bool, reason: String, message: String) {
        let statusText = status ? "True" : "False"
        let earlier = previous[type]
        let transition =
            earlier?["status"]?.stringValue == statusText
            ? earlier?["lastTransitionTime"] ?? .string(Timestamp.now()) : .string(Timestamp.now())
        var condition: JSONObject = [
            "type": .string(type), "status": .string(statusText), "reason": .string(reason),
            "message": .string(message), "lastTransitionTime": transition,
        ]
        if let generation { condition["observedGeneration"] = .int(generation) }
        conditions.append(.object(condition))
    }

    var json: JSONValue { .array(conditions) }

    /// `status` with the conditions' `lastTransitionTime` removed.
    static func withoutTransitionTimes(_ status: JSONValue) -> JSONValue {
        guard case .object(var object) = status, let conditions = object["conditions"]?.arrayValue else { return status }
        object["conditions"] = .array(conditions.map { condition in
            guard case .object(var fields) = condition else { return condition }
            fields["lastTransitionTime"] = nil
            return .object(fields)
        })
        return .object(object)
    }
}

/// Cost figures as they go in a status: rounded to a hundredth of a cent, so float noise never
/// makes a status differ.
func roundedDollars(_ amount: Double) -> JSONValue {
    .double((amount * 10_000).rounded() / 10_000)
}
