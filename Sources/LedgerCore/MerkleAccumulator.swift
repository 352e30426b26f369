/// Builds a Merkle root (RFC 9162 section 2.1.1) from leaf hashes appended one at a time.
///
/// Only the roots of the complete subtrees that the leaves so far form are kept: one per
/// set bit of `size`, largest (leftmost) first. This *frontier* (a "compact range" of
/// [0, size)) has at most 64 hashes whatever the size, so the root of a million-leaf log
/// needs no leaves in memory. Appending costs amortised O(1) node hashes; `root` folds the
/// frontier from the right, which is exactly MTH's split at the largest power of two.
public struct MerkleAccumulator: Hashable, Sendable {
    /// How many leaves have been appended.
    public private(set) var size: Int
    /// The roots of the complete subtrees covering [0, size), left to right; their sizes are
    /// the set bits of `size`, largest first.
    public private(set) var frontier: [SHA256.Digest]

    /// An accumulator for the empty tree.
    public init() {
        size = 0
        frontier = []
    }

    /// Resumes from a stored `size` and `frontier`, e.g. the state saved at a checkpoint.
    ///
    /// - Throws: `MerkleProofError.negativeSize`, or `.wrongFrontierLength` when the frontier
    ///   does not have one hash per set bit of `size`.
    public init(size: Int, frontier: [SHA256.Digest]) throws {
        guard size >= 0 else { throw MerkleProofError.negativeSize(size) }
        guard frontier.count == size.nonzeroBitCount else {
            throw MerkleProofError.wrongFrontierLength(size: size, expected: size.nonzeroBitCount, actual: frontier.count)
        }
        self.size = size
        self.frontier = frontier
    }

    /// Appends the leaf whose leaf hash (SHA-256(0x00 || leaf)) is `leafHash`.
    public mutating func append(_ leafHash: SHA256.Digest) {
        // Each trailing set bit of size is a complete subtree of the new leaf's size: merge them.
        var hash = leafHash
        var bits = size
        while bits & 1 == 1 {
            hash = MerkleTree.nodeHash(frontier.removeLast(), hash)
            bits >>= 1
        }
        frontier.append(hash)
        size += 1
    }

    /// Appends a leaf given by its bytes (a log line without its `\n`).
    public mutating func appendLeaf<Bytes: Sequence>(_ leaf: Bytes) where Bytes.Element == UInt8 {
        append(MerkleTree.leafHash(leaf))
    }

    /// The root of the tree of the `size` leaves appended so far; SHA-256() when there are none.
    public var root: SHA256.Digest {
        guard var hash = frontier.last else { return MerkleTree.emptyRoot }
        for left in frontier.dropLast().reversed() { hash = MerkleTree.nodeHash(left, hash) }
        return hash
    }
}
