extension InclusionProof {
    /// The record the leaf holds, checked to be a line of a log at the proof's index: a
    /// record of FORMAT.md, in RFC 8785 canonical form, whose `seq` is `index` + 1.
    ///
    /// - Throws: `LeafError`.
    public func record() throws -> LedgerRecord {
        let bytes = Array(leaf.utf8)
        let record: LedgerRecord
        do {
            record = try LedgerRecord(json: JSONParser.parse(bytes))
        } catch let error as JSONError {
            throw LeafError.notARecord("not JSON (\(error))")
        } catch let error as RecordError {
            throw LeafError.notARecord(error.description)
        }
        guard CanonicalJSON.encode(record.json) == bytes else { throw LeafError.notCanonical }
        guard record.seq == index + 1 else { throw LeafError.wrongIndex(index: index, seq: record.seq) }
        return record
    }
}

/// Why a proof's leaf is not a line of a log at the proof's index.
public enum LeafError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The leaf is not a record of FORMAT.md.
    case notARecord(String)
    /// The leaf is a record but not in RFC 8785 canonical form, so it is no line of a log.
    case notCanonical
    /// The record's `seq` is not the leaf's index + 1.
    case wrongIndex(index: Int, seq: Int)

    public var description: String {
        switch self {
        case .notARecord(let reason): return "the leaf is not a record: \(reason)"
        case .notCanonical: return "the leaf is not in RFC 8785 canonical form"
        case .wrongIndex(let index, let seq): return "the leaf has seq \(seq) but is proven at index \(index) (seq \(index + 1))"
        }
    }
}
