import Dispatch
import Foundation
import LedgerCore

/// One pass over the log that verifies it exactly as `LogVerification` does (canonical
/// form, `seq`, stream versions, the hash chain, an unterminated last line) and hands
/// every line to the caller in log order, decoded on several threads.
///
/// The log is cut into chunks of whole lines (the calling thread reads only around each
/// chunk's end to find it). Worker threads read each chunk, hash its lines and read them:
/// in place where the line is canonical and well formed (`RecordLine`, as `verify`'s
/// header reader), else with the full parser and `CanonicalScanner`. A thread of its own
/// checks the chain, chunk after chunk in log order, while the calling thread runs `body`
/// on the chunk before: the calling thread, which folds every event in a rebuild, is the
/// pass's critical path, and the helpers run below its priority (`HelperThreads`). The
/// first bad line stops the pass with its `LogDefect`, whatever thread met it, after `body`
/// has seen every line before it.
public struct VerifiedLogReader {
    public let path: String
    /// Worker threads decoding chunks (the calling thread consumes them).
    public var jobs: Int
    /// Bytes per chunk (a chunk grows to hold a longer line).
    ///
    /// 256 KiB by default: a pass holds `2 * jobs + 1` chunks, read and decoded, and a
    /// rebuild of 1,000,000 events peaked 10 MiB lower with chunks of 256 KiB than of
    /// 1 MiB, in the same time (seven alternating runs each).
    public var chunkSize: Int

    public init(path: String, jobs: Int = ProcessInfo.processInfo.activeProcessorCount, chunkSize: Int = 1 << 18) {
        self.path = path
        self.jobs = max(1, jobs)
        self.chunkSize = chunkSize
    }

    /// Bytes of log between two hand-backs of the heap's free pages (`Heap.returnFreePages`).
    static let trimEvery = 16 << 20

    /// Where one verified line lies, and its hash (handed to the caller with its item).
    public struct Line: Equatable, Sendable {
        /// Its `seq` (its line number).
        public var seq: Int
        /// Its event hash.
        public var hash: SHA256.Digest
        /// Its byte offset in the log.
        public var offset: Int
        /// Its length without `\n`.
        public var length: Int

        public init(seq: Int, hash: SHA256.Digest, offset: Int, length: Int) {
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

    /// The chain's verifier, used on its own thread while a pass runs (one chunk after
    /// another, in log order), then read by the pass's thread once every check is done.
    private final class Checker: @unchecked Sendable {
        let thread = HelperThreads(count: 1, name: "ipledger chain check")
        var verifier = ChainVerifier()
    }

    /// A chunk's lines, decoded by a worker.
    private final class Chunk<Item>: @unchecked Sendable {
        /// Where its lines lie in the log: whole lines, read by the worker that decodes them.
        let offset: Int
        let length: Int
        private(set) var bytes: [UInt8] = []
        /// Why it could not be read.
        var failure: Error?
        let done = DispatchSemaphore(value: 0)
        var items: [Item] = []
        /// What the chain checks need of each line.
        var links: [ChainVerifier.Link] = []
        /// The first line that is not canonical (`canonical` false) or whose `prev` is not a
        /// hash: the checks stop there.
        var unsound: (index: Int, canonical: Bool)?
        var lines: [Line] = []
        /// The first bad line (its index in the chunk) and what is wrong with it.
        var defect: (index: Int, kind: LogDefect.Kind, message: String)?
        /// The number of its first line in the log (set when its chain check is queued).
        var firstLine = 0
        /// The first line whose chain check failed, and why (set by the checking thread).
        var checkFailure: (index: Int, defect: Error)?
        /// Signalled when its chain check is done.
        let checked = DispatchSemaphore(value: 0)

        /// Drops the decoded items (on whichever thread calls it).
        func release() {
            items = []
            links = []
            lines = []
            bytes = []
        }

        /// Checks the lines' chain in order with `verifier`, the first numbered `firstLine`,
        /// up to the first that fails (or is `unsound`): its index and defect.
        static func check(_ links: [ChainVerifier.Link], unsound: (index: Int, canonical: Bool)?, with verifier: inout ChainVerifier,
                          firstLine: Int) -> (index: Int, defect: Error)? {
            let sound = unsound?.index ?? links.count
            if let failure = links.withUnsafeBufferPointer({ verifier.check(UnsafeBufferPointer(rebasing: $0[..<sound]), firstLine: firstLine) }) {
                return failure
            }
            guard let unsound else { return nil }
            let number = firstLine + unsound.index
            guard unsound.canonical else {
                return (unsound.index, LogDefect(line: number, kind: .notCanonical, message: "the line is not in RFC 8785 canonical form"))
            }
            return (unsound.index, LogDefect(line: number, kind: .malformedRecord, message: "prev: expected 64 lowercase hex digits"))
        }

        init(offset: Int, length: Int) {
            self.offset = offset
            self.length = length
        }

        /// Reads the chunk's bytes from `file` and decodes its lines (on a worker thread).
        func readAndDecode(_ file: POSIXFile, _ decoding: Decoding<Item>) {
            do {
                // Into memory left uninitialized: filling a megabyte with zeros first costs as much as reading it.
                bytes = try [UInt8](unsafeUninitializedCapacity: length) { buffer, count in
                    count = 0
                    while count < length {
                        let n = try file.read(into: UnsafeMutableRawPointer(buffer.baseAddress! + count), count: length - count,
                                              at: offset + count)
                        guard n > 0 else {
                            throw StoreError.io(operation: "read", path: file.path,
                                                reason: "it ends before byte \(offset + length): it changed while it was read")
                        }
                        count += n
                    }
                }
            } catch {
                failure = error
                return
            }
            decode(decoding)
        }

        /// Decodes the lines. Line numbers given to the parser count from the chunk's first
        /// line; the reader numbers the lines of the log.
        private func decode(_ decoding: Decoding<Item>) {
            bytes.withUnsafeBytes { raw in
                let base = raw.baseAddress!
                var start = 0
                var index = 0
                items.reserveCapacity(raw.count / 256)
                links.reserveCapacity(raw.count / 256)
                lines.reserveCapacity(raw.count / 256)
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
                                ?? decoding.record(ChainVerifier.decode(line, lineNumber: index + 1))
                            items.append(item)
                            links.append(ChainVerifier.Link(seq: fast.seq, stream: stream, version: fast.version, prev: fast.prev,
                                                            hash: hash))
                            lines.append(Line(seq: fast.seq, hash: hash, offset: offset + start, length: line.count))
                        } else {
                            let record = try ChainVerifier.decode(line, lineNumber: index + 1)
                            // The byte-level scanner accepts exactly what parse-then-encode reproduces, without encoding.
                            let canonical = CanonicalScanner.isCanonical(line)
                            items.append(decoding.record(record))
                            let prev = SHA256.Digest(hex: record.prev)
                            if unsound == nil && (!canonical || prev == nil) { unsound = (links.count, canonical) }
                            links.append(ChainVerifier.Link(seq: record.seq, stream: record.stream, version: record.version,
                                                            prev: prev ?? .zero, hash: hash))
                            lines.append(Line(seq: record.seq, hash: hash, offset: offset + start, length: line.count))
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

    /// Reads and verifies the log, calling `body` with each line in order, read into an
    /// `Item` by `decoding` on the worker threads.
    ///
    /// The checks are those of `verify`, whichever way a line is read: a line that the fast
    /// reader (`RecordLine`) refuses is parsed in full, and its defect named as `verify` names it.
    ///
    /// - Parameters:
    ///   - limit: stop after this many bytes (`nil`: the file's size when reading begins).
    ///   - progress: called after each chunk with bytes done and bytes in all.
    ///   - body: called with each item where the reader keeps it (`inout` so that it is
    ///     lent, not copied; the reader lets go of it afterwards, changed or not).
    /// - Throws: `LogDefect` for the first bad line; whatever `body` throws; `StoreError.io`.
    @discardableResult
    public func read<Item>(limit: Int? = nil, decoding: Decoding<Item>, progress: (Int, Int) -> Void = { _, _ in },
                           _ body: (inout Item, Line) throws -> Void) throws -> LogVerification.Summary {
        let file = try POSIXFile(path: path, flags: O_RDONLY)
        let size = try limit ?? consistentSize(file)
        // The workers reading the chunks, and freeing them once handed on.
        let workers = HelperThreads(count: jobs, name: "ipledger log reader")
        var pending: [Chunk<Item>] = []
        var fileOffset = 0
        /// The bytes after the last newline: an unterminated last line.
        var tail = 0
        var nextLine = 1
        var finished = false
        var trimmedAt = 0
        defer {
            for chunk in pending { chunk.done.wait() }
            workers.finish()
        }
        // What is read to find where a chunk ends: a line is about 500 bytes.
        var window = [UInt8](repeating: 0, count: max(64, min(4096, chunkSize)))

        /// Where the first newline at or after `from` is, below `size`; `nil` if there is none.
        func newline(after from: Int) throws -> Int? {
            var at = from
            while at < size {
                let n = try window.withUnsafeMutableBytes { try file.read(into: $0.baseAddress!, count: min($0.count, size - at), at: at) }
                guard n > 0 else { return nil }
                if let found = window.withUnsafeBytes({ memchr($0.baseAddress!, 0x0a, n) }) {
                    return at + window.withUnsafeBytes { $0.baseAddress!.distance(to: UnsafeRawPointer(found)) }
                }
                at += n
            }
            return nil
        }

        /// Where the last newline before `end` and at or after `from` is; `nil` if there is none.
        func newline(before end: Int, from: Int) throws -> Int? {
            var high = end
            while high > from {
                let low = max(from, high - window.count)
                let n = try window.withUnsafeMutableBytes { try file.read(into: $0.baseAddress!, count: high - low, at: low) }
                guard n == high - low else {
                    throw StoreError.io(operation: "read", path: path, reason: "it ends before byte \(high): it changed while it was read")
                }
                if let found = window.withUnsafeBytes({ raw in (0..<n).reversed().first { raw[$0] == 0x0a } }) {
                    return low + found
                }
                high = low
            }
            return nil
        }

        /// The next chunk of whole lines, about `chunkSize` bytes (more for a longer line),
        /// found by reading only around its end; `nil` at the end (an unterminated tail is
        /// counted in `tail`). Its worker reads the rest.
        func nextChunk() throws -> Chunk<Item>? {
            guard fileOffset < size else { return nil }
            let start = fileOffset
            var end = min(start + chunkSize, size)
            if end < size, let nl = try newline(after: end - 1) {
                end = nl + 1
            } else {
                // The last chunk: it ends at the last newline; bytes after it are an unterminated line.
                guard let nl = try newline(before: size, from: start) else {
                    tail = size - start
                    fileOffset = size
                    return nil
                }
                end = nl + 1
                tail = size - end
                fileOffset = size
                return Chunk<Item>(offset: start, length: end - start)
            }
            fileOffset = end
            return Chunk<Item>(offset: start, length: end - start)
        }

        // The closures run on the workers while this thread waits for their chunks in order.
        nonisolated(unsafe) let decoding = decoding
        // The chain is checked on a thread of its own, in log order, a chunk ahead of this
        // one: this thread, which runs `body`, is the pass's critical path.
        let checker = Checker()
        defer { checker.thread.finish(wait: true) }

        /// Hands `chunk`'s checked lines to `body`, up to the first that failed, then throws
        /// that line's defect, or the one its worker found.
        func fold(_ chunk: Chunk<Item>) throws {
            chunk.checked.wait()
            let accepted = chunk.checkFailure?.index ?? chunk.items.count
            // Lent to `body` in the chunk's own buffer, not copied out of it: in this generic
            // code a copy of an item retains every reference it holds (and releases them after).
            try chunk.items.withUnsafeMutableBufferPointer { items in
                for i in 0..<accepted { try body(&items[i], chunk.lines[i]) }
            }
            if let failure = chunk.checkFailure { throw failure.defect }
            if let defect = chunk.defect {
                throw LogDefect(line: chunk.firstLine + defect.index, kind: defect.kind, message: defect.message)
            }
            progress(chunk.offset + chunk.length, size)
            // Freeing thousands of decoded items is work too: let a worker do it. The pages
            // it frees stay in the heaps of the workers that decoded them, resident, unless
            // handed back from time to time (about 10 MB less at the peak, at 1,000,000 events).
            workers.async { chunk.release() }
            if chunk.offset + chunk.length >= trimmedAt + VerifiedLogReader.trimEvery {
                trimmedAt = chunk.offset + chunk.length
                Heap.returnFreePages()
            }
        }

        /// The chunk whose chain check is queued, and which `body` has not seen yet.
        var checking: Chunk<Item>?
        while true {
            while !finished, pending.count < 2 * jobs + 1 {
                guard let chunk = try nextChunk() else { finished = true; break }
                pending.append(chunk)
                workers.async { chunk.readAndDecode(file, decoding); chunk.done.signal() }
            }
            guard !pending.isEmpty else { break }
            let chunk = pending.removeFirst()
            chunk.done.wait()
            if let failure = chunk.failure {
                // The lines before it are handed on first, as if read line by line.
                if let checking { try fold(checking) }
                throw failure
            }
            chunk.firstLine = nextLine
            nextLine += chunk.items.count
            // The chain checks of the chunk's lines, up to the first that fails: the lines
            // before it are handed on, then the failure thrown (as if line by line).
            checker.thread.async {
                chunk.checkFailure = Chunk<Item>.check(chunk.links, unsound: chunk.unsound, with: &checker.verifier,
                                                       firstLine: chunk.firstLine)
                chunk.checked.signal()
            }
            if let previous = checking { try fold(previous) }
            checking = chunk
        }
        if let checking { try fold(checking) }
        // Every check is done (each chunk's was waited for), so the verifier is read here.
        let verifier = checker.verifier
        if tail > 0 {
            throw LogDefect(line: verifier.count + 1, kind: .unterminatedLine,
                            message: "the last \(tail) bytes do not end in a newline (a torn write, or a changed last byte); " +
                                "the next append moves them to the quarantine")
        }
        return LogVerification.Summary(events: verifier.count, streams: verifier.streamCount, head: verifier.head,
                                       bytes: size - tail)
    }
}
