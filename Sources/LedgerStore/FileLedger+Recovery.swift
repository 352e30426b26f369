import Foundation
import LedgerCore

extension FileLedger {
    /// Brings the log back to its last complete, acknowledged line after a crash.
    ///
    /// Must run under the lock. Two things are undone, and neither loses a byte:
    /// - a batch whose `append.intent` is still there and whose lines are not all on disk
    ///   (never acknowledged): its bytes are moved to the quarantine;
    /// - bytes after the last `\n` (a torn write): moved to the quarantine.
    /// A complete line that is corrupt is never touched: `verify` reports it.
    ///
    /// - Returns: one warning sentence per repair, for standard error.
    func recoverUnderLock(now: Timestamp) throws -> [String] {
        var warnings: [String] = []
        let log = try POSIXFile(path: eventsPath, flags: O_RDWR)
        var size = try log.size
        if let intentData = FileManager.default.contents(atPath: intentPath) {
            if let intent = try? JSONParser.parse(Array(intentData)),
               let start = intent["start"]?.intValue, let end = intent["end"]?.intValue,
               let lastHex = intent["last"]?.stringValue, start <= size {
                let complete = try end <= size && batchIsComplete(log, end: end, lastLineHash: lastHex)
                if !complete && start < size {
                    try quarantine(log, from: start, to: size, now: now,
                                   reason: "an unfinished batch of \(intent["count"]?.intValue ?? 0) events, never acknowledged")
                    try log.truncate(to: start)
                    try log.sync()
                    warnings.append("recovered from an interrupted batch append: \(size - start) bytes after offset \(start) were moved to \(quarantineDirectory) and the log ends at its last acknowledged line")
                    size = start
                }
            }
            unlink(intentPath)
        }
        if size > 0 {
            let tornFrom = try lastCompleteLineEnd(log, size: size)
            if tornFrom < size {
                try quarantine(log, from: tornFrom, to: size, now: now, reason: "bytes after the last complete line (a torn write)")
                try log.truncate(to: tornFrom)
                try log.sync()
                warnings.append("recovered from a torn write: \(size - tornFrom) bytes after the last complete line (offset \(tornFrom)) were moved to \(quarantineDirectory) and the log was truncated to its last complete line")
            }
        }
        return warnings
    }

    private func batchIsComplete(_ log: POSIXFile, end: Int, lastLineHash: String) throws -> Bool {
        guard end > 0 else { return false }
        let probe = min(end, 1 << 20)
        let tail = try log.read(count: probe, at: end - probe)
        guard tail.last == 0x0a else { return false }
        let body = tail.dropLast()
        let start = body.lastIndex(of: 0x0a).map { $0 + 1 } ?? body.startIndex
        return SHA256.hash(body[start...]).hex == lastLineHash
    }

    /// The offset just after the last `\n` at or before `size`.
    private func lastCompleteLineEnd(_ log: POSIXFile, size: Int) throws -> Int {
        var end = size
        let chunk = 1 << 16
        while end > 0 {
            let from = max(0, end - chunk)
            let bytes = try log.read(count: end - from, at: from)
            if let nl = bytes.lastIndex(of: 0x0a) { return from + nl + 1 }
            end = from
        }
        return 0
    }

    /// Copies bytes `[from, to)` of the log into a quarantine file, durably, and notes
    /// where they came from in `quarantine/quarantine.jsonl`.
    private func quarantine(_ log: POSIXFile, from: Int, to: Int, now: Timestamp, reason: String) throws {
        let manager = FileManager.default
        if !manager.fileExists(atPath: quarantineDirectory) {
            guard mkdir(quarantineDirectory, 0o755) == 0 || errno == EEXIST else {
                throw POSIXFile.error("create directory", quarantineDirectory)
            }
        }
        let stamp = now.utcString.replacingOccurrences(of: ":", with: "")
        let name = "events.jsonl.offset-\(from).\(stamp).bytes"
        let path = (quarantineDirectory as NSString).appendingPathComponent(name)
        let bytes = try log.read(count: to - from, at: from)
        let file = try POSIXFile(path: path, flags: O_WRONLY | O_CREAT | O_TRUNC)
        try file.write(bytes, at: 0)
        try file.sync()
        let note: JSONValue = ["file": .string(name), "from": .string(FileLedger.eventsFileName),
                               "offset": .number(Double(from)), "length": .number(Double(bytes.count)),
                               "at": .string(now.utcString), "reason": .string(reason)]
        let notesPath = (quarantineDirectory as NSString).appendingPathComponent("quarantine.jsonl")
        let notes = try POSIXFile(path: notesPath, flags: O_WRONLY | O_CREAT | O_APPEND)
        try notes.write(CanonicalJSON.encode(note) + [0x0a], at: try notes.size)
        try notes.sync()
        try POSIXFile.syncDirectory(quarantineDirectory)
    }
}
