/// One case's file for a court or an auditor: every event of the case and of the streams
/// that refer to it, each with its inclusion proof against one checkpoint.
///
/// JSON (canonical, `EventLog/README.md` "Case bundles"):
/// `{"case": "case/<id>", "checkpoint": {checkpoint}, "events": [inclusion proof, ...], "format": "ipledger-case-bundle/1"}`.
/// Each element of `events` is a FORMAT.md inclusion proof whose `size` and `root` are the
/// checkpoint's, in increasing `index`; its `leaf` is the event's line. Anyone can check a
/// bundle with SHA-256 and a JSON reader alone, and learns nothing of the ledger's other
/// events but their number and the root.
public struct CaseBundle: Hashable, Sendable {
    /// The format's name and version, the value of `format`.
    public static let format = "ipledger-case-bundle/1"
    /// The member names.
    public static let memberNames = ["case", "checkpoint", "events", "format"]

    /// The case's stream, e.g. `case/FLE-2024-0007`.
    public var caseStream: String
    /// The tree every proof is against.
    public var checkpoint: Checkpoint
    /// The events' inclusion proofs, in log order.
    public var events: [InclusionProof]

    public init(caseStream: String, checkpoint: Checkpoint, events: [InclusionProof]) {
        self.caseStream = caseStream
        self.checkpoint = checkpoint
        self.events = events
    }

    /// Reads the JSON form strictly: exactly its four members, the format named, a
    /// checkpoint and inclusion proofs as FORMAT.md writes them.
    ///
    /// - Throws: `CaseBundleError`. Whether the bundle holds is `verify`'s question.
    public init(json: JSONValue) throws {
        let reader: ProofJSONReader
        do {
            reader = try ProofJSONReader(json, what: "case bundle", members: Self.memberNames)
            let format = try reader.string("format")
            guard format == Self.format else { throw CaseBundleError.unknownFormat(format) }
            caseStream = try reader.string("case")
        } catch let error as ProofJSONError {
            throw CaseBundleError.malformed(error.description)
        }
        do {
            checkpoint = try Checkpoint(json: reader.members["checkpoint"]!)
        } catch let error as ProofJSONError {
            throw CaseBundleError.malformed("\"checkpoint\": \(error)")
        }
        guard case .array(let items) = reader.members["events"]! else {
            throw CaseBundleError.malformed("\"events\" must be an array of inclusion proofs, found \(reader.members["events"]!.typeName)")
        }
        events = try items.enumerated().map { position, item in
            do { return try InclusionProof(json: item) } catch let error as ProofJSONError {
                throw CaseBundleError.malformed("\"events[\(position)]\": \(error)")
            }
        }
    }

    /// The JSON form.
    public var json: JSONValue {
        .object([
            "case": .string(caseStream),
            "checkpoint": checkpoint.json,
            "events": .array(events.map(\.json)),
            "format": .string(Self.format),
        ])
    }

    /// One event of a checked bundle: its record and its event hash.
    public struct Entry: Hashable, Sendable {
        public var record: LedgerRecord
        public var eventHash: SHA256.Digest
    }

    /// Checks the bundle and returns its events in log order.
    ///
    /// Every proof must be against the bundle's checkpoint (same `size` and `root`) and hold
    /// (RFC 9162 section 2.1.3.2); every leaf must be a record of FORMAT.md in canonical form
    /// whose `seq` is its index + 1; indices must increase; the event at the checkpoint's
    /// size, if the bundle has it, must hash to the checkpoint's `head`. Each stream's
    /// versions must run 1, 2, 3 … without a gap (so nothing was left out before the last
    /// event given); the case's stream must be there, and every other stream must have an
    /// event that refers to the case (`refers(toCase:)`).
    ///
    /// - Parameter trusted: checkpoints the reader holds; when given, the bundle's checkpoint
    ///   must be one of them, all four members equal.
    /// - Throws: `CaseBundleError` naming the first problem and the event.
    public func verify(trusting trusted: [Checkpoint]? = nil) throws -> [Entry] {
        guard !events.isEmpty else { throw CaseBundleError.noCaseEvents(caseStream) }
        var entries: [Entry] = []
        var versions: [String: Int] = [:]
        var referring: Set<String> = []
        for (position, proof) in events.enumerated() {
            guard proof.size == checkpoint.size else {
                throw CaseBundleError.notAgainstCheckpoint(position: position, member: "size")
            }
            guard proof.root == checkpoint.root else {
                throw CaseBundleError.notAgainstCheckpoint(position: position, member: "root")
            }
            do { try proof.verify() } catch let error as MerkleProofError {
                throw CaseBundleError.proofFails(position: position, reason: error.description)
            }
            let record: LedgerRecord
            do { record = try proof.record() } catch let error as LeafError {
                throw CaseBundleError.badLeaf(position: position, error)
            }
            if let previous = entries.last, record.seq <= previous.record.seq {
                throw CaseBundleError.outOfOrder(position: position, seq: record.seq, previous: previous.record.seq)
            }
            let hash = SHA256.hash(proof.leaf.utf8)
            if record.seq == checkpoint.size, hash != checkpoint.head {
                throw CaseBundleError.headMismatch(seq: record.seq)
            }
            let expected = (versions[record.stream] ?? 0) + 1
            guard record.version == expected else {
                throw CaseBundleError.versionGap(stream: record.stream, seq: record.seq, version: record.version, expected: expected)
            }
            versions[record.stream] = expected
            if record.refers(toCase: caseStream) { referring.insert(record.stream) }
            entries.append(Entry(record: record, eventHash: hash))
        }
        guard versions[caseStream] != nil else { throw CaseBundleError.noCaseEvents(caseStream) }
        if let stranger = versions.keys.filter({ $0 != caseStream && !referring.contains($0) }).min() {
            throw CaseBundleError.unrelatedStream(stranger)
        }
        if let trusted, !trusted.contains(checkpoint) { throw CaseBundleError.untrustedCheckpoint }
        return entries
    }
}

extension LedgerRecord {
    /// Whether this event refers to `caseStream`: it is in that stream, or its payload has
    /// `"case": caseStream` or `"cases": [..., caseStream, ...]` (DOMAIN.md "Streams": a
    /// reference holds the stream's full name).
    public func refers(toCase caseStream: String) -> Bool {
        if stream == caseStream { return true }
        if payload["case"] == .string(caseStream) { return true }
        if case .array(let cases)? = payload["cases"], cases.contains(.string(caseStream)) { return true }
        return false
    }
}

/// Why a case bundle was refused. `position` is the event's place in `events`, from 0.
public enum CaseBundleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The JSON is not a bundle: a member is missing, unknown or of the wrong type.
    case malformed(String)
    /// `format` names a format this reader does not know.
    case unknownFormat(String)
    /// An event's proof is not against the bundle's checkpoint (its `size` or `root` differs).
    case notAgainstCheckpoint(position: Int, member: String)
    /// An event's inclusion proof does not hold.
    case proofFails(position: Int, reason: String)
    /// An event's leaf is not a line of a log at its index (`InclusionProof.record()`).
    case badLeaf(position: Int, LeafError)
    /// The events are not in increasing `seq`.
    case outOfOrder(position: Int, seq: Int, previous: Int)
    /// A stream's versions skip one: an event of it was left out.
    case versionGap(stream: String, seq: Int, version: Int, expected: Int)
    /// The event at the checkpoint's size does not hash to the checkpoint's `head`.
    case headMismatch(seq: Int)
    /// The bundle has no event of its case.
    case noCaseEvents(String)
    /// A stream in the bundle has no event that refers to the case.
    case unrelatedStream(String)
    /// The bundle's checkpoint is not one of those the reader trusts.
    case untrustedCheckpoint

    public var description: String {
        switch self {
        case .malformed(let reason):
            return "not a case bundle: \(reason)"
        case .unknownFormat(let format):
            return "the bundle's format is \"\(format)\", not \"\(CaseBundle.format)\""
        case .notAgainstCheckpoint(let position, let member):
            return "events[\(position)]: the proof's \"\(member)\" is not the checkpoint's"
        case .proofFails(let position, let reason):
            return "events[\(position)]: the inclusion proof does not hold: \(reason)"
        case .badLeaf(let position, let error):
            return "events[\(position)]: \(error)"
        case .outOfOrder(let position, let seq, let previous):
            return "events[\(position)]: seq \(seq) does not follow seq \(previous)"
        case .versionGap(let stream, let seq, let version, let expected):
            return "event \(seq) is version \(version) of \(stream), but version \(expected) is not in the bundle"
        case .headMismatch(let seq):
            return "event \(seq) is the checkpoint's last, but its hash is not the checkpoint's head"
        case .noCaseEvents(let stream):
            return "the bundle has no event of \(stream)"
        case .unrelatedStream(let stream):
            return "stream \(stream) is in the bundle, but none of its events refers to the case"
        case .untrustedCheckpoint:
            return "the bundle's checkpoint is not one of the trusted checkpoints given"
        }
    }
}
