extension MerkleTree {
    /// The audit path of leaf `index` in the tree of the first `size` leaves of `source`.
    ///
    /// RFC 9162 section 2.1.3.1, PATH(m, D[n]): empty for the single leaf of a one-leaf
    /// tree; otherwise, with k the split point, PATH(m, D[0:k]) : MTH(D[k:n]) when m < k and
    /// PATH(m - k, D[k:n]) : MTH(D[0:k]) when m >= k. The hashes run from the leaf's sibling
    /// up to the root's other child.
    /// - Throws: `MerkleProofError.indexOutOfRange` unless 0 <= index < size; `.sizeBeyondSource`
    ///   when the source holds fewer than `size` leaves; whatever the source throws.
    public static func inclusionPath<Source: MerkleHashSource>(index: Int, size: Int, source: Source) throws -> [SHA256.Digest] {
        try checkSize(size, source: source)
        guard index >= 0, index < size else { throw MerkleProofError.indexOutOfRange(index: index, size: size) }
        // Descend from the root, collecting the sibling at each level; the path lists them bottom-up.
        var topDown: [SHA256.Digest] = []
        var start = 0
        var count = size
        var m = index
        while count > 1 {
            let k = splitPoint(count)
            if m < k {
                topDown.append(try rangeHash(start: start + k, count: count - k, source: source))
                count = k
            } else {
                topDown.append(try rangeHash(start: start, count: k, source: source))
                start += k
                count -= k
                m -= k
            }
        }
        return topDown.reversed()
    }

    /// The consistency path from the tree of the first `from` leaves to that of the first `to`.
    ///
    /// RFC 9162 section 2.1.4.1, PROOF(m, D[n]) = SUBPROOF(m, D[n], true), where SUBPROOF(m, D[m], b)
    /// is empty when b is true and {MTH(D[m])} otherwise, and for m < n, with k the split point,
    /// SUBPROOF(m, D[0:k], b) : MTH(D[k:n]) when m <= k and SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])
    /// when m > k. RFC 9162 defines it for 0 < m < n; for m == n the path is empty (the roots are
    /// simply equal), as `verifyConsistency` expects.
    /// - Throws: `MerkleProofError.fromEmptyTree` for `from` == 0, `.sizesOutOfOrder` for `from` > `to`,
    ///   `.negativeSize`, `.sizeBeyondSource`; whatever the source throws.
    public static func consistencyPath<Source: MerkleHashSource>(from m: Int, to n: Int, source: Source) throws -> [SHA256.Digest] {
        guard m >= 0 else { throw MerkleProofError.negativeSize(m) }
        try checkSize(n, source: source)
        guard m <= n else { throw MerkleProofError.sizesOutOfOrder(from: m, to: n) }
        guard m > 0 else { throw MerkleProofError.fromEmptyTree(to: n) }
        if m == n { return [] }
        var topDown: [SHA256.Digest] = []
        var start = 0
        var count = n
        var remaining = m
        var isWholeOldTree = true  // SUBPROOF's b: the subtree still ends where the old tree ends on its left edge
        while remaining != count {
            let k = splitPoint(count)
            if remaining <= k {
                topDown.append(try rangeHash(start: start + k, count: count - k, source: source))
                count = k
            } else {
                topDown.append(try rangeHash(start: start, count: k, source: source))
                start += k
                count -= k
                remaining -= k
                isWholeOldTree = false
            }
        }
        if !isWholeOldTree { topDown.append(try rangeHash(start: start, count: count, source: source)) }
        return topDown.reversed()
    }

    /// How many hashes the audit path of leaf `index` in a tree of `size` leaves has (0 <= index < size).
    ///
    /// The levels where the paths to `index` and to the last leaf differ each contribute a
    /// sibling; above them, every left turn past a complete left subtree contributes one more.
    public static func inclusionPathLength(index: Int, size: Int) -> Int {
        precondition(index >= 0 && index < size)
        let inner = Int.bitWidth - (index ^ (size - 1)).leadingZeroBitCount
        return inner + (index >> inner).nonzeroBitCount
    }

    /// How many hashes the consistency path from `from` to `to` leaves has (0 < from < to).
    ///
    /// The audit path of leaf from - 1 in the new tree, less the levels inside the complete
    /// subtree that ends the old tree, plus that subtree's root unless it is the whole old tree.
    public static func consistencyPathLength(from m: Int, to n: Int) -> Int {
        precondition(m > 0 && m < n)
        let shift = m.trailingZeroBitCount
        let seed = m == 1 << shift ? 0 : 1
        return seed + inclusionPathLength(index: m - 1, size: n) - shift
    }
}
