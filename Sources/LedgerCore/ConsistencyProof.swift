/// Proof that the log of one size is a prefix of the log of a larger size (FORMAT.md, RFC 9162 section 2.1.4).
///
/// JSON: `{"from": m, "fromRoot": hex, "path": [hex, ...], "to": n, "toRoot": hex}`.
/// An agency holding a checkpoint of `from` lines with root `fromRoot` learns from it that
/// the log now of `to` lines with root `toRoot` only appended to what it saw: nothing was
/// changed, removed or reordered. `path` is RFC 9162's consistency path, empty when m == n.
public struct ConsistencyProof: Hashable, Sendable {
    /// The old tree's size, at least 1.
    public var from: Int
    /// The old tree's Merkle root.
    public var fromRoot: SHA256.Digest
    /// The consistency path (RFC 9162 section 2.1.4.1).
    public var path: [SHA256.Digest]
    /// The new tree's size, at least `from`.
    public var to: Int
    /// The new tree's Merkle root.
    public var toRoot: SHA256.Digest

    /// The member names, as FORMAT.md fixes them.
    public static let memberNames = ["from", "fromRoot", "path", "to", "toRoot"]

    /// A proof with these values, taken as they are (`verify()` is what checks them).
    public init(from: Int, fromRoot: SHA256.Digest, path: [SHA256.Digest], to: Int, toRoot: SHA256.Digest) {
        self.from = from
        self.fromRoot = fromRoot
        self.path = path
        self.to = to
        self.toRoot = toRoot
    }

    /// Makes the proof from the first `from` to the first `to` leaves of `source`, and checks it.
    ///
    /// - Throws: any `MerkleProofError` of `MerkleTree.consistencyPath`; whatever the source throws.
    public init<Source: MerkleHashSource>(from: Int, to: Int, source: Source) throws {
        let path = try MerkleTree.consistencyPath(from: from, to: to, source: source)
        self.init(from: from, fromRoot: try MerkleTree.root(size: from, source: source), path: path,
                  to: to, toRoot: try MerkleTree.root(size: to, source: source))
        try verify()
    }

    /// Reads the FORMAT.md JSON form strictly: exactly its five members, each of the right type.
    ///
    /// - Throws: `ProofJSONError`. Whether the proof holds is `verify()`'s question.
    public init(json: JSONValue) throws {
        let reader = try ProofJSONReader(json, what: "consistency proof", members: Self.memberNames)
        self.init(from: try reader.count("from"), fromRoot: try reader.hash("fromRoot"), path: try reader.hashes("path"),
                  to: try reader.count("to"), toRoot: try reader.hash("toRoot"))
    }

    /// The FORMAT.md JSON form.
    public var json: JSONValue {
        .object([
            "from": .number(Double(from)),
            "fromRoot": .string(fromRoot.hex),
            "path": .array(path.map { .string($0.hex) }),
            "to": .number(Double(to)),
            "toRoot": .string(toRoot.hex),
        ])
    }

    /// Checks the proof (RFC 9162 section 2.1.4.2; m == n needs an empty path and equal roots).
    ///
    /// - Throws: `MerkleProofError` naming what is wrong.
    public func verify() throws {
        try MerkleTree.verifyConsistency(from: from, to: to, fromRoot: fromRoot, toRoot: toRoot, path: path)
    }
}
