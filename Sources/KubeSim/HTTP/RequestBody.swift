import KubeCore

/// Request bodies: JSON, which is what kubectl and client-go send (even for
/// `application/apply-patch+yaml`, since JSON is YAML).
enum RequestBody {
    static func decode(_ bytes: [UInt8], contentType: String?) throws(APIError) -> JSONValue {
        // Protobuf (what kubectl's typed clients send for `kubectl create namespace`, ...) is not spoken.
        if contentType?.hasPrefix("application/vnd.kubernetes.protobuf") == true {
            throw APIError(
                code: 415, reason: "UnsupportedMediaType",
                message: "KubeSim accepts JSON bodies only, not \(contentType ?? "")")
        }
        do {
            return try JSONValue(parsing: bytes)
        } catch {
            throw APIError.badRequest("the body of the request could not be decoded as JSON: \(error)")
        }
    }
}
