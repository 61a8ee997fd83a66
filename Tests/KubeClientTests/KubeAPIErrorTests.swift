import KubeClient
import KubeCore
import Testing

@Suite("Mapping API answers to KubeAPIError")
struct KubeAPIErrorTests {
    static let table: [(code: Int, reason: String, expected: String)] = [
        (400, "BadRequest", "badRequest"),
        (401, "Unauthorized", "unauthorized"),
        (403, "Forbidden", "forbidden"),
        (404, "NotFound", "notFound"),
        (409, "AlreadyExists", "alreadyExists"),
        (409, "Conflict", "conflict"),
        (410, "Expired", "gone"),
        (415, "UnsupportedMediaType", "unsupportedMediaType"),
        (422, "Invalid", "invalid"),
        (429, "TooManyRequests", "tooManyRequests"),
        (500, "InternalError", "serverError"),
        (503, "ServiceUnavailable", "serverError"),
        (405, "MethodNotAllowed", "other"),
    ]

    static func caseName(_ error: KubeAPIError) -> String {
        switch error {
        case .badRequest: "badRequest"
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        case .notFound: "notFound"
        case .alreadyExists: "alreadyExists"
        case .conflict: "conflict"
        case .gone: "gone"
        case .unsupportedMediaType: "unsupportedMediaType"
        case .invalid: "invalid"
        case .tooManyRequests: "tooManyRequests"
        case .serverError: "serverError"
        case .other: "other"
        case .transport: "transport"
        case .decoding: "decoding"
        case .invalidRequest: "invalidRequest"
        }
    }

    @Test("every Status body becomes the error case of its code and reason, with the server's message")
    func statusBodiesMapToCases() async throws {
        for row in Self.table {
            let transport = FakeTransport([.status(row.code, reason: row.reason, message: "message \(row.code)")])
            let client = makeClient(transport, retry: .none)
            let error = await #expect(throws: KubeAPIError.self) {
                _ = try await client.get(ConfigMap.self, name: "x")
            }
            let unwrapped = try #require(error)
            #expect(Self.caseName(unwrapped) == row.expected, "HTTP \(row.code) \(row.reason)")
            #expect(unwrapped.status.message == "message \(row.code)")
            #expect(unwrapped.code == row.code)
        }
    }

    @Test("a body that is not a Status gets a Status synthesized from the HTTP code")
    func nonStatusBodiesAreSynthesized() async throws {
        let transport = FakeTransport([.response(status: 404, headers: [], body: Array("<html>no</html>".utf8))])
        let client = makeClient(transport, retry: .none)
        do throws(KubeAPIError) {
            _ = try await client.get(ConfigMap.self, name: "x")
            Issue.record("expected a failure")
        } catch {
            #expect(error.isNotFound)
            #expect(error.status.reason == "NotFound")
            #expect(error.status.code == 404)
            #expect(error.status.message?.contains("<html>no</html>") == true)
        }
    }

    @Test("an Invalid keeps its field causes and names them in its description")
    func invalidKeepsCauses() {
        let status = Status(
            message: "ConfigMap \"x\" is invalid", reason: "Invalid",
            details: StatusDetails(kind: "ConfigMap", causes: [StatusCause(reason: "FieldValueRequired", message: "Required value", field: "data.key")]),
            code: 422)
        let error = KubeAPIError(status: status)
        #expect(error.isInvalid)
        #expect(error.causes.map(\.field) == ["data.key"])
        #expect(error.description.contains("data.key: Required value"))
    }

    @Test("429 takes its wait from Retry-After, else from details.retryAfterSeconds")
    func tooManyRequestsCarriesRetryAfter() {
        let status = Status(message: "slow down", reason: "TooManyRequests", details: StatusDetails(retryAfterSeconds: 3), code: 429)
        guard case .tooManyRequests(_, let fromDetails) = KubeAPIError(status: status),
            case .tooManyRequests(_, let fromHeader) = KubeAPIError(status: status, retryAfter: .seconds(7))
        else {
            Issue.record("expected tooManyRequests")
            return
        }
        #expect(fromDetails == .seconds(3))
        #expect(fromHeader == .seconds(7))
    }

    @Test("a watch ERROR Status with reason Expired is gone even without an HTTP code")
    func expiredWithoutCodeIsGone() {
        #expect(KubeAPIError(status: Status(message: "too old resource version", reason: "Expired", code: 0)).isGone)
    }

    @Test("transport failures keep the transport error")
    func transportFailures() async {
        let transport = FakeTransport([.failure(.tls(url: "https://api.example:6443", message: "bad certificate"))])
        let client = makeClient(transport)
        do throws(KubeAPIError) {
            _ = try await client.get(ConfigMap.self, name: "x")
            Issue.record("expected a failure")
        } catch {
            #expect(error.code == nil)
            guard case .transport(.tls) = error else {
                Issue.record("expected a TLS transport error, got \(error)")
                return
            }
        }
    }
}
