/// Where proofs get the hashes of a Merkle tree's leaves and complete subtrees.
///
/// RFC 9162's audit and consistency paths (sections 2.1.3.1 and 2.1.4.1) are made of
/// MTH values of ranges that split into *complete* subtrees: 2^level leaves starting at a
/// multiple of 2^level. A store answers these from subtree hashes it keeps on disk;
/// `InMemoryMerkleHashSource` answers them from memory. Proofs ask for O(log n) hashes.
public protocol MerkleHashSource {
    /// How many leaves the source holds; proofs can be made for any tree size up to it.
    var size: Int { get }

    /// The leaf hash SHA-256(0x00 || leaf) of leaf `index`, 0 <= index < size.
    func leafHash(at index: Int) throws -> SHA256.Digest

    /// The root of the complete subtree of the 2^`level` leaves [start, start + 2^level).
    ///
    /// Callers guarantee `level` >= 1, `start` a multiple of 2^level, and start + 2^level <= size.
    func subtreeHash(start: Int, level: Int) throws -> SHA256.Digest
}
