import KubeCore

extension Cluster {
    /// The `autoscaling/v1` Scale of an object, read through the resource's scale paths.
    func scale(of object: JSONValue, paths: ScalePaths) -> JSONValue {
        let metadata = object["metadata"] ?? [:]
        var scaleMetadata: JSONObject = [:]
        for key in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            if let value = metadata[key] { scaleMetadata[key] = value }
        }
        var status: JSONObject = ["replicas": object[path: ScalePaths.keys(paths.statusReplicasPath)] ?? 0]
        if let selectorPath = paths.labelSelectorPath, let selector = object[path: ScalePaths.keys(selectorPath)] {
            status["selector"] = selector
        } else if let matchLabels = object[path: "spec", "selector", "matchLabels"]?.objectValue {
            // Built-in workloads report their selector in this string form.
            status["selector"] = .string(matchLabels.map { "\($0.key)=\($0.value.stringValue ?? "")" }.sorted().joined(separator: ","))
        }
        return [
            "kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": .object(scaleMetadata),
            "spec": ["replicas": object[path: ScalePaths.keys(paths.specReplicasPath)] ?? 0],
            "status": .object(status),
        ]
    }

    /// GET `/scale`.
    func getScale(_ resource: ServedResource, version: String, namespace: String?, name: String) throws(APIError) -> JSONValue {
        let paths = try scalePaths(resource)
        return scale(of: try get(resource, version: version, namespace: namespace, name: name), paths: paths)
    }

    /// PUT or PATCH `/scale`: `intended` turns the current Scale into the wanted one; its
    /// `spec.replicas` is written to the object (a stale Scale resourceVersion is a 409).
    func updateScale(
        _ resource: ServedResource, version: String, namespace: String?, name: String, options: WriteOptions,
        intended: (JSONValue) throws(APIError) -> JSONValue
    ) throws(APIError) -> JSONValue {
        let paths = try scalePaths(resource)
        let updated = try update(resource, version: version, namespace: namespace, name: name, subresource: "scale", options: options) {
            current throws(APIError) in
            let wanted = try intended(scale(of: current, paths: paths))
            guard let replicas = wanted[path: "spec", "replicas"]?.intValue, replicas >= 0 else {
                throw APIError.invalid(
                    group: "autoscaling", kind: "Scale", name: name,
                    causes: [StatusCause(reason: "FieldValueInvalid", message: "Invalid value: must be greater than or equal to 0", field: "spec.replicas")])
            }
            var object = current
            object[path: ScalePaths.keys(paths.specReplicasPath)] = .int(replicas)
            object[path: "metadata", "resourceVersion"] = wanted[path: "metadata", "resourceVersion"] ?? .null
            return object
        }
        return scale(of: updated, paths: paths)
    }

    private func scalePaths(_ resource: ServedResource) throws(APIError) -> ScalePaths {
        guard let paths = resource.scale else { throw APIError.pageNotFound("\(resource.id)/scale") }
        return paths
    }
}
