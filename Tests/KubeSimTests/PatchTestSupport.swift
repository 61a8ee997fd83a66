import KubeCore

/// Parses JSON written in a test; a typo in a fixture fails the test with the parser's position.
func json(_ text: String) throws -> JSONValue {
    try JSONValue(parsing: text)
}
