import Foundation
import LedgerCore

extension FileLedger {
    /// Brings the log back to its last complete, acknowledged line after a crash.
    ///
    /// Must run under the lock. Two things are undone, and neither loses a byte:
    /// - a batch whose `append.intent` is still there and whose bytes are not all on disk
    ///   as announced (never acknowledged): its bytes are moved to the quarantine;
    /// - bytes after the last `\n` (a torn write): moved to the quarantine.
    /// A complete line that is corrupt is never touched: `verify` reports it, and the
    /// index refuses to append after it.
    ///
    /// - Parameter size: the log's size, as the caller found it under the lock.
    /// - Returns: one warning sentence per repair, for standard error, and the log's size after.
    ///
    /// The intent is looked for even when the log ends where this ledger's own last append
    /// ended it: another writer may have announced a batch there and died before writing a
    /// byte, and until the intent is removed, readers hold back every line after its start.
    func recoverUnderLock(_ log: POSIXFile, size: Int, now: () -> Timestamp) throws -> (warnings: [String], size: Int) {
        var warnings: [String] = []
        var size = size
        if let intentData = POSIXFile.contents(of: intentPath) {
            if let intent = try? JSONParser.parse(Array(intentData)),
               let start = intent["start"]?.intValue, let end = intent["end"]?.intValue, start <= end {
                if start < size {
                    let complete = try end <= size && batchIsComplete(log, intent: intent, start: start, end: end)
                    if try !complete && isStale(intent, log: log, start: start, size: size) {
                        warnings.append("\(intentPath) announced a batch at offset \(start), but the line there is not the batch's first: a stale intent, removed; the log was left as it is")
                    } else if !complete {
                        let count = intent["count"]?.intValue ?? 0
                        try quarantine(log, from: start, to: size, now: now(),
                                       reason: "an unfinished batch of \(count) events, never acknowledged")
                        try log.truncate(to: start)
                        try log.sync()
                        warnings.append("recovered from an interrupted batch append: \(size - start) bytes after offset \(start) (a batch of \(count) events, never acknowledged) were moved to \(quarantineDirectory) and the log ends at its last acknowledged line")
                        size = start
                    }
                }
            } else {
                warnings.append("\(intentPath) could not be read and was removed; the log was checked for a torn tail only")
            }
            // Durably: a stale intent reappearing after a power cut would undo later appends.
            try POSIXFile.removeDurably(intentPath)
        }
        // A log that ends where this ledger's own last append ended it ends with that
        // append's `\n`: nothing to look at.
        if size > 0 && size != ownAppendEnd {
            let tornFrom = try lastCompleteLineEnd(log, size: size)
            if tornFrom < size {
                try quarantine(log, from: tornFrom, to: size, now: now(), reason: "bytes after the last complete line (a torn write)")
                try log.truncate(to: tornFrom)
                try log.sync()
                warnings.append("recovered from a torn write: \(size - tornFrom) bytes after the last complete line (offset \(tornFrom)) were moved to \(quarantineDirectory) and the log was truncated to its last complete line")
                size = tornFrom
            }
        }
        return (warnings, size)
    }

    /// Whether the batch an intent announced is on disk whole: `count` lines whose event
    /// hashes hash to `lines`; for an intent of an earlier version, the SHA-256 of its bytes
    /// (`hash`), or the hash of its last line (`last`).
    private func batchIsComplete(_ log: POSIXFile, intent: JSONValue, start: Int, end: Int) throws -> Bool {
        guard end > start else { return false }
        if let linesHex = intent["lines"]?.stringValue {
            guard let count = intent["count"]?.intValue, count > 0 else { return false }
            let region = try log.read(count: end - start, at: start)
            guard region.count == end - start, region.last == 0x0a else { return false }
            var hasher = SHA256()
            var lines = 0
            region.withUnsafeBytes { raw in
                var lineStart = 0
                for i in 0..<raw.count where raw[i] == 0x0a {
                    hasher.update(SHA256.hash(UnsafeRawBufferPointer(rebasing: raw[lineStart..<i])))
                    lines += 1
                    lineStart = i + 1
                }
            }
            return lines == count && hasher.finalize().hex == linesHex
        }
        if let hashHex = intent["hash"]?.stringValue {
            var hasher = SHA256()
            var offset = start
            while offset < end {
                let chunk = try log.read(count: min(1 << 20, end - offset), at: offset)
                if chunk.isEmpty { return false }
                hasher.update(chunk)
                offset += chunk.count
            }
            return hasher.finalize().hex == hashHex
        }
        guard let lastHex = intent["last"]?.stringValue else { return false }
        let region = try log.read(count: end - start, at: start)
        guard region.count == end - start, region.last == 0x0a else { return false }
        let body = region.dropLast()
        let lineStart = body.lastIndex(of: 0x0a).map { $0 + 1 } ?? body.startIndex
        return SHA256.hash(body[lineStart...]).hex == lastHex
    }

    /// Whether an intent is stale: the complete line where its batch would begin is not the
    /// batch's first line (`first`), so the bytes there were written by a later append, after
    /// a removal of the intent that a power cut undid. Never cut those.
    private func isStale(_ intent: JSONValue, log: POSIXFile, start: Int, size: Int) throws -> Bool {
        guard let firstHex = intent["first"]?.stringValue else { return false }
        var bytes: [UInt8] = []
        var offset = start
        while offset < size {
            let chunk = try log.read(count: min(1 << 16, size - offset), at: offset)
            if chunk.isEmpty { break }
            if let nl = chunk.firstIndex(of: 0x0a) {
                bytes += chunk[..<nl]
                return SHA256.hash(bytes).hex != firstHex
            }
            bytes += chunk
            offset += chunk.count
        }
        return false  // no complete line there: the batch's own torn beginning
    }

    /// The offset just after the last `\n` at or before `size`.
    private func lastCompleteLineEnd(_ log: POSIXFile, size: Int) throws -> Int {
        // The common case, a clean end, costs one byte.
        if try log.read(count: 1, at: size - 1) == [0x0a] { return size }
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

    /// Copies bytes `[from, to)` of the log into a new quarantine file, durably, and notes
    /// where they came from in `quarantine/quarantine.jsonl`. Nothing in the quarantine is
    /// ever overwritten.
    private func quarantine(_ log: POSIXFile, from: Int, to: Int, now: Timestamp, reason: String) throws {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: quarantineDirectory, isDirectory: &isDirectory) {
            guard mkdir(quarantineDirectory, 0o755) == 0 || errno == EEXIST else {
                throw POSIXFile.error("create directory", quarantineDirectory)
            }
            try POSIXFile.syncDirectory(directory)
        }
        let stamp = now.utcString.replacingOccurrences(of: ":", with: "")
        let bytes = try log.read(count: to - from, at: from)
        var name = ""
        var file: POSIXFile?
        for attempt in 0..<1000 where file == nil {
            name = "events.jsonl.offset-\(from).\(stamp)" + (attempt == 0 ? "" : "-\(attempt)") + ".bytes"
            let path = (quarantineDirectory as NSString).appendingPathComponent(name)
            file = try POSIXFile.createExclusive(path: path)
        }
        guard let file else {
            throw StoreError.io(operation: "create a quarantine file in", path: quarantineDirectory, reason: "too many files of that name")
        }
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
