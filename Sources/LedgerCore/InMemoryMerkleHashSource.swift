/// A `MerkleHashSource` that keeps every leaf hash and every complete subtree's root in memory.
///
/// `levels[0]` holds the leaf hashes; `levels[k][j]` is the root of leaves
/// [j * 2^k, (j + 1) * 2^k), made as soon as its last leaf arrives. That is about 2n
/// hashes for n leaves (64 bytes per leaf), and every answer is one array lookup. Meant
/// for tests and small logs; a store keeps the same levels on disk.
public struct InMemoryMerkleHashSource: MerkleHashSource, Sendable {
    private var levels: [[SHA256.Digest]] = [[]]

    /// An empty tree.
    public init() {}

    /// A tree of these leaf hashes, in order.
    public init<Hashes: Sequence>(leafHashes: Hashes) where Hashes.Element == SHA256.Digest {
        for hash in leafHashes { append(hash) }
    }

    /// A tree of these leaves (byte strings, e.g. log lines without `\n`), in order.
    public init<Leaves: Sequence>(leaves: Leaves) where Leaves.Element: Sequence, Leaves.Element.Element == UInt8 {
        for leaf in leaves { append(MerkleTree.leafHash(leaf)) }
    }

    /// How many leaf hashes have been appended.
    public var size: Int { levels[0].count }

    /// The leaf hashes, in order.
    public var leafHashes: [SHA256.Digest] { levels[0] }

    /// Appends one leaf hash, completing every subtree that the new leaf closes.
    public mutating func append(_ leafHash: SHA256.Digest) {
        levels[0].append(leafHash)
        var level = 0
        while levels[level].count % 2 == 0 {
            let row = levels[level]
            let parent = MerkleTree.nodeHash(row[row.count - 2], row[row.count - 1])
            level += 1
            if level == levels.count { levels.append([]) }
            levels[level].append(parent)
        }
    }

    /// The hash of leaf `index`; `MerkleProofError.indexOutOfRange` outside [0, size).
    public func leafHash(at index: Int) throws -> SHA256.Digest {
        guard index >= 0, index < size else { throw MerkleProofError.indexOutOfRange(index: index, size: size) }
        return levels[0][index]
    }

    /// The root of leaves [start, start + 2^level); `MerkleProofError.notACompleteSubtree` unless that
    /// range is aligned and complete (level 0 is the leaf itself).
    public func subtreeHash(start: Int, level: Int) throws -> SHA256.Digest {
        guard level >= 0, level < levels.count, start >= 0, start % (1 << level) == 0,
              start >> level < levels[level].count else {
            throw MerkleProofError.notACompleteSubtree(start: start, level: level, size: size)
        }
        return levels[level][start >> level]
    }

    /// The root of the tree of the first `size` leaves (all of them by default).
    public func root(size: Int? = nil) throws -> SHA256.Digest {
        try MerkleTree.root(size: size ?? self.size, source: self)
    }
}
