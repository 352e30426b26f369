import Foundation
import LedgerCore
import LedgerStore
import Projections

/// A projection set encoded as the ledger's snapshot without ever holding the encoding
/// whole: its blocks go, in order as they are made, to a spool file (`SnapshotSpool`), or
/// are only compared with the snapshot file already there, and then let go. What stays in
/// memory is the head and a few blocks being made, not a body as large as the projections.
///
/// Compared with an existing snapshot, nothing is spooled while the blocks are the ones the
/// file already holds: the nightly rebuild of an unchanged ledger writes no snapshot at all.
/// At the first block that differs, the part found equal is copied from the file to the
/// spool, and the rest spooled as it comes.
final class StreamedSnapshot {
    let position: ProjectionSnapshots.Position
    let path: String
    /// Whether the encoding is, byte for byte, the body of the existing snapshot file.
    let equalsExisting: Bool
    private var head: [UInt8]
    private var spool: SnapshotSpool?
    private let existing: MappedSnapshot?
    private let comparison: Comparison?

    /// Encodes `set`, compared with `existing` (the snapshot file at the ledger's path,
    /// mapped) if given; `commit()` then writes it.
    init(_ set: ProjectionSet, at position: ProjectionSnapshots.Position, _ ledger: FileLedger,
         comparingWith existing: MappedSnapshot?) throws {
        self.position = position
        path = ProjectionSnapshots.path(ledger)
        self.existing = existing
        let comparison = existing.flatMap(Comparison.init)
        var spool = comparison == nil ? try SnapshotSpool(for: path) : nil
        let path = path
        head = try SnapshotEncoder.encode(set) { block in
            if spool == nil, let comparison, comparison.next(block) { return }
            if spool == nil, let comparison {
                spool = try comparison.spoolMatched(for: path)
            }
            try spool!.append(block)
        }
        equalsExisting = spool == nil && comparison?.holdsWhole(head: head) == true
        self.spool = spool
        self.comparison = comparison
    }

    /// Whether `set` encodes to exactly the body of `snapshot`. Stops at the first block that
    /// differs; holds none of the encoding.
    static func encodes(_ set: ProjectionSet, as snapshot: MappedSnapshot) throws -> Bool {
        guard let comparison = Comparison(snapshot) else { return false }
        do {
            let head = try SnapshotEncoder.encode(set) { block in
                guard comparison.next(block) else { throw Differs() }
            }
            return comparison.holdsWhole(head: head)
        } catch is Differs {
            return false
        }
    }

    private struct Differs: Error {}

    /// Writes the snapshot atomically, unless the existing file already holds it: the same
    /// body, under the same tag, and still the file at the path.
    ///
    /// - Returns: whether the file was written.
    @discardableResult
    func commit() throws -> Bool {
        if equalsExisting, let existing, existing.isStill(at: path, taggedAs: position.tag) { return false }
        let spool = try self.spool ?? comparison!.spoolMatched(for: path)
        try SnapshotEncoder.sealHead(&head) { piece in try spool.readTail(piece) }
        try spool.commit(head: head, tag: position.tag, to: path)
        return true
    }

    /// The blocks made so far compared, in order, with those of a snapshot file's body.
    final class Comparison {
        let snapshot: MappedSnapshot
        /// Where the body's blocks begin: after its head.
        let blocksStart: Int
        /// The bytes of blocks found equal so far.
        private(set) var matched = 0
        private(set) var equal = true

        init?(_ snapshot: MappedSnapshot) {
            guard let start = SnapshotEncoder.headLength(of: snapshot.body) else { return nil }
            self.snapshot = snapshot
            blocksStart = start
        }

        /// Whether `block` is the file's next block too (after the first that is not, never).
        func next(_ block: [UInt8]) -> Bool {
            guard equal else { return false }
            equal = block.withUnsafeBytes { snapshot.body(holds: $0, at: blocksStart + matched) }
            if equal { matched += block.count }
            return equal
        }

        /// Whether, the blocks all equal, the file's body is exactly `head` and them. The
        /// head's checksum, not yet set, is not compared: it follows from the other bytes.
        func holdsWhole(head: [UInt8]) -> Bool {
            let checksum = SnapshotEncoder.checksumRange
            guard equal, head.count == blocksStart, blocksStart + matched == snapshot.body.count else { return false }
            return head[..<checksum.lowerBound].withUnsafeBytes { snapshot.body(holds: $0, at: 0) }
                && head[checksum.upperBound...].withUnsafeBytes { snapshot.body(holds: $0, at: checksum.upperBound) }
        }

        /// A new spool holding the blocks found equal, copied from the file.
        func spoolMatched(for path: String) throws -> SnapshotSpool {
            let spool = try SnapshotSpool(for: path)
            try spool.append(blocksStart..<(blocksStart + matched), of: snapshot)
            return spool
        }
    }
}
