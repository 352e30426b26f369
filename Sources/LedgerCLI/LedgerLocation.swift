import Foundation
import LedgerStore

/// Finds the ledger directory: `--ledger DIR`, else `$IPLEDGER_DIR`, else `EventLog/ledger`
/// in the source tree this binary was built from.
enum LedgerLocation {
    /// The package's root, known at build time.
    static let sourceRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static var defaultDirectory: String { (sourceRoot as NSString).appendingPathComponent("EventLog/ledger") }

    /// The directory the command works on (the `--ledger` option is consumed here).
    static func directory(_ arguments: inout Arguments, _ context: CommandContext) throws -> String {
        if let dir = try arguments.option("ledger") {
            guard !dir.isEmpty else { throw CLIError.usage("--ledger needs a directory") }
            return context.absolutePath(dir)
        }
        if let dir = context.environment["IPLEDGER_DIR"], !dir.isEmpty { return context.absolutePath(dir) }
        return defaultDirectory
    }

    /// Opens the existing ledger the command names.
    ///
    /// Commands take every option and call `Arguments.finish()` before opening, so that a
    /// mistyped option is reported as such rather than hidden behind a missing ledger.
    static func open(_ arguments: inout Arguments, _ context: CommandContext) throws -> FileLedger {
        try open(directory(&arguments, context))
    }

    /// Opens the existing ledger in `dir`.
    static func open(_ dir: String) throws -> FileLedger {
        do {
            return try FileLedger(directory: dir)
        } catch let error as StoreError {
            throw CLIError(.environment, error.description)
        }
    }
}

extension StoreError {
    /// The exit code CLI.md gives this failure.
    var exitCode: ExitCode {
        switch self {
        case .versionConflict, .idConflict, .idKeyTaken: return .refused
        case .damaged: return .integrity
        case .outOfRange: return .usage
        case .notALedger, .alreadyALedger, .io, .lockTimeout: return .environment
        }
    }

    var cliError: CLIError { CLIError(exitCode, description) }
}

/// Runs `body`, turning store failures into CLI failures with their exit codes.
func storeCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as StoreError {
        throw error.cliError
    }
}
