import LedgerCore

/// `ipledger canonical`: the RFC 8785 form of a JSON document, or its SHA-256.
struct CanonicalCommand: Command {
    static let name = "canonical"
    static let abstract = "Print the RFC 8785 canonical form of a JSON document, or its SHA-256."
    static let usage = "ipledger canonical [--sha256] [FILE|-]"
    static let help = """
    ARGUMENTS:
      FILE          The JSON document; `-` or nothing reads standard input.

    OPTIONS:
      --sha256      Print the SHA-256 of the canonical form (64 hex digits) instead.

    The input must be I-JSON (RFC 7493): duplicate member names, invalid UTF-8, lone
    surrogates and numbers beyond a double's range are refused with exit 1.

    EXAMPLE:
      echo '{"b": 1, "a": [1.0, 2e1]}' | ipledger canonical
      {"a":[1,20],"b":1}
    """

    static func run(_ arguments: inout Arguments, _ context: CommandContext) throws {
        let hashOnly = arguments.flag("sha256")
        let path = try arguments.finish(maxPositionals: 1).first
        let bytes = try context.readInput(path)
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch let error as JSONError {
            throw CLIError(.refused, "\(path.flatMap { $0 == "-" ? nil : $0 } ?? "standard input"), \(error)")
        }
        let canonical = CanonicalJSON.encode(value)
        if hashOnly {
            context.print(SHA256.hash(canonical).hex)
        } else {
            context.standardOutput.write(canonical + [0x0a])
        }
    }
}
