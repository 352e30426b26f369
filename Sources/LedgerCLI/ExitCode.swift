/// The exit codes of `ipledger`, a contract with the scripts that call it (CLI.md).
public enum ExitCode: Int32, Sendable {
    /// Done.
    case success = 0
    /// Input refused (malformed JSON, schema, permission, rule, version conflict); nothing written.
    case refused = 1
    /// The command line was wrong.
    case usage = 2
    /// Integrity failure: verification or a proof failed.
    case integrity = 3
    /// Environment: I/O, lock, missing ledger.
    case environment = 4
}

/// A failure that ends a command: one sentence for standard error, and its exit code.
public struct CLIError: Error, CustomStringConvertible {
    public let code: ExitCode
    public let message: String
    /// Whether to print the command's usage line after the message (usage errors).
    public let showUsage: Bool

    public init(_ code: ExitCode, _ message: String, showUsage: Bool = false) {
        self.code = code
        self.message = message
        self.showUsage = showUsage
    }

    public static func usage(_ message: String) -> CLIError { CLIError(.usage, message, showUsage: true) }

    public var description: String { message }
}

/// `text` as a sentence: with a final full stop unless it already ends in one.
func sentence(_ text: CustomStringConvertible) -> String {
    let s = text.description
    return s.hasSuffix(".") || s.hasSuffix("。") ? s : s + "."
}
