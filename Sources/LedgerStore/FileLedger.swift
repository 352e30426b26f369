import Foundation
import LedgerCore

/// A ledger directory on disk: the append-only log `events.jsonl` and what is derived from it.
///
/// Reads take no lock: they see complete lines only (never the lines of a batch still
/// being written), and an index caught up in memory. Appends take the directory's
/// exclusive lock, recover what a crash left first, and return only after `fsync`
/// (see `FileLedger+Append.swift`).
///
/// One instance may be shared by threads: its methods are serialised. Processes
/// are serialised by the lock file.
public final class FileLedger {
    public let directory: String
    public let eventsPath: String
    let lockPath: String
    let intentPath: String
    let quarantineDirectory: String

    /// Serialises this instance's users (the index below is shared state).
    let state = NSRecursiveLock()

    /// Serialises this instance's writers, who share `writerLock`'s descriptor (`flock`
    /// does not tell the threads of a process apart). Taken before the file lock, as in
    /// `withWriterLock`, and by nothing that holds `state`.
    let writers = NSLock()
    /// `ledger.lock`, kept open between this instance's appends: opening and closing it for
    /// each would cost a single append more than its `flock`s do. Guarded by `writers`.
    var writerLock: FileLock?

    /// The index as last caught up with the log.
    var index: EventIndex?
    /// Where this ledger's own last append ended the log (`nil` once anything else read it).
    var ownAppendEnd: Int?
    /// The log as the last append opened it, with its file's device and inode: kept open
    /// for the next append while the path still names that file (see `openForAppending`).
    var appendLog: (file: POSIXFile, device: UInt64, inode: UInt64)?
    /// Lines of the log by position (0-based), as this ledger's last appends wrote or read
    /// them, for the next append while nothing else is appended (see `append`): a writer of
    /// single acts then finds a stream's last line here instead of reading it again.
    var ownRecords: [Int: LedgerRecord] = [:]

    /// After how many appended events the index in `index/` is brought up to date: 1 (the
    /// default) saves it after every append, as a process that appends once and exits needs.
    ///
    /// A long-lived writer may set more: its appends then skip the index's writes (a `stat`
    /// and a write of the entries, the tag and the links each time; the tables take the
    /// same pages either way) until that many events are unsaved, or until `saveIndex()`
    /// or the ledger's release. No event waits for it: the log is `fsync`'d on every append
    /// as before, and the index is derived from it. Another process meanwhile finds the
    /// index behind the log and catches up the unsaved lines, checking them as it does after
    /// a crash; so a larger interval costs every other reader that much catching up.
    public var indexSaveInterval = 1 {
        didSet { precondition(indexSaveInterval >= 1, "indexSaveInterval must be at least 1") }
    }

    /// How the index was last brought up to date, for tests and diagnostics.
    enum IndexSource: Equatable {
        /// The in-memory index matched the log as it was.
        case memory
        /// Loaded from `index/`, matching the log.
        case disk
        /// Rebuilt from the whole log (no index, or one that did not match).
        case rebuilt
    }
    /// How `currentIndex()` last obtained the index, and how many lines it then caught up.
    private(set) var lastIndexSource: IndexSource = .rebuilt
    private(set) var lastCaughtUp = 0

    /// The log's file name in a ledger directory (FORMAT.md).
    public static let eventsFileName = "events.jsonl"
    /// The stored checkpoints' file name (FORMAT.md).
    public static let checkpointsFileName = "checkpoints.jsonl"

    /// Opens an existing ledger directory for reading (no lock, no recovery).
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

    deinit {
        // Derived data: should the lock not come within a second, the next writer catches up.
        try? saveIndex(lockTimeout: 1)
    }

    /// Opens an existing ledger directory for writing: takes the lock once and recovers
    /// what a crash left (a torn tail, an unfinished batch), reporting each repair to `warn`.
    ///
    /// - Throws: `StoreError.notALedger`, `StoreError.lockTimeout`, or `StoreError.io`.
    public static func open(directory: String, lockTimeout: Double = 10,
                            warn: (String) -> Void = { _ in }) throws -> FileLedger {
        let ledger = try FileLedger(directory: directory)
        for warning in try ledger.recover(lockTimeout: lockTimeout) { warn(warning) }
        return ledger
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
    public func count() throws -> Int { try withState { try currentIndex().count } }

    /// The event hash of the last line (64 zeros for an empty log).
    public func head() throws -> SHA256.Digest { try withState { try currentIndex().head } }

    /// The line of event `seq`, without `\n`.
    public func line(seq: Int) throws -> [UInt8] {
        try withState {
            let index = try currentIndex()
            guard seq >= 1, seq <= index.count else {
                throw StoreError.outOfRange("there is no event \(seq): the log holds \(index.count)")
            }
            return try readLine(index.entry(seq - 1))
        }
    }

    /// The record of event `seq`.
    public func record(seq: Int) throws -> LedgerRecord {
        try decode(line(seq: seq), lineNumber: seq)
    }

    /// Every record of `stream`, in version order.
    public func records(inStream stream: String) throws -> [LedgerRecord] {
        try withState {
            let index = try currentIndex()
            let file = try POSIXFile(path: eventsPath, flags: O_RDONLY)
            var out: [LedgerRecord] = []
            for p in index.streamPositions(EventIndex.key(stream)) {
                let record = try decode(readLine(index.entry(p), from: file), lineNumber: p + 1)
                if record.stream == stream { out.append(record) }
            }
            return out
        }
    }

    /// Whether the event index this ledger keeps (in `index/`, or in memory) fits the log, so
    /// that reading through it only catches up the lines after it, where an index that is
    /// missing or does not fit is first rebuilt from every line, checked as `verify` would
    /// (seconds at a million events, on every read by a process that may not save it).
    /// A fitting index read from `index/` is kept for the reads that follow.
    public func indexFitsLog() throws -> Bool {
        try withState {
            let size = try readableEnd(size: logSize())
            if let inMemory = index { return try tagMatchesLog(inMemory, logSize: size) }
            guard let stored = EventIndex.load(directory: directory), try tagMatchesLog(stored, logSize: size) else { return false }
            index = stored
            ownAppendEnd = nil
            return true
        }
    }

    /// Every record of the `streams`, in log order: one pass over the index for them all
    /// (where `records(inStream:)` for each would pass once per stream, or build the
    /// index's hash maps after a few).
    public func records(inStreams streams: [String]) throws -> [LedgerRecord] {
        let names = Set(streams)
        guard !names.isEmpty else { return [] }
        let keys = Set(names.map(EventIndex.key))
        let few = keys.count <= 16 ? Array(keys) : nil  // compared in a row: faster than hashing each entry's key
        return try withState {
            let index = try currentIndex()
            let file = try POSIXFile(path: eventsPath, flags: O_RDONLY)
            var out: [LedgerRecord] = []
            for (p, entry) in index.entries.enumerated() where few?.contains(entry.streamKey) ?? keys.contains(entry.streamKey) {
                let record = try decode(readLine(entry, from: file), lineNumber: p + 1)
                if names.contains(record.stream) { out.append(record) }
            }
            return out
        }
    }

    /// The version `stream` has reached: the `version` of its last event, 0 when it has none.
    public func version(ofStream stream: String) throws -> Int {
        try withState {
            try lastVersion(of: stream, in: currentIndex(), file: POSIXFile(path: eventsPath, flags: O_RDONLY))
        }
    }

    /// The record with `id`, if any.
    public func record(withID id: String) throws -> LedgerRecord? {
        try withState {
            let index = try currentIndex()
            let file = try POSIXFile(path: eventsPath, flags: O_RDONLY)
            var found: LedgerRecord?
            _ = try index.position(ofID: id, key: EventIndex.key(id)) { p in
                let record = try decode(readLine(index.entry(p), from: file), lineNumber: p + 1)
                if record.id == id { found = record }
                return found != nil
            }
            return found
        }
    }

    /// Streams every complete line from event `fromSeq` on, with its number (= seq) and offset.
    ///
    /// Lines of a batch that is still being written (or was cut short by a crash and not
    /// yet recovered) are not handed out.
    @discardableResult
    public func forEachLine(fromSeq: Int = 1, _ body: (UnsafeRawBufferPointer, Int, Int) throws -> Bool) throws -> LogReader.End {
        var offset = 0
        let limit: Int
        if fromSeq > 1 {
            let index = try withState { try currentIndex() }
            guard fromSeq <= index.count + 1 else { return LogReader.End(offset: index.end, lines: 0, trailingBytes: 0) }
            offset = fromSeq <= index.count ? Int(index.entry(fromSeq - 1).offset) : index.end
            limit = max(index.end, try readableEnd(size: logSize()))
        } else {
            limit = try readableEnd(size: logSize())
        }
        return try LogReader(path: eventsPath).forEachLine(from: offset, firstLineNumber: fromSeq, limit: limit, body)
    }

    func readLine(_ entry: EventIndex.Entry, from file: POSIXFile? = nil) throws -> [UInt8] {
        let file = try file ?? POSIXFile(path: eventsPath, flags: O_RDONLY)
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

    func withState<T>(_ body: () throws -> T) rethrows -> T {
        state.lock()
        defer { state.unlock() }
        return try body()
    }

    // MARK: The index

    /// Where a reader without the lock may read up to: the whole file, except the lines of
    /// a batch announced in `append.intent` and not yet all written.
    func readableEnd(size: Int) throws -> Int {
        guard let data = POSIXFile.contents(of: intentPath),
              let intent = try? JSONParser.parse(Array(data)),
              let start = intent["start"]?.intValue, let end = intent["end"]?.intValue
        else { return size }
        return size >= end ? size : min(size, start)
    }

    /// The index, checked against the log and caught up with it (in memory; saved by appends).
    ///
    /// - Parameter logSize: the log's size when the caller holds the lock (after recovery);
    ///   `nil` for a reader, which reads only up to `readableEnd`. A writer (`logSize` given)
    ///   maps the stored index when it can (`EventIndex.openMapped`) rather than catch up
    ///   one behind the log; a reader loads it whole. An index that shares files with other
    ///   writers (`sharesFiles`) is kept in memory only while the log ends where it does:
    ///   once another writer has appended, those files have moved on under it.
    func currentIndex(logSize knownSize: Int? = nil) throws -> EventIndex {
        let size = try knownSize ?? readableEnd(size: logSize())
        var source = IndexSource.memory
        var index: EventIndex
        let kept = self.index.flatMap { inMemory -> EventIndex? in
            if inMemory.end == size { return inMemory }
            return inMemory.sharesFiles || knownSize != nil ? nil : inMemory
        }
        if let kept {
            index = kept
        } else if knownSize != nil, let mapped = EventIndex.openMapped(directory: directory) {
            index = mapped
            source = .disk
        } else if let inMemory = self.index, !inMemory.sharesFiles {
            index = inMemory
        } else if let stored = EventIndex.load(directory: directory) {
            index = stored
            source = .disk
        } else {
            index = EventIndex()
            source = .rebuilt
        }
        if !(try tagMatchesLog(index, logSize: size)) {
            index = EventIndex()
            source = .rebuilt
        }
        if index !== self.index { ownAppendEnd = nil }
        self.index = index
        lastIndexSource = source
        lastCaughtUp = 0
        if index.end < size {
            lastCaughtUp = try catchUp(index, to: size)
        }
        return index
    }

    /// Whether the index's tag (count, end, head hash) describes this log.
    private func tagMatchesLog(_ index: EventIndex, logSize: Int) throws -> Bool {
        guard index.end <= logSize else { return false }
        guard let last = index.lastEntry else { return index.end == 0 }
        guard Int(last.offset) + Int(last.length) + 1 == index.end else { return false }
        let file = try POSIXFile(path: eventsPath, flags: O_RDONLY)
        let bytes = try file.read(count: Int(last.length) + 1, at: Int(last.offset))
        guard bytes.last == 0x0a else { return false }
        return bytes.dropLast().withUnsafeBytes { SHA256.hash($0) } == index.head
    }

    /// Adds the log's lines from the index's end up to `size`, checking each as `verify`
    /// would (canonical form, `seq`, `prev`, stream `version`): the store never indexes,
    /// and so never appends after, a line that is not sound.
    ///
    /// - Returns: how many lines were added.
    /// - Throws: `StoreError.damaged` at the first unsound line (the lines before it stay indexed).
    private func catchUp(_ index: EventIndex, to size: Int) throws -> Int {
        var defect: LogDefect?
        var added = 0
        var versions: [String: Int] = [:]
        let file = try POSIXFile(path: eventsPath, flags: O_RDONLY)
        try LogReader(path: eventsPath).forEachLine(from: index.end, firstLineNumber: index.count + 1, limit: size) { line, number, offset in
            let record: LedgerRecord
            do {
                record = try ChainVerifier.decode(line, lineNumber: number)
                guard line.elementsEqual(record.canonicalBytes) else {
                    throw LogDefect(line: number, kind: .notCanonical, message: "the line is not in RFC 8785 canonical form")
                }
                guard record.seq == number else {
                    throw LogDefect(line: number, kind: .sequenceGap, message: "seq is \(record.seq), expected \(number)")
                }
                guard record.prev == index.head.hex else {
                    throw LogDefect(line: number, kind: .brokenChain, message: "prev does not match the previous line's hash")
                }
                let previous = try versions[record.stream] ?? lastVersion(of: record.stream, in: index, file: file)
                guard record.version == previous + 1 else {
                    throw LogDefect(line: number, kind: .versionGap,
                                    message: "version is \(record.version) in stream \(record.stream), expected \(previous + 1)")
                }
            } catch let d as LogDefect {
                defect = d
                return false
            }
            versions[record.stream] = record.version
            index.add(record, offset: offset, length: line.count, hash: SHA256.hash(line))
            added += 1
            return true
        }
        if let defect { throw StoreError.damaged(defect) }
        return added
    }

    /// The version `stream` reached in the indexed lines, read from its last line.
    private func lastVersion(of stream: String, in index: EventIndex, file: POSIXFile) throws -> Int {
        var version = 0
        // From the last entry with the stream's key back, until one is the stream's.
        try index.forEachStreamPositionBackward(EventIndex.key(stream)) { p in
            let record = try decode(readLine(index.entry(p), from: file), lineNumber: p + 1)
            if record.stream == stream { version = record.version }
            return version == 0
        }
        return version
    }
}
