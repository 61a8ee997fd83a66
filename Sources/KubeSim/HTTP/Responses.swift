import Hummingbird
import KubeCore
import NIOCore

/// Building HTTP responses from JSON values and API errors.
enum Responses {
    static func json(_ value: JSONValue, code: Int = 200) -> Response {
        bytes(value.serialized(), code: code, contentType: "application/json")
    }

    static func bytes(_ bytes: [UInt8], code: Int = 200, contentType: String) -> Response {
        Response(
            status: HTTPResponse.Status(code: code),
            headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func text(_ text: String) -> Response {
        bytes(Array(text.utf8), contentType: "text/plain; charset=utf-8")
    }

    /// The Status of an error, with its code and headers (e.g. Retry-After).
    static func error(_ error: APIError) -> Response {
        var response = json(error.json, code: error.code)
        if let seconds = error.retryAfterSeconds { response.headers[.retryAfter] = String(seconds) }
        return response
    }

    /// The Status a successful delete answers with when the object is gone.
    static func deleted(_ resource: ServedResource, object: JSONValue) -> Response {
        json([
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Success",
            "details": [
                "name": object[path: "metadata", "name"] ?? "", "group": .string(resource.group),
                "kind": .string(resource.plural), "uid": object[path: "metadata", "uid"] ?? "",
            ],
        ])
    }
}
