import Foundation
import LedgerCore
import LedgerStore

/// Checkpoint files a person gives on the command line (`--checkpoint FILE`): the
/// checkpoints an agency or a court holds, one JSON object a line, as `checkpoints.jsonl`.
enum CheckpointFile {
    /// The checkpoints in `path`, with their line numbers; blank lines are skipped.
    ///
    /// - Throws: `CLIError` with exit 1 naming the line and the member for a malformed
    ///   checkpoint, or a file with none; exit 4 when the file cannot be read.
    static func read(_ path: String, _ context: CommandContext) throws -> [(line: Int, checkpoint: Checkpoint)] {
        let bytes = try context.readInput(path)
        var out: [(Int, Checkpoint)] = []
        for (i, line) in bytes.split(separator: 0x0a, omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0d }) else { continue }
            do {
                out.append((i + 1, try Checkpoint(json: JSONParser.parse(Array(line)))))
            } catch let error as JSONError {
                throw CLIError(.refused, "\(path) line \(i + 1): not JSON: \(error.message) at column \(error.column)")
            } catch let error as ProofJSONError {
                throw CLIError(.refused, "\(path) line \(i + 1): \(error)")
            }
        }
        guard !out.isEmpty else { throw CLIError(.refused, "\(path) holds no checkpoint; it should hold one JSON object a line, as checkpoint prints") }
        return out
    }

    /// The checkpoints of every file given, in order, each with where it came from.
    static func read(_ paths: [String], _ context: CommandContext) throws -> [(place: String, checkpoint: Checkpoint)] {
        try paths.flatMap { path in try read(path, context).map { ("line \($0.line) of \(path)", $0.checkpoint) } }
    }
}

extension CommandContext {
    /// The time now, as a checkpoint records it: RFC 3339 UTC, to the millisecond.
    var recordedNow: String {
        let t = now().timeIntervalSince1970
        let seconds = Int64(t.rounded(.down))
        let millis = Int32(((t - Double(seconds)) * 1000).rounded(.down))
        return Timestamp(seconds: seconds, nanoseconds: millis * 1_000_000).utcString
    }

    /// Writes `bytes` to the file `path` (relative to the working directory), or to standard output for `nil` or `-`.
    func write(_ bytes: [UInt8], to path: String?) throws {
        guard let path, path != "-" else {
            standardOutput.write(bytes)
            return
        }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: absolutePath(path)), options: .atomic)
        } catch {
            throw CLIError(.environment, "cannot write \(path): \((error as NSError).localizedDescription)")
        }
    }

    /// A warning on standard error, as `warning: ...`.
    func warning(_ text: String) { warn("warning: \(text)") }
}

/// Runs `body`, turning store, Merkle store and proof failures into CLI failures with their exit codes.
func merkleCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try storeCall(body)
    } catch let error as MerkleStoreError {
        switch error {
        case .beyondLog: throw CLIError(.usage, error.description)
        default: throw CLIError(.integrity, error.description)
        }
    } catch let error as MerkleProofError {
        throw CLIError(.integrity, "a proof made from the log does not hold: \(error)")
    }
}

/// The `case/<id>` stream a command-line CASE names: `case/<id>` itself, or a bare `<id>`.
func caseStreamName(_ text: String) -> String {
    text.contains("/") ? text : "case/" + text
}
