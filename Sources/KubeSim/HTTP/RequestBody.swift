import KubeCore

/// Request bodies: JSON, which is what kubectl and client-go send (even for
/// `application/apply-patch+yaml`, since JSON is YAML), and protobuf for the built-in kinds kubectl's
/// typed clients create (`kubectl create namespace`, ...).
enum RequestBody {
    static func decode(_ bytes: [UInt8], contentType: String?) throws(APIError) -> JSONValue {
        if contentType?.hasPrefix("application/vnd.kubernetes.protobuf") == true {
            return try KubernetesProtobuf.decode(bytes)
        }
        do {
            return try JSONValue(parsing: bytes)
        } catch {
            throw APIError.badRequest("the body of the request could not be decoded as JSON: \(error)")
        }
    }
}
