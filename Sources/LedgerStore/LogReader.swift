import Dispatch
import Foundation
import LedgerCore

/// Reads the log forward, line by line, in large blocks.
///
/// Only complete lines (ending in `\n`) are handed out, so a reader never sees a
/// half-written line as an event. Memory is one block, grown only when a single
/// line is longer than a block.
public struct LogReader {
    public let path: String
    /// The block size; lines longer than this grow the buffer to fit them.
    public var blockSize: Int

    public init(path: String, blockSize: Int = 4 << 20) {
        self.path = path
        self.blockSize = blockSize
    }

    /// Where reading stopped.
    public struct End: Equatable, Sendable {
        /// The byte offset just after the last complete line.
        public var offset: Int
        /// How many complete lines were read.
        public var lines: Int
        /// Bytes after the last complete line: a torn write, or one in progress.
        public var trailingBytes: Int
    }

    /// Calls `body` with each complete line (without `\n`), its 1-based number and byte offset.
    ///
    /// - Parameters:
    ///   - offset: where to start (the start of a line).
    ///   - firstLineNumber: the number of the line at `offset`.
    ///   - limit: stop after this many bytes of the file (`nil`: its size when reading began).
    ///   - body: return `false` to stop early.
    @discardableResult
    public func forEachLine(from offset: Int = 0, firstLineNumber: Int = 1, limit: Int? = nil,
                            _ body: (_ line: UnsafeRawBufferPointer, _ number: Int, _ offset: Int) throws -> Bool) throws -> End {
        var stoppedAt: End?
        let end = try forEachBlock(from: offset, firstLineNumber: firstLineNumber, limit: limit) { block, number, blockOffset in
            var start = 0
            var lineNumber = number
            let base = block.baseAddress!
            while start < block.count {
                let nl = memchr(base + start, 0x0a, block.count - start)!
                let end = base.distance(to: UnsafeRawPointer(nl))
                let keepGoing = try body(UnsafeRawBufferPointer(start: base + start, count: end - start), lineNumber, blockOffset + start)
                lineNumber += 1
                start = end + 1
                if !keepGoing {
                    stoppedAt = End(offset: blockOffset + start, lines: lineNumber - firstLineNumber, trailingBytes: 0)
                    return false
                }
            }
            return true
        }
        return stoppedAt ?? end
    }

    /// Calls `body` with blocks of whole lines (each line with its `\n`), the number of
    /// the block's first line, and the block's byte offset: the unit of work for the
    /// whole-log passes, which split a block across cores.
    ///
    /// - Parameters: as `forEachLine`; `body` returns `false` to stop after this block.
    @discardableResult
    public func forEachBlock(from offset: Int = 0, firstLineNumber: Int = 1, limit: Int? = nil,
                             _ body: (_ block: UnsafeRawBufferPointer, _ firstLine: Int, _ offset: Int) throws -> Bool) throws -> End {
        try forEachCountedBlock(from: offset, firstLineNumber: firstLineNumber, limit: limit) { block, number, blockOffset in
            let keepGoing = try body(block, number, blockOffset)
            return keepGoing ? LogReader.countLines(block) : nil
        }
    }

    /// `forEachBlock` for a body that counts the block's lines itself (as `ChainVerifier.accept(lines:)`
    /// does in parallel), returning how many, or `nil` to stop after this block; and with
    /// each block read by `readers` threads at once, each reading one part of it.
    ///
    /// - Parameters: as `forEachLine`, and `readers`, the threads that read a block.
    @discardableResult
    public func forEachCountedBlock(from offset: Int = 0, firstLineNumber: Int = 1, limit: Int? = nil, readers: Int = 1,
                                    _ body: (_ block: UnsafeRawBufferPointer, _ firstLine: Int, _ offset: Int) throws -> Int?) throws -> End {
        let file = try POSIXFile(path: path, flags: O_RDONLY)
        let size = try limit ?? file.size
        var capacity = blockSize
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
        defer { buffer.deallocate() }
        var filled = 0              // bytes in buffer
        var bufferStart = offset    // file offset of buffer[0]
        var fileOffset = offset
        var lineNumber = firstLineNumber
        while true {
            if filled == capacity {
                // One line longer than the buffer: grow it.
                let bigger = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 64)
                bigger.copyMemory(from: buffer, byteCount: filled)
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            let want = min(capacity - filled, size - fileOffset)
            var n = 0
            if want > 0 {
                n = try LogReader.read(file, into: buffer + filled, count: want, at: fileOffset, readers: readers)
                fileOffset += n
                filled += n
            }
            // The complete lines in the buffer end at its last newline.
            let base = UnsafeRawPointer(buffer)
            var complete = filled
            let bytes = base.assumingMemoryBound(to: UInt8.self)
            while complete > 0 && bytes[complete - 1] != 0x0a { complete -= 1 }
            if complete > 0 {
                let lines = try body(UnsafeRawBufferPointer(start: base, count: complete), lineNumber, bufferStart)
                lineNumber += lines ?? 0
                if complete < filled { memmove(buffer, buffer + complete, filled - complete) }
                filled -= complete
                bufferStart += complete
                if lines == nil { return End(offset: bufferStart, lines: lineNumber - firstLineNumber, trailingBytes: 0) }
            }
            if want == 0 || n == 0 {
                return End(offset: bufferStart, lines: lineNumber - firstLineNumber, trailingBytes: filled)
            }
        }
    }

    /// How many lines (newlines) `block` holds.
    static func countLines(_ block: UnsafeRawBufferPointer) -> Int {
        guard let base = block.baseAddress else { return 0 }
        var lines = 0
        var p = 0
        while p < block.count, let nl = memchr(base + p, 0x0a, block.count - p) {
            lines += 1
            p = base.distance(to: UnsafeRawPointer(nl)) + 1
        }
        return lines
    }

    /// Reads up to `count` bytes at `offset`, split among `readers` threads when each gets
    /// at least 32 KiB; returns how many bytes from `offset` on were read (fewer at the end of the file).
    static func read(_ file: POSIXFile, into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int, readers: Int) throws -> Int {
        let parts = max(1, min(readers, count >> 15))
        guard parts > 1 else { return try file.read(into: buffer, count: count, at: offset) }
        var done = [Int](repeating: 0, count: parts)
        var failure: Error?
        let lock = NSLock()
        done.withUnsafeMutableBufferPointer { done in
            let done = done
            DispatchQueue.concurrentPerform(iterations: parts) { r in
                let from = count * r / parts, to = count * (r + 1) / parts
                var got = 0
                do {
                    while from + got < to {
                        let n = try file.read(into: buffer + from + got, count: to - from - got, at: offset + from + got)
                        if n == 0 { break }
                        got += n
                    }
                } catch {
                    lock.lock()
                    failure = failure ?? error
                    lock.unlock()
                }
                done[r] = got
            }
        }
        if let failure { throw failure }
        // The bytes read run on from `offset` up to the first part that came back short.
        var total = 0
        for r in 0..<parts {
            total += done[r]
            if done[r] < count * (r + 1) / parts - count * r / parts { break }
        }
        return total
    }
}
