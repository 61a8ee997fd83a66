import Foundation
import KubeCore

/// PATCH: JSON merge patch, JSON patch, strategic merge patch (built-in kinds only; 415 for custom
/// resources, as kube-apiserver answers) and server-side apply.
/// https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/
extension ResourceEndpoint {
    private enum PatchType {
        case merge, json, strategic, apply

        init(contentType: String?) throws(APIError) {
            let mediaType = (contentType ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            switch mediaType {
            case "application/merge-patch+json": self = .merge
            case "application/json-patch+json": self = .json
            case "application/strategic-merge-patch+json": self = .strategic
            case "application/apply-patch+yaml", "application/apply-patch+cbor": self = .apply
            default: throw APIError.unsupportedMediaType(mediaType)
            }
        }
    }

    /// PATCH of an object or its status.
    /// The patched object, and whether the patch created it (an apply can: kube-apiserver then
    /// answers 201).
    mutating func patch(name: String, subresource: String?) async throws -> (JSONValue, created: Bool) {
        let type = try PatchType(contentType: request.headers[.contentType])
        if type == .strategic, resource.isCustom { throw APIError.unsupportedMediaType("application/strategic-merge-patch+json") }
        let body = try await bodyJSON()
        var options = try writeOptions()
        guard type == .apply else {
            let schema = resource.mergeSchema
            let patched = try cluster.update(resource, version: version, namespace: namespace, name: name, subresource: subresource, options: options) {
                current throws(APIError) in try Self.patched(current, with: body, type: type, schema: schema)
            }
            return (patched, false)
        }
        guard let manager = query["fieldManager"], !manager.isEmpty else {
            throw APIError.invalid(
                group: "meta.k8s.io", kind: "PatchOptions", name: "",
                causes: [StatusCause(reason: "FieldValueRequired", message: "Required value: is required for apply patch", field: "fieldManager")])
        }
        options.fieldManager = manager
        options.isApply = true
        return try apply(body, name: name, subresource: subresource, options: options)
    }

    /// PATCH of `/scale` (any patch type; an apply merges like a merge patch, Scale having no lists).
    mutating func patchScale(name: String) async throws -> JSONValue {
        let type = try PatchType(contentType: request.headers[.contentType])
        let body = try await bodyJSON()
        return try cluster.updateScale(resource, version: version, namespace: namespace, name: name, options: try writeOptions()) {
            scale throws(APIError) in try Self.patched(scale, with: body, type: type == .apply ? .merge : type, schema: .atomic)
        }
    }

    private static func patched(_ current: JSONValue, with patch: JSONValue, type: PatchType, schema: MergeSchema) throws(APIError) -> JSONValue {
        do {
            switch type {
            case .merge, .apply: return JSONMergePatch.apply(patch, to: current)
            case .json: return try JSONPatch.apply(patch, to: current)
            case .strategic: return try StrategicMergePatch.apply(patch, to: current, schema: schema)
            }
        } catch {
            throw APIError(code: error.statusCode, reason: error.statusCode == 400 ? "BadRequest" : "Invalid", message: error.message)
        }
    }

    /// Server-side apply: merges the applied configuration under field ownership; creates the object
    /// when it does not exist (not for a subresource). A resourceVersion in the configuration is a
    /// precondition on an existing object; a create ignores it, as kube-apiserver's does.
    private func apply(_ config: JSONValue, name: String, subresource: String?, options: WriteOptions) throws -> (JSONValue, created: Bool) {
        try cluster.checkType(of: config, resource: resource, version: version)
        if let configName = config[path: "metadata", "name"]?.stringValue, configName != name {
            throw APIError.badRequest("the name of the object (\(configName)) does not match the name on the URL (\(name))")
        }
        let resource = self.resource
        let apiVersion = resource.apiVersion(version)
        let merge: (JSONValue?) throws(APIError) -> JSONValue = { live throws(APIError) in
            try Self.merged(config, into: live, resource: resource, apiVersion: apiVersion, name: name, subresource: subresource, options: options)
        }
        if subresource == nil, (try? cluster.get(resource, version: version, namespace: namespace, name: name)) == nil {
            var created = try merge(nil)
            created[path: "metadata", "name"] = .string(name)
            do {
                return (try cluster.create(resource, version: version, namespace: namespace, body: created, options: options), true)
            } catch {
                // Created meanwhile: apply to it instead.
                guard error.reason == "AlreadyExists" else { throw error }
            }
        }
        let updated = try cluster.update(resource, version: version, namespace: namespace, name: name, subresource: subresource, options: options) {
            current throws(APIError) in try merge(current)
        }
        return (updated, false)
    }

    private static func merged(
        _ config: JSONValue, into live: JSONValue?, resource: ServedResource, apiVersion: String, name: String,
        subresource: String?, options: WriteOptions
    ) throws(APIError) -> JSONValue {
        let result: (object: JSONValue, managedFields: [ManagedFieldsEntry])
        do {
            result = try ServerSideApply.apply(
                config: config, to: live, manager: options.fieldManager, force: options.force,
                managedFields: ServerSideApply.entries(of: live?[path: "metadata", "managedFields"]),
                schema: resource.mergeSchema, apiVersion: apiVersion, subresource: subresource,
                now: Timestamp.now(), statusIsSubresource: resource.hasStatus)
        } catch {
            throw applyError(error, resource: resource, name: name)
        }
        return result.object
    }

    private static func applyError(_ error: ApplyError, resource: ServedResource, name: String) -> APIError {
        switch error {
        case .invalid(let message):
            return APIError(code: 422, reason: "Invalid", message: message)
        case .conflicts(let conflicts):
            let causes = conflicts.map { StatusCause(reason: "FieldManagerConflict", message: $0.message, field: $0.field) }
            return APIError(
                code: 409, reason: "Conflict", message: error.message,
                details: StatusDetails(name: name, group: resource.group, kind: resource.plural, causes: causes))
        }
    }
}
