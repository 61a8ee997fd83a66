/// A YAML document that could not be read: where (1-based line and column, and the file when known)
/// and why.
public struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file the text came from, when the caller named it.
    public var source: String?
    /// 1-based line of the problem.
    public var line: Int
    /// 1-based column of the problem.
    public var column: Int
    /// What is wrong, in one line.
    public var message: String

    public init(source: String? = nil, line: Int, column: Int, message: String) {
        self.source = source
        self.line = line
        self.column = column
        self.message = message
    }

    /// `FILE:LINE:COLUMN: message`, without `FILE:` when the source is unknown.
    public var description: String {
        let position = "\(line):\(column): \(message)"
        guard let source else { return position }
        return "\(source):\(position)"
    }
}
