import Foundation
import LedgerCore

/// A ledger directory on disk: the append-only log `events.jsonl` and what is derived from it.
///
/// Reads take no lock: they see complete lines only, and an index caught up in memory.
/// Appends take the directory's exclusive lock, recover a torn tail first, and
/// return only after `fsync` (see `FileLedger+Append.swift`).
public final class FileLedger {
    public let directory: String
    public let eventsPath: String
    let lockPath: String
    let intentPath: String
    let quarantineDirectory: String

    /// The index as last caught up with the log.
    var index: EventIndex?

    /// The log's file name in a ledger directory (FORMAT.md).
    public static let eventsFileName = "events.jsonl"
    /// The stored checkpoints' file name (FORMAT.md).
    public static let checkpointsFileName = "checkpoints.jsonl"

    /// Opens an existing ledger directory.
    ///
    /// - Throws: `StoreError.notALedger` when it has no `events.jsonl`.
    public init(directory: String) throws {
        self.directory = directory
        eventsPath = (directory as NSString).appendingPathComponent(FileLedger.eventsFileName)
        lockPath = (directory as NSString).appendingPathComponent("ledger.lock")
        intentPath = (directory as NSString).appendingPathComponent("append.intent")
        quarantineDirectory = (directory as NSString).appendingPathComponent("quarantine")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: eventsPath, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw StoreError.notALedger(path: directory)
        }
    }

    /// Creates a ledger directory with an empty log, durably.
    ///
    /// - Throws: `StoreError.alreadyALedger` when the directory already holds a log.
    public static func create(directory: String) throws -> FileLedger {
        let manager = FileManager.default
        let events = (directory as NSString).appendingPathComponent(eventsFileName)
        if manager.fileExists(atPath: events) { throw StoreError.alreadyALedger(path: directory) }
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError.io(operation: "create directory", path: directory, reason: (error as NSError).localizedDescription)
        }
        let file = try POSIXFile(path: events, flags: O_WRONLY | O_CREAT | O_EXCL)
        try file.sync()
        try POSIXFile.syncDirectory(directory)
        return try FileLedger(directory: directory)
    }

    /// The log file's size in bytes, including any bytes after the last complete line.
    public func logSize() throws -> Int {
        try POSIXFile(path: eventsPath, flags: O_RDONLY).size
    }

    // MARK: Reading

    /// How many events the log holds (complete lines), per the caught-up index.
    public func count() throws -> Int { try currentIndex().count }

    /// The event hash of the last line (64 zeros for an empty log).
    public func head() throws -> SHA256.Digest { try currentIndex().head }

    /// The line of event `seq`, without `\n`.
    public func line(seq: Int) throws -> [UInt8] {
        let index = try currentIndex()
        guard seq >= 1, seq <= index.count else {
            throw StoreError.outOfRange("there is no event \(seq): the log holds \(index.count)")
        }
        return try readLine(index.entries[seq - 1])
    }

    /// The record of event `seq`.
    public func record(seq: Int) throws -> LedgerRecord {
        try decode(line(seq: seq), lineNumber: seq)
    }

    /// Every record of `stream`, in version order.
    public func records(inStream stream: String) throws -> [LedgerRecord] {
        let index = try currentIndex()
        let key = EventIndex.key(stream)
        var out: [LedgerRecord] = []
        for (i, entry) in index.entries.enumerated() where entry.streamKey == key {
            let record = try decode(readLine(entry), lineNumber: i + 1)
            if record.stream == stream { out.append(record) }
        }
        return out
    }

    /// The record with `id`, if any.
    public func record(withID id: String) throws -> LedgerRecord? {
        let index = try currentIndex()
        let key = EventIndex.key(id)
        for (i, entry) in index.entries.enumerated().reversed() where entry.idKey == key {
            let record = try decode(readLine(entry), lineNumber: i + 1)
            if record.id == id { return record }
        }
        return nil
    }

    /// Streams every complete line from event `fromSeq` on, with its number (= seq) and offset.
    @discardableResult
    public func forEachLine(fromSeq: Int = 1, _ body: (UnsafeRawBufferPointer, Int, Int) throws -> Bool) throws -> LogReader.End {
        var offset = 0
        if fromSeq > 1 {
            let index = try currentIndex()
            guard fromSeq <= index.count + 1 else { return LogReader.End(offset: index.end, lines: 0, trailingBytes: 0) }
            offset = fromSeq <= index.count ? Int(index.entries[fromSeq - 1].offset) : index.end
        }
        return try LogReader(path: eventsPath).forEachLine(from: offset, firstLineNumber: fromSeq, body)
    }

    func readLine(_ entry: EventIndex.Entry) throws -> [UInt8] {
        let file = try POSIXFile(path: eventsPath, flags: O_RDONLY)
        let bytes = try file.read(count: Int(entry.length), at: Int(entry.offset))
        guard bytes.count == Int(entry.length) else {
            throw StoreError.io(operation: "read", path: eventsPath, reason: "the log is shorter than its index says")
        }
        return bytes
    }

    func decode(_ line: [UInt8], lineNumber: Int) throws -> LedgerRecord {
        do {
            return try line.withUnsafeBytes { try ChainVerifier.decode($0, lineNumber: lineNumber) }
        } catch let defect as LogDefect {
            throw StoreError.damaged(defect)
        }
    }

    // MARK: The index

    /// The index, checked against the log and caught up with it (in memory; saved by appends).
    func currentIndex() throws -> EventIndex {
        var index = self.index ?? EventIndex.load(directory: directory) ?? EventIndex()
        let size = try logSize()
        if !(try tagMatchesLog(index, logSize: size)) { index = EventIndex() }
        if index.end < size {
            try catchUp(&index)
        }
        self.index = index
        return index
    }

    /// Whether the index's tag (count, end, head hash) describes this log.
    private func tagMatchesLog(_ index: EventIndex, logSize: Int) throws -> Bool {
        guard index.end <= logSize else { return false }
        guard let last = index.entries.last else { return index.end == 0 }
        guard Int(last.offset) + Int(last.length) + 1 == index.end else { return false }
        let file = try POSIXFile(path: eventsPath, flags: O_RDONLY)
        let bytes = try file.read(count: Int(last.length) + 1, at: Int(last.offset))
        guard bytes.last == 0x0a else { return false }
        return bytes.dropLast().withUnsafeBytes { SHA256.hash($0) } == index.head
    }

    /// Adds the log's lines past the index's end, checking `seq` and the `prev` chain as it goes.
    private func catchUp(_ index: inout EventIndex) throws {
        var defect: LogDefect?
        try LogReader(path: eventsPath).forEachLine(from: index.end, firstLineNumber: index.count + 1) { line, number, offset in
            let record: LedgerRecord
            do {
                record = try ChainVerifier.decode(line, lineNumber: number)
            } catch let d as LogDefect {
                defect = d
                return false
            }
            guard record.seq == number else {
                defect = LogDefect(line: number, kind: .sequenceGap, message: "seq is \(record.seq), expected \(number)")
                return false
            }
            guard record.prev == index.head.hex else {
                defect = LogDefect(line: number, kind: .brokenChain, message: "prev does not match the previous line's hash")
                return false
            }
            index.add(record, offset: offset, length: line.count, hash: SHA256.hash(line))
            return true
        }
        if let defect { throw StoreError.damaged(defect) }
    }
}
