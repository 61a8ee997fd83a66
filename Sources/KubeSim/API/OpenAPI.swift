import KubeCore

/// The OpenAPI documents kubectl reads: v3 per group version (`kubectl explain`, and the
/// `fieldValidation` parameter that tells `kubectl apply` to let the server validate), and a v2
/// document with the same definitions for older clients. Custom resources get their CRD's schema;
/// built-in kinds a permissive object schema.
enum OpenAPI {
    /// `/openapi/v3`: the index of group-version documents, each URL carrying a hash of its content
    /// so clients refresh their cache when a CRD changes.
    static func v3Index(_ registry: ResourceRegistry) -> JSONValue {
        var paths: JSONObject = [:]
        for (group, version) in groupVersions(registry) {
            let path = group.isEmpty ? "api/\(version)" : "apis/\(group)/\(version)"
            let document = v3(group: group, version: version, registry: registry) ?? [:]
            paths[path] = ["serverRelativeURL": .string("/openapi/v3/\(path)?hash=\(ContentHash.hex(document.serialized()))")]
        }
        return ["paths": .object(paths)]
    }

    /// `/openapi/v3/apis/GROUP/VERSION` (or `/openapi/v3/api/v1`); nil when that group version is not served.
    static func v3(group: String, version: String, registry: ResourceRegistry) -> JSONValue? {
        let resources = registry.all.filter { $0.group == group && $0.versions.contains(version) }
        guard !resources.isEmpty else { return nil }
        var schemas: JSONObject = [:]
        var paths: JSONObject = [:]
        for resource in resources {
            let name = definitionName(resource, version: version)
            schemas[name] = schema(resource, version: version)
            let gvk: JSONValue = ["group": .string(group), "version": .string(version), "kind": .string(resource.kind)]
            let prefix = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
            let collection = resource.namespaced ? "\(prefix)/namespaces/{namespace}/\(resource.plural)" : "\(prefix)/\(resource.plural)"
            let reference: JSONValue = ["$ref": .string("#/components/schemas/\(name)")]
            let body: JSONValue = ["content": ["application/json": ["schema": reference]]]
            let fieldValidation: JSONValue = [
                "name": "fieldValidation", "in": "query", "schema": ["type": "string", "uniqueItems": true],
            ]
            func operation(_ action: String) -> JSONValue {
                [
                    "x-kubernetes-action": .string(action), "x-kubernetes-group-version-kind": gvk,
                    "parameters": [fieldValidation], "requestBody": body,
                    "responses": ["200": ["description": "OK", "content": ["application/json": ["schema": reference]]]],
                ]
            }
            paths[collection] = ["post": operation("post")]
            paths["\(collection)/{name}"] = ["put": operation("put"), "patch": operation("patch")]
        }
        return [
            "openapi": "3.0.0", "info": ["title": "Kubernetes", "version": "v1.32.0"],
            "paths": .object(paths), "components": ["schemas": .object(schemas)],
        ]
    }

    /// `/openapi/v2`: every kind's definition in one Swagger document.
    static func v2(_ registry: ResourceRegistry) -> JSONValue {
        var definitions: JSONObject = [:]
        for resource in registry.all {
            for version in resource.versions {
                definitions[definitionName(resource, version: version)] = schema(resource, version: version)
            }
        }
        return [
            "swagger": "2.0", "info": ["title": "Kubernetes", "version": "v1.32.0"], "paths": [:],
            "definitions": .object(definitions),
        ]
    }

    /// The definition name kube-apiserver gives a kind: the reversed group, version and kind
    /// (`dev.aifleet.v1alpha1.InferenceService`, `io.k8s.api.apps.v1.Deployment` for built-ins).
    static func definitionName(_ resource: ServedResource, version: String) -> String {
        guard resource.isCustom else {
            let group = resource.group.isEmpty ? "core" : resource.group.split(separator: ".").first.map(String.init) ?? resource.group
            return "io.k8s.api.\(group).\(version).\(resource.kind)"
        }
        let reversed = resource.group.split(separator: ".").reversed().joined(separator: ".")
        return "\(reversed).\(version).\(resource.kind)"
    }

    private static func schema(_ resource: ServedResource, version: String) -> JSONValue {
        var schema = resource.schemas[version] ?? ["type": "object", "x-kubernetes-preserve-unknown-fields": true]
        if schema["type"] == nil { schema["type"] = "object" }
        var properties = schema["properties"]?.objectValue ?? [:]
        properties["apiVersion"] = properties["apiVersion"] ?? ["type": "string", "description": "APIVersion defines the versioned schema of this representation of an object."]
        properties["kind"] = properties["kind"] ?? ["type": "string", "description": "Kind is a string value representing the REST resource this object represents."]
        properties["metadata"] = ["type": "object", "description": "Standard object's metadata.", "x-kubernetes-preserve-unknown-fields": true]
        schema["properties"] = .object(properties)
        schema["x-kubernetes-group-version-kind"] = [
            ["group": .string(resource.group), "version": .string(version), "kind": .string(resource.kind)]
        ]
        return schema
    }

    private static func groupVersions(_ registry: ResourceRegistry) -> [(String, String)] {
        var seen: [(String, String)] = []
        for resource in registry.all {
            for version in resource.versions where !seen.contains(where: { $0 == (resource.group, version) }) {
                seen.append((resource.group, version))
            }
        }
        return seen
    }
}
