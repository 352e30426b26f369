import Foundation
import LedgerCore

/// A snapshot body written as it is made, for bodies too large to hold in memory.
///
/// A body whose head is known only last (it finds what follows it) is written in two
/// parts: its tail, appended piece by piece, in order, to a spool file beside the snapshot
/// as it is made; then its head, given to `commit`, which writes the snapshot file as
/// `SnapshotFile.save` does (atomically, tagged with the body's length and SHA-256): the
/// tag line, the head, the tail read back from the spool, `\n`. The spool is unlinked as
/// soon as it is created, so that nothing is left of it if the process stops on the way.
public final class SnapshotSpool {
    private let file: POSIXFile
    /// The bytes of the tail appended so far.
    public private(set) var tailLength = 0

    /// Pieces the tail is read back in.
    static let pieceSize = 4 << 20

    /// A new, empty spool for the snapshot at `path` (`<path>.spool-<pid>-<random>`, a name
    /// of its own, created exclusively, so that two writers never share one; unlinked at once).
    public init(for path: String) throws {
        try SnapshotFile.createDirectory((path as NSString).deletingLastPathComponent)
        let spool = "\(path).spool-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        file = try POSIXFile(path: spool, flags: O_RDWR | O_CREAT | O_EXCL, mode: 0o600)
        unlink(spool)
    }

    /// Appends `bytes` to the tail.
    public func append(_ bytes: UnsafeRawBufferPointer) throws {
        try file.write(bytes, at: tailLength)
        tailLength += bytes.count
    }

    /// Appends `bytes` to the tail.
    public func append(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try append($0) }
    }

    /// Appends the bytes `range` of a mapped snapshot's body to the tail, letting its pages
    /// go as it goes (a part found equal to what was being made, not kept in memory).
    public func append(_ range: Range<Int>, of snapshot: MappedSnapshot) throws {
        try snapshot.forEachPiece(of: range) { try append($0) }
    }

    /// Reads the tail again, in order, handing each piece (of at most 4 MB) to `body`.
    public func readTail(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: Self.pieceSize, alignment: 16)
        defer { buffer.deallocate() }
        var at = 0
        while at < tailLength {
            let n = try file.read(into: buffer, count: min(Self.pieceSize, tailLength - at), at: at)
            guard n > 0 else {
                throw StoreError.io(operation: "read back", path: file.path, reason: "the spool ended at byte \(at) of \(tailLength)")
            }
            try body(UnsafeRawBufferPointer(start: buffer, count: n))
            at += n
        }
    }

    /// Writes `head` then the tail as the body of the snapshot at `path`, with `tag`,
    /// atomically (`SnapshotFile.writeAtomically`). The tail is read back once: it is
    /// hashed as it is copied, and the tag line, written first with room for the SHA-256,
    /// is written again at the end with it.
    public func commit(head: [UInt8], tag: SnapshotTag, to path: String) throws {
        var tag = tag
        tag.bodyBytes = head.count + tailLength
        tag.bodySHA256 = .zero
        let placeholder = CanonicalJSON.encode(tag.json) + [0x0a]
        try SnapshotFile.writeAtomically(to: path) { out in
            var hasher = SHA256()
            var offset = placeholder.count
            try out.write(placeholder, at: 0)
            head.withUnsafeBytes { hasher.update($0) }
            try out.write(head, at: offset)
            offset += head.count
            try readTail { piece in
                hasher.update(piece)
                try out.write(piece, at: offset)
                offset += piece.count
            }
            try out.write([0x0a], at: offset)
            tag.bodySHA256 = hasher.finalize()
            let line = CanonicalJSON.encode(tag.json) + [0x0a]
            precondition(line.count == placeholder.count, "a digest's hex is of one length")
            try out.write(line, at: 0)
        }
    }
}
