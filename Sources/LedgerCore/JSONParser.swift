/// A strict JSON reader: RFC 8259 plus the I-JSON (RFC 7493) rules a ledger needs.
///
/// PLACEHOLDER API, to be implemented: duplicate member names, invalid UTF-8, lone
/// surrogates, a byte-order mark and numbers beyond a double's range are refused;
/// nesting is limited so deep input cannot exhaust the stack.
public enum JSONParser {
    /// How deep arrays and objects may nest by default.
    public static let defaultMaxDepth = 128

    /// Parses one JSON text (RFC 8259 `JSON-text`: optional white space around one value).
    ///
    /// - Throws: `JSONError` naming line, column and what was expected.
    public static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth) throws -> JSONValue {
        fatalError("JSONParser.parse is not implemented yet")
    }

    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws -> JSONValue {
        try bytes.withUnsafeBytes { try parse($0, maxDepth: maxDepth) }
    }

    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws -> JSONValue {
        try parse(Array(text.utf8), maxDepth: maxDepth)
    }
}

/// Why a JSON text was refused, and where.
public struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based line of the offending byte.
    public let line: Int
    /// 1-based column (in bytes) of the offending byte.
    public let column: Int
    /// 0-based byte offset of the offending byte.
    public let offset: Int
    /// What was wrong and what was expected, e.g. "expected ',' or '}' after a member, found 'x'".
    public let message: String

    public init(line: Int, column: Int, offset: Int, message: String) {
        self.line = line
        self.column = column
        self.offset = offset
        self.message = message
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}
