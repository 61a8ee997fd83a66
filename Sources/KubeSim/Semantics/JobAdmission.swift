import KubeCore

/// kube-apiserver's `ValidateJobSpecUpdate`, for the fields a Job's clients meet: the pod template,
/// `completionMode` and `completions` cannot change once the Job exists, but for an Indexed Job whose
/// new completions equal its new parallelism (elastic Indexed Jobs, GA in Kubernetes 1.31). The template's scheduling
/// directives (labels, annotations, nodeSelector, tolerations, affinity, schedulingGates) may change
/// while the Job is suspended and has never started: that is how Kueue places a queued Job.
enum JobAdmission {
    /// The template's fields a suspended Job that never started may change.
    static let schedulingDirectives: [[String]] = [
        ["metadata", "labels"], ["metadata", "annotations"], ["spec", "nodeSelector"], ["spec", "tolerations"],
        ["spec", "affinity"], ["spec", "schedulingGates"],
    ]

    /// What makes the update of `old` to `new` invalid, one cause per field.
    static func problems(_ new: JSONValue, old: JSONValue) -> [StatusCause] {
        var causes: [StatusCause] = []
        let elastic = new[path: "spec", "completionMode"] == "Indexed" && new[path: "spec", "completions"] == new[path: "spec", "parallelism"]
        for field in ["completionMode", "completions"]
        where new[path: "spec", field] != old[path: "spec", field] && !(field == "completions" && elastic) {
            causes.append(immutable("spec.\(field)", new[path: "spec", field]))
        }
        var newTemplate = new[path: "spec", "template"] ?? .null
        var oldTemplate = old[path: "spec", "template"] ?? .null
        let schedulable = old[path: "spec", "suspend"]?.boolValue == true && old[path: "status", "startTime"] == nil
        if schedulable {
            for path in schedulingDirectives {
                newTemplate[path: path] = nil
                oldTemplate[path: path] = nil
            }
        }
        if newTemplate != oldTemplate { causes.append(immutable("spec.template", new[path: "spec", "template"])) }
        return causes
    }

    private static func immutable(_ field: String, _ value: JSONValue?) -> StatusCause {
        let shown = String(decoding: (value ?? .null).serialized(), as: UTF8.self)
        return StatusCause(reason: "FieldValueInvalid", message: "Invalid value: \(shown): field is immutable", field: field)
    }
}
