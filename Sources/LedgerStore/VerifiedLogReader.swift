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

    /// A chunk's lines, decoded by a worker.
    private final class Chunk: @unchecked Sendable {
        let bytes: [UInt8]
        let offset: Int
        let firstLine: Int
        let done = DispatchSemaphore(value: 0)
        var records: [LedgerRecord] = []
        var hashes: [SHA256.Digest] = []
        var canonical: [Bool] = []
        var starts: [Int] = []
        var lengths: [Int] = []
        /// The first bad line (its index in the chunk) and what is wrong with it.
        var defect: (index: Int, kind: LogDefect.Kind, message: String)?

        /// Drops the decoded records (on whichever thread calls it).
        func release() {
            records = []
            hashes = []
        }

        init(bytes: [UInt8], offset: Int, firstLine: Int) {
            self.bytes = bytes
            self.offset = offset
            self.firstLine = firstLine
        }

        func decode() {
            bytes.withUnsafeBytes { raw in
                let base = raw.baseAddress!
                var start = 0
                var index = 0
                while start < raw.count {
                    let nl = memchr(base + start, 0x0a, raw.count - start)!
                    let end = base.distance(to: UnsafeRawPointer(nl))
                    let line = UnsafeRawBufferPointer(start: base + start, count: end - start)
                    defer { start = end + 1; index += 1 }
                    if line.isEmpty {
                        defect = (index, .strayBytes, "the line is empty")
                        return
                    }
                    let record: LedgerRecord
                    do {
                        record = try ChainVerifier.decode(line, lineNumber: firstLine + index)
                    } catch let d as LogDefect {
                        defect = (index, d.kind, d.message)
                        return
                    } catch {
                        defect = (index, .malformedRecord, "\(error)")
                        return
                    }
                    // The byte-level scanner accepts exactly what parse-then-encode reproduces, without encoding.
                    canonical.append(CanonicalScanner.isCanonical(line))
                    hashes.append(SHA256.hash(line))
                    records.append(record)
                    starts.append(start)
                    lengths.append(line.count)
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

    /// Reads and verifies the log, calling `body` with each line in order.
    ///
    /// - Parameters:
    ///   - limit: stop after this many bytes (`nil`: the file's size when reading begins).
    ///   - progress: called after each chunk with bytes done and bytes in all.
    /// - Throws: `LogDefect` for the first bad line; whatever `body` throws; `StoreError.io`.
    @discardableResult
    public func read(limit: Int? = nil, progress: (Int, Int) -> Void = { _, _ in },
                     _ body: (Line) throws -> Void) throws -> LogVerification.Summary {
        let file = try POSIXFile(path: path, flags: O_RDONLY)
        let size = try limit ?? consistentSize(file)
        let queue = DispatchQueue.global(qos: .userInitiated)
        var verifier = ChainVerifier()
        var pending: [Chunk] = []
        var fileOffset = 0
        var carried: [UInt8] = []
        var nextLine = 1
        var finished = false
        defer { for chunk in pending { chunk.done.wait() } }

        /// Reads the next chunk of whole lines, or returns `nil` at the end (leaving any
        /// unterminated tail in `carried`).
        func nextChunk() throws -> Chunk? {
            var bytes = carried
            carried = []
            while fileOffset < size {
                let want = min(max(chunkSize, bytes.count / 2), size - fileOffset)
                let start = bytes.count
                bytes.append(contentsOf: repeatElement(0, count: want))
                let n = try bytes.withUnsafeMutableBytes { try file.read(into: $0.baseAddress! + start, count: want, at: fileOffset) }
                bytes.removeLast(want - n)
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
            let chunk = Chunk(bytes: bytes, offset: chunkOffset, firstLine: nextLine)
            nextLine += lines
            return chunk
        }

        while true {
            while !finished, pending.count < 2 * jobs + 1 {
                guard let chunk = try nextChunk() else { finished = true; break }
                pending.append(chunk)
                queue.async { chunk.decode(); chunk.done.signal() }
            }
            guard !pending.isEmpty else { break }
            let chunk = pending.removeFirst()
            chunk.done.wait()
            for i in chunk.records.indices {
                let number = chunk.firstLine + i
                let canonical = chunk.canonical[i]
                try verifier.check(chunk.records[i], hash: chunk.hashes[i], lineNumber: number) { canonical }
                try body(Line(record: chunk.records[i], hash: chunk.hashes[i], offset: chunk.offset + chunk.starts[i],
                              length: chunk.lengths[i]))
            }
            if let defect = chunk.defect {
                throw LogDefect(line: chunk.firstLine + defect.index, kind: defect.kind, message: defect.message)
            }
            progress(chunk.offset + chunk.bytes.count, size)
            // Freeing thousands of parsed records is work too: let a worker do it.
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
