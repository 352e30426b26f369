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
        let file = try POSIXFile(path: path, flags: O_RDONLY)
        let size = try limit ?? file.size
        var capacity = blockSize
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
        defer { buffer.deallocate() }
        var filled = 0          // bytes in buffer
        var bufferStart = offset  // file offset of buffer[0]
        var lineNumber = firstLineNumber
        var fileOffset = offset
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
                n = try file.read(into: buffer + filled, count: want, at: fileOffset)
                fileOffset += n
                filled += n
            }
            // Hand out every complete line in the buffer.
            var start = 0
            let base = UnsafeRawPointer(buffer)
            while start < filled {
                guard let nl = memchr(base + start, 0x0a, filled - start) else { break }
                let end = base.distance(to: UnsafeRawPointer(nl))
                let line = UnsafeRawBufferPointer(start: base + start, count: end - start)
                let keepGoing = try body(line, lineNumber, bufferStart + start)
                lineNumber += 1
                start = end + 1
                if !keepGoing {
                    return End(offset: bufferStart + start, lines: lineNumber - firstLineNumber, trailingBytes: 0)
                }
            }
            // Move the incomplete rest to the front.
            if start > 0 {
                if start < filled { memmove(buffer, buffer + start, filled - start) }
                filled -= start
                bufferStart += start
            }
            if want == 0 || n == 0 {
                return End(offset: bufferStart, lines: lineNumber - firstLineNumber, trailingBytes: filled)
            }
        }
    }
}
