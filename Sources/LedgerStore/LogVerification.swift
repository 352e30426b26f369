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
    /// - Parameter progress: called now and then with bytes done and the file's size.
    /// - Throws: `LogDefect` for the first bad line (an unterminated last line included);
    ///   `StoreError.io` when the file cannot be read.
    public static func verify(logAt path: String, progress: (Int, Int) -> Void = { _, _ in }) throws -> Summary {
        var verifier = ChainVerifier()
        let size = try POSIXFile(path: path, flags: O_RDONLY).size
        var sinceReport = 0
        let end = try LogReader(path: path).forEachLine(limit: size) { line, number, offset in
            if line.isEmpty {
                throw LogDefect(line: number, kind: .strayBytes, message: "the line is empty")
            }
            try verifier.accept(line, lineNumber: number)
            sinceReport += line.count + 1
            if sinceReport > 8 << 20 {
                sinceReport = 0
                progress(offset, size)
            }
            return true
        }
        if end.trailingBytes > 0 {
            throw LogDefect(line: end.lines + 1, kind: .unterminatedLine,
                            message: "the last \(end.trailingBytes) bytes do not end in a newline (a torn write, or a changed last byte); the next append moves them to the quarantine")
        }
        return Summary(events: verifier.count, streams: verifier.versions.count, head: verifier.head, bytes: end.offset)
    }
}
