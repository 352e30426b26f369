import Foundation
import LedgerCore

/// The whole-log check of `ipledger verify`: one streaming pass over `events.jsonl`.
///
/// It checks FORMAT.md only (canonical form, `seq`, per-stream `version`, `prev`),
/// so it works on any log in that format, whatever its event types.
public enum LogVerification {
    /// What a clean pass found.
    public struct Summary: Equatable, Sendable {
        public var events: Int
        public var streams: Int
        public var head: SHA256.Digest
        public var bytes: Int
    }

    /// Verifies the log at `path`.
    ///
    /// Bytes after the last complete line are a defect, unless a writer is appending at
    /// that moment: verify then waits for it (a shared lock on `ledger.lock` beside the
    /// log, at most `lockTimeout` seconds) and checks the lines it finished.
    ///
    /// - Parameter progress: called now and then with bytes done and the file's size.
    /// - Throws: `LogDefect` for the first bad line (an unterminated last line included);
    ///   `StoreError.io` when the file cannot be read.
    public static func verify(logAt path: String, lockTimeout: Double = 10,
                              progress: (Int, Int) -> Void = { _, _ in }) throws -> Summary {
        var verifier = ChainVerifier()
        let size = try POSIXFile(path: path, flags: O_RDONLY).size
        func check(from offset: Int, firstLine: Int, limit: Int) throws -> LogReader.End {
            try LogReader(path: path).forEachCountedBlock(from: offset, firstLineNumber: firstLine, limit: limit,
                                                          readers: ChainVerifier.workers) { block, number, blockOffset in
                let lines = try verifier.accept(lines: block, firstLineNumber: number)
                progress(blockOffset + block.count, size)
                return lines
            }
        }
        var end = try check(from: 0, firstLine: 1, limit: size)
        var lines = end.lines
        var writerHung = false
        if end.trailingBytes > 0 {
            // Perhaps an append in progress: look again while writers are held off.
            let lockPath = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("ledger.lock")
            do {
                let lock = try FileLock(path: lockPath, timeout: lockTimeout, shared: true)
                let rest = try check(from: end.offset, firstLine: lines + 1, limit: POSIXFile(path: path, flags: O_RDONLY).size)
                withExtendedLifetime(lock) {}
                lines += rest.lines
                end = LogReader.End(offset: rest.offset, lines: lines, trailingBytes: rest.trailingBytes)
            } catch StoreError.lockTimeout {
                writerHung = true
            } catch is StoreError {
                // No lock file to wait on: the bytes are what they are.
            }
        }
        if end.trailingBytes > 0 {
            let hung = writerHung ? "; a writer has held the ledger's lock for more than \(lockTimeout) s, so they may be an append still in progress" : ""
            throw LogDefect(line: lines + 1, kind: .unterminatedLine,
                            message: "the last \(end.trailingBytes) bytes do not end in a newline (a torn write, or a changed last byte); the next append moves them to the quarantine\(hung)")
        }
        return Summary(events: verifier.count, streams: verifier.streamCount, head: verifier.head, bytes: end.offset)
    }
}
