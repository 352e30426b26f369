/// Proof that one line is in the log of a given size (FORMAT.md, RFC 9162 section 2.1.3).
///
/// JSON: `{"index": i, "leaf": "<the line, without \n>", "path": [hex, ...], "root": hex, "size": n}`.
/// `leaf` is line i + 1 itself (leaf i, 0-based), so the proof shows that event without
/// revealing any other; `path` is its audit path and `root` the Merkle root of the first
/// `size` lines. Anyone can check it with SHA-256 alone.
public struct InclusionProof: Hashable, Sendable {
    /// The leaf's 0-based position: the line's `seq` minus 1.
    public var index: Int
    /// The line's text without its `\n`; its UTF-8 bytes are the leaf.
    public var leaf: String
    /// The audit path, from the leaf's sibling up (RFC 9162 section 2.1.3.1).
    public var path: [SHA256.Digest]
    /// The Merkle root of the tree of `size` leaves.
    public var root: SHA256.Digest
    /// The tree size the proof is for.
    public var size: Int

    /// The member names, as FORMAT.md fixes them.
    public static let memberNames = ["index", "leaf", "path", "root", "size"]

    /// A proof with these values, taken as they are (`verify()` is what checks them).
    public init(index: Int, leaf: String, path: [SHA256.Digest], root: SHA256.Digest, size: Int) {
        self.index = index
        self.leaf = leaf
        self.path = path
        self.root = root
        self.size = size
    }

    /// Makes the proof that `leaf` is leaf `index` of the first `size` leaves of `source`, and checks it.
    ///
    /// - Throws: `MerkleProofError.leafMismatch` when the source holds another leaf at `index`;
    ///   any `MerkleProofError` of `MerkleTree.inclusionPath`; whatever the source throws.
    public init<Source: MerkleHashSource>(leaf: String, index: Int, size: Int, source: Source) throws {
        let path = try MerkleTree.inclusionPath(index: index, size: size, source: source)
        guard try source.leafHash(at: index) == MerkleTree.leafHash(leaf.utf8) else {
            throw MerkleProofError.leafMismatch(index: index)
        }
        self.init(index: index, leaf: leaf, path: path, root: try MerkleTree.root(size: size, source: source), size: size)
        try verify()
    }

    /// Reads the FORMAT.md JSON form strictly: exactly its five members, each of the right type.
    ///
    /// - Throws: `ProofJSONError`. Whether the proof holds is `verify()`'s question.
    public init(json: JSONValue) throws {
        let reader = try ProofJSONReader(json, what: "inclusion proof", members: Self.memberNames)
        let leaf = try reader.string("leaf")
        guard !leaf.utf8.contains(0x0a) else { throw ProofJSONError.leafContainsNewline }
        self.init(index: try reader.count("index"), leaf: leaf, path: try reader.hashes("path"),
                  root: try reader.hash("root"), size: try reader.count("size"))
    }

    /// The FORMAT.md JSON form.
    public var json: JSONValue {
        .object([
            "index": .number(Double(index)),
            "leaf": .string(leaf),
            "path": .array(path.map { .string($0.hex) }),
            "root": .string(root.hex),
            "size": .number(Double(size)),
        ])
    }

    /// The leaf hash SHA-256(0x00 || leaf) of the line.
    public var leafHash: SHA256.Digest { MerkleTree.leafHash(leaf.utf8) }

    /// Checks the proof (RFC 9162 section 2.1.3.2): the line, at `index`, with `path`, gives `root`.
    ///
    /// - Throws: `MerkleProofError` naming what is wrong.
    public func verify() throws {
        try MerkleTree.verifyInclusion(leafHash: leafHash, index: index, size: size, path: path, root: root)
    }
}
