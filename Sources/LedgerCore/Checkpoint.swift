/// The log pinned at one size, so nobody can later rewrite or cut it unnoticed (FORMAT.md "Checkpoints").
///
/// JSON: `{"head": hex, "recorded": RFC 3339 UTC, "root": hex, "size": n}`, one per line of
/// `checkpoints.jsonl`. `head` is the event hash of line `size` (the end of the hash chain),
/// `root` the RFC 9162 Merkle root of the first `size` lines. Every agency keeps the
/// checkpoints it was given; a `ConsistencyProof` from `size` and `root` shows the current
/// log extends this one.
public struct Checkpoint: Hashable, Sendable {
    /// The event hash (SHA-256 of the line without `\n`) of line `size`; 64 zeros when `size` is 0.
    public var head: SHA256.Digest
    /// When the checkpoint was taken: RFC 3339 in UTC, `YYYY-MM-DDTHH:MM:SS[.fraction]Z`.
    public var recorded: String
    /// The Merkle root of the first `size` lines; SHA-256 of nothing when `size` is 0.
    public var root: SHA256.Digest
    /// How many lines the log had.
    public var size: Int

    /// The member names, as FORMAT.md fixes them.
    public static let memberNames = ["head", "recorded", "root", "size"]

    /// A checkpoint with these values, taken as they are (the JSON reader is the one that checks).
    public init(head: SHA256.Digest, recorded: String, root: SHA256.Digest, size: Int) {
        self.head = head
        self.recorded = recorded
        self.root = root
        self.size = size
    }

    /// Reads the FORMAT.md JSON form strictly: exactly its four members, each of the right type,
    /// `recorded` an RFC 3339 UTC time, and for `size` 0 the only values the empty log can have
    /// (`head` 64 zeros, `root` SHA-256 of nothing).
    ///
    /// - Throws: `ProofJSONError`.
    public init(json: JSONValue) throws {
        let what = "checkpoint"
        let reader = try ProofJSONReader(json, what: what, members: Self.memberNames)
        let recorded = try reader.string("recorded")
        guard Self.isRFC3339UTC(recorded) else {
            throw ProofJSONError.invalidTimestamp(what: what, member: "recorded", value: recorded)
        }
        self.init(head: try reader.hash("head"), recorded: recorded, root: try reader.hash("root"), size: try reader.count("size"))
        if size == 0 {
            guard head == .zero else { throw ProofJSONError.inconsistent(what: what, reason: "an empty log's head must be 64 zeros") }
            guard root == MerkleTree.emptyRoot else {
                throw ProofJSONError.inconsistent(what: what, reason: "an empty log's root must be SHA-256 of nothing")
            }
        }
    }

    /// The FORMAT.md JSON form.
    public var json: JSONValue {
        .object([
            "head": .string(head.hex),
            "recorded": .string(recorded),
            "root": .string(root.hex),
            "size": .number(Double(size)),
        ])
    }

    /// True when `text` is an RFC 3339 date-time in UTC: `YYYY-MM-DDTHH:MM:SS`, an optional
    /// fraction of at least one digit, then `Z`. Upper-case `T` and `Z` only, no leap second,
    /// and the date must exist (February 29 only in leap years).
    public static func isRFC3339UTC(_ text: String) -> Bool {
        let b = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var n = 0
            for c in b[from..<(from + count)] {
                guard c >= 0x30 && c <= 0x39 else { return nil }
                n = n * 10 + Int(c - 0x30)
            }
            return n
        }
        guard b.count >= 20, let year = number(0, 4), b[4] == 0x2d, let month = number(5, 2), b[7] == 0x2d,
              let day = number(8, 2), b[10] == 0x54, let hour = number(11, 2), b[13] == 0x3a,
              let minute = number(14, 2), b[16] == 0x3a, let second = number(17, 2),
              (1...12).contains(month), hour < 24, minute < 60, second < 60 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard day >= 1, day <= days else { return false }
        var i = 19
        if b[i] == 0x2e {
            i += 1
            let digits = i
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
            guard i > digits else { return false }
        }
        return i == b.count - 1 && b[i] == 0x5a
    }
}
