extension MerkleTree {
    /// Checks that `path` proves the leaf with hash `leafHash` is leaf `index` of the tree of
    /// `size` leaves with root `root`.
    ///
    /// RFC 9162 section 2.1.3.2, step by step, after refusing up front what the algorithm would
    /// refuse anyway, so the error says why: an index outside the tree (step 1) and a path of
    /// the wrong length (what steps 4a and 5's `sn == 0` catch).
    /// - Throws: `MerkleProofError` naming the first problem found.
    public static func verifyInclusion(leafHash: SHA256.Digest, index: Int, size: Int,
                                       path: [SHA256.Digest], root: SHA256.Digest) throws {
        let computed = try rootFromInclusionPath(leafHash: leafHash, index: index, size: size, path: path)
        guard computed == root else { throw MerkleProofError.rootMismatch(computed: computed, claimed: root.hex) }
    }

    /// `verifyInclusion` for hashes as raw bytes, as other systems' proofs carry them: every hash must have 32 bytes.
    public static func verifyInclusion(leafHash: [UInt8], index: Int, size: Int, path: [[UInt8]], root: [UInt8]) throws {
        let leaf = try digest(leafHash, "leaf hash")
        let hashes = try path.enumerated().map { try digest($0.element, "path[\($0.offset)]") }
        let claimed = try digest(root, "root")
        try verifyInclusion(leafHash: leaf, index: index, size: size, path: hashes, root: claimed)
    }

    /// The root that `path` and `leafHash` imply for leaf `index` of a tree of `size` leaves
    /// (RFC 9162 section 2.1.3.2 steps 1 to 5, without the final comparison).
    public static func rootFromInclusionPath(leafHash: SHA256.Digest, index: Int, size: Int,
                                             path: [SHA256.Digest]) throws -> SHA256.Digest {
        guard size >= 0 else { throw MerkleProofError.negativeSize(size) }
        // Step 1: leaf_index >= tree_size fails.
        guard index >= 0, index < size else { throw MerkleProofError.indexOutOfRange(index: index, size: size) }
        let expected = inclusionPathLength(index: index, size: size)
        guard path.count == expected else { throw MerkleProofError.wrongPathLength(expected: expected, actual: path.count) }
        // Step 2: fn = leaf_index, sn = tree_size - 1.  Step 3: r = hash.
        var fn = index, sn = size - 1
        var r = leafHash
        // Step 4.
        for p in path {
            // 4a: a path longer than the tree is tall.
            guard sn != 0 else { throw MerkleProofError.wrongPathLength(expected: expected, actual: path.count) }
            if fn & 1 == 1 || fn == sn {
                // 4b: p is a left sibling; then skip the levels where this node is a lone right edge.
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                // 4c: p is a right sibling.
                r = nodeHash(r, p)
            }
            // 4d.
            fn >>= 1
            sn >>= 1
        }
        // Step 5: a path shorter than the tree is tall leaves sn above 0.
        guard sn == 0 else { throw MerkleProofError.wrongPathLength(expected: expected, actual: path.count) }
        return r
    }

    /// Checks that `path` proves the tree of `m` leaves with root `fromRoot` is a prefix of the
    /// tree of `n` leaves with root `toRoot`.
    ///
    /// RFC 9162 section 2.1.4.2 for 0 < m < n, step by step, after refusing a path of the wrong
    /// length up front (steps 1, 6a and 7's `sn == 0` would). RFC 9162 defines nothing else; as
    /// transparency-dev/merkle does, m == n is accepted exactly when the path is empty and the
    /// roots are equal, and m == 0 (every tree extends the empty one, so the proof proves nothing)
    /// and m > n are refused.
    /// - Throws: `MerkleProofError` naming the first problem found.
    public static func verifyConsistency(from m: Int, to n: Int, fromRoot: SHA256.Digest, toRoot: SHA256.Digest,
                                         path: [SHA256.Digest]) throws {
        if try checkConsistencySizes(from: m, to: n, pathCount: path.count) {
            guard fromRoot == toRoot else { throw MerkleProofError.rootsDiffer(size: m) }
            return
        }
        let wrongLength = MerkleProofError.wrongPathLength(expected: consistencyPathLength(from: m, to: n), actual: path.count)
        // Step 2: if first is an exact power of 2, prepend first_hash to the path.
        let steps = m & (m - 1) == 0 ? [fromRoot] + path : path
        // Step 3: fn = first - 1, sn = second - 1.
        var fn = m - 1, sn = n - 1
        // Step 4: if LSB(fn) is set, right-shift fn and sn until it is not.
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        // Step 5: fr = sr = the first value of the path.
        var fr = steps[0], sr = steps[0]
        // Step 6.
        for c in steps.dropFirst() {
            // 6a.
            guard sn != 0 else { throw wrongLength }
            if fn & 1 == 1 || fn == sn {
                // 6b: c is a left sibling in both trees.
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                // 6b otherwise: c is a right sibling, in the new tree only.
                sr = nodeHash(sr, c)
            }
            // 6c.
            fn >>= 1
            sn >>= 1
        }
        // Step 7.
        guard sn == 0 else { throw wrongLength }
        guard fr == fromRoot else { throw MerkleProofError.fromRootMismatch(computed: fr, claimed: fromRoot.hex) }
        guard sr == toRoot else { throw MerkleProofError.toRootMismatch(computed: sr, claimed: toRoot.hex) }
    }

    /// `verifyConsistency` for hashes as raw bytes, as other systems' proofs carry them.
    ///
    /// Every path hash must have 32 bytes, and so must both roots when m < n. When m == n the
    /// roots are only compared, whatever their length (transparency-dev/merkle's policy).
    public static func verifyConsistency(from m: Int, to n: Int, fromRoot: [UInt8], toRoot: [UInt8], path: [[UInt8]]) throws {
        if try checkConsistencySizes(from: m, to: n, pathCount: path.count) {
            guard fromRoot == toRoot else { throw MerkleProofError.rootsDiffer(size: m) }
            return
        }
        let hashes = try path.enumerated().map { try digest($0.element, "path[\($0.offset)]") }
        try verifyConsistency(from: m, to: n, fromRoot: try digest(fromRoot, "fromRoot"),
                              toRoot: try digest(toRoot, "toRoot"), path: hashes)
    }

    /// Refuses impossible sizes and a path of the wrong length; true when m == n (and the path is empty).
    private static func checkConsistencySizes(from m: Int, to n: Int, pathCount: Int) throws -> Bool {
        guard m >= 0 else { throw MerkleProofError.negativeSize(m) }
        guard n >= 0 else { throw MerkleProofError.negativeSize(n) }
        guard m <= n else { throw MerkleProofError.sizesOutOfOrder(from: m, to: n) }
        guard m > 0 else { throw MerkleProofError.fromEmptyTree(to: n) }
        // For m == n the proof is empty; RFC 9162 step 1 refuses an empty path when m < n.
        let expected = m == n ? 0 : consistencyPathLength(from: m, to: n)
        guard pathCount == expected else { throw MerkleProofError.wrongPathLength(expected: expected, actual: pathCount) }
        return m == n
    }

    private static func digest(_ bytes: [UInt8], _ what: String) throws -> SHA256.Digest {
        guard bytes.count == SHA256.digestSize else { throw MerkleProofError.wrongHashLength(what: what, count: bytes.count) }
        return SHA256.Digest(bytes: bytes)
    }
}
