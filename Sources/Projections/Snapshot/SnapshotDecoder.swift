import Foundation
import LedgerCore

/// A fast `Decoder` for projection snapshots, reading the binary encoding `SnapshotFormat`
/// describes in place (a mapped file is not copied).
///
/// The body's checksum is checked first, and every length, count and index is checked
/// against the bytes it lies in, so that damaged bytes are refused with a `DecodingError`,
/// never read as something else. Each segment's strings are made once and shared by every
/// value that names them. Keyed containers look for the member after the last one read
/// first, so members read in the order they were written are found at once; any order
/// works. The blocks of large dictionaries are decoded on all cores.
public enum SnapshotDecoder {
    /// Decodes a `T` from snapshot bytes.
    ///
    /// - Throws: `DecodingError.dataCorrupted` when the bytes are not a snapshot (another
    ///   encoding, cut short, damaged), or the errors of `T`'s own decoding (a missing
    ///   member, a value of another type).
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try bytes.withUnsafeBytes { try decode(type, from: $0) }
    }

    /// Decodes a `T` from snapshot bytes in memory it does not own (a mapped file): nothing
    /// decoded refers to them afterwards.
    ///
    /// - Parameter release: called with each range of `bytes` read for the last time (the
    ///   body in pieces once its checksum is taken, then each block of a large dictionary
    ///   once decoded, on the thread that decoded it), so that the owner of a mapped file can
    ///   let go of its pages as the states are made: a snapshot of a million events is
    ///   then never all in memory beside them. The bytes may still be read again after.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer,
                                            releasing release: (@Sendable (Range<Int>) -> Void)? = nil) throws -> T {
        guard let base = bytes.baseAddress, bytes.count >= SnapshotFormat.headerSize + 2 else {
            throw corrupted("a snapshot of \(bytes.count) bytes is cut short")
        }
        guard bytes.count < Int(Int32.max) else { throw corrupted("a snapshot of \(bytes.count) bytes is too large") }
        guard memcmp(base, SnapshotFormat.magic, SnapshotFormat.magic.count) == 0 else {
            throw corrupted("the bytes are not a snapshot of this version (no \(String(decoding: SnapshotFormat.magic, as: UTF8.self)) at the start)")
        }
        let stored = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        var checksum = SnapshotChecksum()
        var piece = SnapshotFormat.headerSize
        while piece < bytes.count {
            let end = release == nil ? bytes.count : min(bytes.count, piece + Releaser.pieceSize)
            checksum.update(UnsafeRawBufferPointer(rebasing: bytes[piece..<end]))
            release?(piece..<end)
            piece = end
        }
        guard stored == checksum.finalize() else { throw corrupted("the snapshot's checksum does not match its bytes (damaged)") }
        let releaser = release.map { Releaser($0) }
        defer { withExtendedLifetime(releaser) {} }
        var at = SnapshotFormat.headerSize
        let rootLength = try varint(base, &at, bytes.count)
        guard rootLength <= UInt64(bytes.count - at) else { throw corrupted("byte \(at): the root runs past the end") }
        let rootEnd = at + Int(rootLength)
        let root = try Segment.make(base: base, from: at, to: rootEnd, blocks: rootEnd..<bytes.count,
                                    releaser: releaser.map { Unmanaged.passUnretained($0) })
        defer { Segment.free(root) }
        let start = root.pointee.valuesStart
        let value = try root.pointee.decode(T.self, at: start, root, depth: 0)
        guard try root.pointee.skip(start) == rootEnd else { throw corrupted("byte \(rootEnd): the root has bytes after its value") }
        return value
    }

    /// The function that lets go of bytes read for the last time, held by reference so that
    /// a segment keeps it as a plain value.
    final class Releaser: Sendable {
        let release: @Sendable (Range<Int>) -> Void
        init(_ release: @escaping @Sendable (Range<Int>) -> Void) { self.release = release }
        /// The body's bytes are checksummed, and let go, this many at a time.
        static let pieceSize = 4 << 20
    }

    static func corrupted(_ message: String) -> DecodingError {
        .dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: "damaged snapshot: " + message))
    }

    /// The varint at `at` in `base ..< end`, moving `at` past it.
    @inline(__always)
    static func varint(_ base: UnsafeRawPointer, _ at: inout Int, _ end: Int) throws -> UInt64 {
        if at < end {
            let first = base.load(fromByteOffset: at, as: UInt8.self)
            if first < 0x80 {
                at += 1
                return UInt64(first)
            }
        }
        return try longVarint(base, &at, end)
    }

    static func longVarint(_ base: UnsafeRawPointer, _ at: inout Int, _ end: Int) throws -> UInt64 {
        if at + 10 <= end {
            // Room for the longest varint: no check byte by byte.
            var result: UInt64 = 0
            var shift: UInt64 = 0
            for i in 0..<10 {
                let byte = base.load(fromByteOffset: at + i, as: UInt8.self)
                result |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 {
                    guard i < 9 || byte <= 1 else { break }
                    at += i + 1
                    return result
                }
                shift += 7
            }
            throw corrupted("byte \(at): a number is too large")
        }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard at < end else { throw corrupted("byte \(at): a number runs past the end") }
            let byte = base.load(fromByteOffset: at, as: UInt8.self)
            at += 1
            guard shift < 63 || shift == 63 && byte <= 1 else { throw corrupted("byte \(at - 1): a number is too large") }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }
}
