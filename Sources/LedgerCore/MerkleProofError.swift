/// Why a Merkle proof was refused, or could not be made.
///
/// Verification (RFC 9162 sections 2.1.3.2 and 2.1.4.2) names the first problem it finds;
/// proof generation (sections 2.1.3.1 and 2.1.4.1) throws the same cases for impossible requests.
public enum MerkleProofError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A tree size is negative.
    case negativeSize(Int)
    /// A leaf index is negative or not below the tree size (RFC 9162 section 2.1.3.2 step 1).
    case indexOutOfRange(index: Int, size: Int)
    /// A consistency proof's first tree is larger than its second.
    case sizesOutOfOrder(from: Int, to: Int)
    /// A consistency proof from the empty tree: every tree extends it, so RFC 9162 defines no such proof.
    case fromEmptyTree(to: Int)
    /// A leaf hash, root or path hash does not have SHA-256's 32 bytes.
    case wrongHashLength(what: String, count: Int)
    /// The path does not have the number of hashes this index and size, or these two sizes, call for.
    case wrongPathLength(expected: Int, actual: Int)
    /// A consistency proof between two trees of the same size whose roots differ.
    case rootsDiffer(size: Int)
    /// The root that the leaf and the audit path imply is not the claimed root.
    case rootMismatch(computed: SHA256.Digest, claimed: String)
    /// The old tree's root that the consistency path implies is not the claimed one.
    case fromRootMismatch(computed: SHA256.Digest, claimed: String)
    /// The new tree's root that the consistency path implies is not the claimed one.
    case toRootMismatch(computed: SHA256.Digest, claimed: String)
    /// A proof was asked for a tree larger than its hash source holds.
    case sizeBeyondSource(size: Int, available: Int)
    /// A hash source was asked for a subtree that is not complete within it.
    case notACompleteSubtree(start: Int, level: Int, size: Int)
    /// A saved accumulator frontier does not have one hash per set bit of its size.
    case wrongFrontierLength(size: Int, expected: Int, actual: Int)
    /// A proof's leaf is not the leaf the hash source holds at its index.
    case leafMismatch(index: Int)

    public var description: String {
        switch self {
        case .negativeSize(let n):
            return "tree size \(n) is negative"
        case .indexOutOfRange(let index, let size):
            return "leaf index \(index) is not in a tree of \(size) leaves"
        case .sizesOutOfOrder(let from, let to):
            return "consistency from \(from) leaves to \(to): the first tree is larger than the second"
        case .fromEmptyTree(let to):
            return "consistency from the empty tree to \(to) leaves proves nothing and is refused"
        case .wrongHashLength(let what, let count):
            return "\(what) has \(count) bytes, not 32"
        case .wrongPathLength(let expected, let actual):
            return "the path has \(actual) hashes where \(expected) are needed"
        case .rootsDiffer(let size):
            return "two trees of \(size) leaves with different roots"
        case .rootMismatch(let computed, let claimed):
            return "the path leads to root \(computed.hex), not the claimed \(claimed)"
        case .fromRootMismatch(let computed, let claimed):
            return "the path implies old root \(computed.hex), not the claimed \(claimed)"
        case .toRootMismatch(let computed, let claimed):
            return "the path implies new root \(computed.hex), not the claimed \(claimed)"
        case .sizeBeyondSource(let size, let available):
            return "a tree of \(size) leaves was asked for, but only \(available) are known"
        case .notACompleteSubtree(let start, let level, let size):
            return "no complete subtree of 2^\(level) leaves starts at \(start) in a tree of \(size)"
        case .wrongFrontierLength(let size, let expected, let actual):
            return "a frontier for \(size) leaves needs \(expected) hashes, not \(actual)"
        case .leafMismatch(let index):
            return "the leaf given is not leaf \(index) of the tree"
        }
    }
}
