import Dispatch
import Foundation
import LedgerCore

/// One pass over the log that verifies it exactly as `LogVerification` does (canonical
/// form, `seq`, stream versions, the hash chain, an unterminated last line) and hands
/// every record to the caller in log order, decoding on several threads.
///
/// The log is cut into chunks of whole lines; worker threads hash, parse and check the
/// canonical form of each chunk's lines (`CanonicalScanner`, as `verify` does) while the
/// calling thread checks the chain and runs `body` on the chunk before. The first bad line stops the pass with its
/// `LogDefect`, whatever thread met it, after `body` has seen every line before it.
public struct VerifiedLogReader {
    /// One verified line.
    public struct Line {
        /// The record.
        public var record: LedgerRecord
        /// Its event hash.
        public var hash: SHA256.Digest
        /// Its byte offset in the log.
        public var offset: Int
        /// Its length without `\n`.
        public var length: Int
    }

    public let path: String
    /// Worker threads decoding chunks (the calling thread consumes them).
    public var jobs: Int
    /// Bytes per chunk (a chunk grows to hold a longer line).
    public var chunkSize: Int

    public init(path: String, jobs: Int = ProcessInfo.processInfo.activeProcessorCount, chunkSize: Int = 1 << 20) {
        self.path = path
        self.jobs = max(1, jobs)
        self.chunkSize = chunkSize
    }

    /// One verified line, read into the caller's `Item`.
    public struct Entry<Item> {
        public var item: Item
        /// Its `seq` (its line number).
        public var seq: Int
        /// Its event hash.
        public var hash: SHA256.Digest
        /// Its byte offset in the log.
        public var offset: Int
        /// Its length without `\n`.
        public var length: Int

        public init(item: Item, seq: Int, hash: SHA256.Digest, offset: Int, length: Int) {
            self.item = item
            self.seq = seq
            self.hash = hash
            self.offset = offset
            self.length = length
        }
    }

    /// How the caller's items are made from lines, on the worker threads.
    public struct Decoding<Item> {
        /// The item of a line the fast reader could read in place (a canonical, well-formed
        /// record), given its stream's name; `nil` to have it read by `record` instead.
        public var line: (RecordLine, String) -> Item?
        /// The item of a record read by the full parser.
        public var record: (LedgerRecord) -> Item

        public init(line: @escaping (RecordLine, String) -> Item?, record: @escaping (LedgerRecord) -> Item) {
            self.line = line
            self.record = record
        }
    }

    /// A chunk's lines, decoded by a worker.
    private final class Chunk<Item>: @unchecked Sendable {
        let bytes: [UInt8]
        let offset: Int
        let firstLine: Int
        let done = DispatchSemaphore(value: 0)
        var items: [Item] = []
        var facts: [Facts] = []
        /// The first bad line (its index in the chunk) and what is wrong with it.
        var defect: (index: Int, kind: LogDefect.Kind, message: String)?

        /// What the chain checks need of one line.
        struct Facts {
            var seq: Int
            var stream: String
            var version: Int
            /// `nil` when `prev` is not 64 lowercase hex digits.
            var prev: SHA256.Digest?
            var hash: SHA256.Digest
            var canonical: Bool
            var start: Int
            var length: Int
        }

        /// Drops the decoded items (on whichever thread calls it).
        func release() {
            items = []
            facts = []
        }

        init(bytes: [UInt8], offset: Int, firstLine: Int) {
            self.bytes = bytes
            self.offset = offset
            self.firstLine = firstLine
        }

        func decode(_ decoding: Decoding<Item>) {
            bytes.withUnsafeBytes { raw in
                let base = raw.baseAddress!
                var start = 0
                var index = 0
                items.reserveCapacity(raw.count / 256)
                facts.reserveCapacity(raw.count / 256)
                while start < raw.count {
                    let nl = memchr(base + start, 0x0a, raw.count - start)!
                    let end = base.distance(to: UnsafeRawPointer(nl))
                    let line = UnsafeRawBufferPointer(start: base + start, count: end - start)
                    defer { start = end + 1; index += 1 }
                    if line.isEmpty {
                        defect = (index, .strayBytes, "the line is empty")
                        return
                    }
                    let hash = SHA256.hash(line)
                    do {
                        if let fast = RecordLine(line: line) {
                            // Canonical, with every member of the right form: what the full parser would read.
                            let stream = String(decoding: UnsafeRawBufferPointer(rebasing: line[fast.stream]), as: UTF8.self)
                            let item = try decoding.line(fast, stream)
                                ?? decoding.record(ChainVerifier.decode(line, lineNumber: firstLine + index))
                            items.append(item)
                            facts.append(Facts(seq: fast.seq, stream: stream, version: fast.version, prev: fast.prev, hash: hash,
                                               canonical: true, start: start, length: line.count))
                        } else {
                            let record = try ChainVerifier.decode(line, lineNumber: firstLine + index)
                            // The byte-level scanner accepts exactly what parse-then-encode reproduces, without encoding.
                            let canonical = CanonicalScanner.isCanonical(line)
                            items.append(decoding.record(record))
                            facts.append(Facts(seq: record.seq, stream: record.stream, version: record.version,
                                               prev: SHA256.Digest(hex: record.prev), hash: hash, canonical: canonical,
                                               start: start, length: line.count))
                        }
                    } catch let d as LogDefect {
                        defect = (index, d.kind, d.message)
                        return
                    } catch {
                        defect = (index, .malformedRecord, "\(error)")
                        return
                    }
                }
            }
        }
    }

    /// The log's size between appends: taken under a shared lock on the ledger's
    /// `ledger.lock` when there is one (as `verify` waits for an append in progress), so
    /// the pass ends on a complete line; lines appended after it are left for the next pass.
    func consistentSize(_ file: POSIXFile) throws -> Int {
        let lockPath = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("ledger.lock")
        guard FileManager.default.fileExists(atPath: lockPath), let lock = try? FileLock(path: lockPath, timeout: 10, shared: true) else {
            return try file.size
        }
        return try withExtendedLifetime(lock) { try file.size }
    }

    /// Reads and verifies the log, calling `body` with each line's record in order.
    ///
    /// - Parameters:
    ///   - limit: stop after this many bytes (`nil`: the file's size when reading begins).
    ///   - progress: called after each chunk with bytes done and bytes in all.
    /// - Throws: `LogDefect` for the first bad line; whatever `body` throws; `StoreError.io`.
    @discardableResult
    public func read(limit: Int? = nil, progress: (Int, Int) -> Void = { _, _ in },
                     _ body: (Line) throws -> Void) throws -> LogVerification.Summary {
        let records = Decoding<LedgerRecord>(line: { line, _ in try? ChainVerifier.decode(line.bytes, lineNumber: line.seq) },
                                             record: { $0 })
        return try read(limit: limit, decoding: records, progress: progress) { entry in
            try body(Line(record: entry.item, hash: entry.hash, offset: entry.offset, length: entry.length))
        }
    }

    /// Reads and verifies the log, calling `body` with each line in order, read into an
    /// `Item` by `decoding` on the worker threads.
    ///
    /// The checks are those of `verify`, whichever way a line is read: a line that the fast
    /// reader (`RecordLine`) refuses is parsed in full, and its defect named as `verify` names it.
    ///
    /// - Parameters:
    ///   - limit: stop after this many bytes (`nil`: the file's size when reading begins).
    ///   - progress: called after each chunk with bytes done and bytes in all.
    /// - Throws: `LogDefect` for the first bad line; whatever `body` throws; `StoreError.io`.
    @discardableResult
    public func read<Item>(limit: Int? = nil, decoding: Decoding<Item>, progress: (Int, Int) -> Void = { _, _ in },
                           _ body: (Entry<Item>) throws -> Void) throws -> LogVerification.Summary {
        let file = try POSIXFile(path: path, flags: O_RDONLY)
        let size = try limit ?? consistentSize(file)
        let queue = DispatchQueue.global(qos: .userInitiated)
        var verifier = ChainVerifier()
        var pending: [Chunk<Item>] = []
        var fileOffset = 0
        var carried: [UInt8] = []
        var nextLine = 1
        var finished = false
        defer { for chunk in pending { chunk.done.wait() } }

        /// Reads the next chunk of whole lines, or returns `nil` at the end (leaving any
        /// unterminated tail in `carried`).
        func nextChunk() throws -> Chunk<Item>? {
            var bytes = carried
            carried = []
            while fileOffset < size {
                let want = min(max(chunkSize, bytes.count / 2), size - fileOffset)
                let start = bytes.count
                var n = 0
                // Read into memory left uninitialized: filling a megabyte with zeros first costs as much as reading it.
                bytes = try [UInt8](unsafeUninitializedCapacity: start + want) { buffer, count in
                    if start > 0 { _ = bytes.withUnsafeBufferPointer { buffer.baseAddress!.initialize(from: $0.baseAddress!, count: start) } }
                    count = start
                    n = try file.read(into: UnsafeMutableRawPointer(buffer.baseAddress! + start), count: want, at: fileOffset)
                    count = start + n
                }
                fileOffset += n
                if n == 0 { break }
                if let last = bytes.lastIndex(of: 0x0a) {
                    carried = Array(bytes[(last + 1)...])
                    bytes.removeSubrange((last + 1)...)
                    break
                }
            }
            guard bytes.contains(0x0a) else {
                carried = bytes
                return nil
            }
            let chunkOffset = fileOffset - carried.count - bytes.count
            var lines = 0
            bytes.withUnsafeBytes { raw in
                var p = raw.baseAddress!
                let end = p + raw.count
                while p < end, let nl = memchr(p, 0x0a, end - p) {
                    lines += 1
                    p = UnsafeRawPointer(nl) + 1
                }
            }
            let chunk = Chunk<Item>(bytes: bytes, offset: chunkOffset, firstLine: nextLine)
            nextLine += lines
            return chunk
        }

        // The closures run on the workers while this thread waits for their chunks in order.
        nonisolated(unsafe) let decoding = decoding
        while true {
            while !finished, pending.count < 2 * jobs + 1 {
                guard let chunk = try nextChunk() else { finished = true; break }
                pending.append(chunk)
                queue.async { chunk.decode(decoding); chunk.done.signal() }
            }
            guard !pending.isEmpty else { break }
            let chunk = pending.removeFirst()
            chunk.done.wait()
            for i in chunk.items.indices {
                let number = chunk.firstLine + i
                let facts = chunk.facts[i]
                guard facts.canonical else {
                    throw LogDefect(line: number, kind: .notCanonical, message: "the line is not in RFC 8785 canonical form")
                }
                guard let prev = facts.prev else {
                    throw LogDefect(line: number, kind: .malformedRecord, message: "prev: expected 64 lowercase hex digits")
                }
                try verifier.check(seq: facts.seq, stream: facts.stream, version: facts.version, prev: prev, hash: facts.hash,
                                   lineNumber: number)
                try body(Entry(item: chunk.items[i], seq: facts.seq, hash: facts.hash, offset: chunk.offset + facts.start,
                               length: facts.length))
            }
            if let defect = chunk.defect {
                throw LogDefect(line: chunk.firstLine + defect.index, kind: defect.kind, message: defect.message)
            }
            progress(chunk.offset + chunk.bytes.count, size)
            // Freeing thousands of decoded items is work too: let a worker do it.
            queue.async { chunk.release() }
        }
        if !carried.isEmpty {
            throw LogDefect(line: verifier.count + 1, kind: .unterminatedLine,
                            message: "the last \(carried.count) bytes do not end in a newline (a torn write, or a changed last byte); " +
                                "the next append moves them to the quarantine")
        }
        return LogVerification.Summary(events: verifier.count, streams: verifier.streamCount, head: verifier.head,
                                       bytes: fileOffset - carried.count)
    }
}
