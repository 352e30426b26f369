/// The Merkle tree of RFC 9162 section 2.1 over SHA-256: hashes, roots, and (in extensions) proofs.
///
/// RFC 9162 section 2.1.1: the Merkle Tree Hash of n leaves D[n] is
/// - MTH({}) = SHA-256() for the empty tree,
/// - MTH({d0}) = SHA-256(0x00 || d0) for one leaf (the *leaf hash*),
/// - MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])) for n > 1, where k is the
///   largest power of two smaller than n (the *node hash* of the two halves).
///
/// The 0x00 and 0x01 prefixes keep a leaf from ever passing for an inner node. In the
/// ledger, leaf i is line i + 1 of the log without its `\n` (FORMAT.md). Leaf indices
/// are 0-based here, as in RFC 9162; tree sizes and indices are `Int` and never negative.
public enum MerkleTree {
    /// The root of the empty tree: SHA-256 of nothing (RFC 9162 section 2.1.1).
    public static let emptyRoot = SHA256.Digest.empty

    /// The leaf hash SHA-256(0x00 || leaf) of one leaf's bytes.
    public static func leafHash<Bytes: Sequence>(_ leaf: Bytes) -> SHA256.Digest where Bytes.Element == UInt8 {
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(0x00)) { hasher.update($0) }
        hasher.update(leaf)
        return hasher.finalize()
    }

    /// The leaf hash SHA-256(0x00 || leaf) of the bytes in a raw buffer.
    public static func leafHash(_ leaf: UnsafeRawBufferPointer) -> SHA256.Digest {
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(0x00)) { hasher.update($0) }
        hasher.update(leaf)
        return hasher.finalize()
    }

    /// The node hash SHA-256(0x01 || left || right) of an inner node with children `left` and `right`.
    public static func nodeHash(_ left: SHA256.Digest, _ right: SHA256.Digest) -> SHA256.Digest {
        withUnsafeTemporaryAllocation(byteCount: 65, alignment: 8) { buffer in
            let p = buffer.baseAddress!
            p.storeBytes(of: 0x01, as: UInt8.self)
            left.withUnsafeBytes { (p + 1).copyMemory(from: $0.baseAddress!, byteCount: 32) }
            right.withUnsafeBytes { (p + 33).copyMemory(from: $0.baseAddress!, byteCount: 32) }
            return SHA256.hash(UnsafeRawBufferPointer(buffer))
        }
    }

    /// k, the largest power of two smaller than `n`, where a tree of `n` > 1 leaves splits.
    public static func splitPoint(_ n: Int) -> Int {
        precondition(n > 1, "only a tree of more than one leaf splits")
        return 1 << (Int.bitWidth - 1 - (n - 1).leadingZeroBitCount)
    }

    /// The root (MTH) of the tree whose leaves have these leaf hashes, in order.
    ///
    /// Computed in one pass with a `MerkleAccumulator`, so only O(log n) hashes are held besides the input.
    public static func root<Hashes: Sequence>(ofLeafHashes leafHashes: Hashes) -> SHA256.Digest
    where Hashes.Element == SHA256.Digest {
        var accumulator = MerkleAccumulator()
        for hash in leafHashes { accumulator.append(hash) }
        return accumulator.root
    }

    /// The root (MTH) of the tree whose leaves are these byte strings, in order.
    public static func root<Leaves: Sequence>(ofLeaves leaves: Leaves) -> SHA256.Digest
    where Leaves.Element: Sequence, Leaves.Element.Element == UInt8 {
        root(ofLeafHashes: leaves.lazy.map { leafHash($0) })
    }

    /// The root (MTH) of the tree of the first `size` leaves that `source` holds.
    ///
    /// Asks the source for at most one complete subtree per set bit of `size`.
    /// - Throws: `MerkleProofError` for a negative size or one beyond the source; whatever the source throws.
    public static func root<Source: MerkleHashSource>(size: Int, source: Source) throws -> SHA256.Digest {
        try checkSize(size, source: source)
        return size == 0 ? emptyRoot : try rangeHash(start: 0, count: size, source: source)
    }

    /// MTH(D[start : start + count]) for a range that RFC 9162's recursion reaches: `start` is
    /// a multiple of the largest power of two not above `count`, so the range splits into a
    /// complete left subtree and a (recursively handled) right remainder.
    static func rangeHash<Source: MerkleHashSource>(start: Int, count: Int, source: Source) throws -> SHA256.Digest {
        precondition(count > 0)
        if count & (count - 1) == 0 {
            return try completeSubtreeHash(start: start, count: count, source: source)
        }
        // Walk the set bits of count from the highest: complete subtrees, folded from the right.
        var lefts: [SHA256.Digest] = []
        var offset = start
        var remaining = count
        while remaining & (remaining - 1) != 0 {
            let k = splitPoint(remaining)
            lefts.append(try completeSubtreeHash(start: offset, count: k, source: source))
            offset += k
            remaining -= k
        }
        var hash = try completeSubtreeHash(start: offset, count: remaining, source: source)
        for left in lefts.reversed() { hash = nodeHash(left, hash) }
        return hash
    }

    /// The root of the complete subtree of `count` (a power of two) leaves starting at `start`.
    static func completeSubtreeHash<Source: MerkleHashSource>(start: Int, count: Int, source: Source) throws -> SHA256.Digest {
        precondition(count > 0 && count & (count - 1) == 0 && start % count == 0, "not a complete subtree")
        return count == 1 ? try source.leafHash(at: start)
            : try source.subtreeHash(start: start, level: count.trailingZeroBitCount)
    }

    /// Refuses a negative size, or one larger than the source holds.
    static func checkSize<Source: MerkleHashSource>(_ size: Int, source: Source) throws {
        guard size >= 0 else { throw MerkleProofError.negativeSize(size) }
        guard size <= source.size else { throw MerkleProofError.sizeBeyondSource(size: size, available: source.size) }
    }
}
