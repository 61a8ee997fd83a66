/// Why a patch could not be applied; the message is what the API server puts in its Status.
public enum PatchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The patch document or its application is invalid: the API server answers 422 Unprocessable
    /// Entity (or 400 for a patch that is not even well-formed, see ``isMalformed``).
    case invalid(String)
    /// A JSON patch `test` operation found a different value: 422.
    case testFailed(String)
    /// The patch document itself is malformed (not a list of operations, unknown `op`, bad pointer
    /// syntax, unknown `$patch` directive): the API server answers 400 Bad Request.
    case malformed(String)

    /// The message for the Status the server returns.
    public var message: String {
        switch self {
        case .invalid(let message), .testFailed(let message), .malformed(let message): return message
        }
    }

    /// The HTTP status the API server answers with: 400 for a malformed patch, 422 otherwise.
    public var statusCode: Int {
        if case .malformed = self { return 400 }
        return 422
    }

    public var description: String { message }
}
