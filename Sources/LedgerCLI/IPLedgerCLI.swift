import Foundation

/// The `ipledger` command line: finds the subcommand, runs it, turns failures into
/// one sentence on standard error and an exit code (CLI.md).
public enum IPLedgerCLI {
    public static let version = "0.1.0"

    /// Runs `ipledger` with `arguments` (without the program name) and returns the exit code.
    public static func main(_ arguments: [String], context: CommandContext = CommandContext()) -> Int32 {
        guard let first = arguments.first else {
            context.standardError.write(overview())
            return ExitCode.usage.rawValue
        }
        switch first {
        case "--help", "-h":
            context.standardOutput.write(overview())
            return 0
        case "--version":
            context.print("ipledger \(version)")
            return 0
        case "help":
            guard arguments.count > 1 else {
                context.standardOutput.write(overview())
                return 0
            }
            guard let command = command(named: arguments[1]) else {
                return fail(CLIError.usage("unknown command \"\(arguments[1])\"; `ipledger --help` lists the commands"), command: nil, context)
            }
            context.standardOutput.write(helpText(command))
            return 0
        default:
            break
        }
        guard let command = command(named: first) else {
            return fail(CLIError.usage("unknown command \"\(first)\"; `ipledger --help` lists the commands"), command: nil, context)
        }
        var rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            context.standardOutput.write(helpText(command))
            return 0
        }
        do {
            var args = Arguments(rest)
            try command.run(&args, context)
            rest = []
            return 0
        } catch let error as CLIError {
            return fail(error, command: command, context)
        } catch {
            return fail(CLIError(.environment, "\(error)"), command: command, context)
        }
    }

    static func command(named name: String) -> Command.Type? {
        allCommands.first { $0.name == name }
    }

    static func fail(_ error: CLIError, command: Command.Type?, _ context: CommandContext) -> Int32 {
        context.warn("Error: \(error.message)")
        if error.showUsage {
            if let command {
                context.warn("Usage: \(command.usage.split(separator: "\n").first.map(String.init) ?? command.usage)")
                context.warn("See 'ipledger help \(command.name)'.")
            } else {
                context.warn("Usage: ipledger <command> [options]; see 'ipledger --help'.")
            }
        }
        return error.code.rawValue
    }

    /// The text of `ipledger --help`.
    public static func overview() -> String {
        let width = (allCommands.map { $0.name.count }.max() ?? 0) + 2
        var text = """
        ipledger \(version): the intellectual-property protection ledger.
        Every act is one hash-chained, Merkle-provable JSON line; the views are rebuilt from the log.

        Usage: ipledger <command> [options]

        Commands:

        """
        for command in allCommands {
            text += "  " + command.name.padding(toLength: width, withPad: " ", startingAt: 0) + command.abstract + "\n"
        }
        text += """

        Common options: --ledger DIR (else $IPLEDGER_DIR, else EventLog/ledger in the source tree),
        --json for JSON output, --lang en for English labels, --help on any command.
        Exit codes: 0 done, 1 input refused, 2 usage, 3 integrity failure, 4 environment.
        Example: ipledger verify --ledger EventLog/sample

        """
        return text
    }

    /// The text of `ipledger help CMD`.
    public static func helpText(_ command: Command.Type) -> String {
        var text = "OVERVIEW: \(command.abstract)\n\nUSAGE: \(command.usage)\n"
        let help = command.help.trimmingCharacters(in: .newlines)
        if !help.isEmpty { text += "\n\(help)\n" }
        return text
    }
}
