import Foundation
import IPProtection
import LedgerCore
import LedgerStore
import Projections

/// The ledger's projection snapshot (`projections/snapshot.jsonl`) and folding the log
/// into projections: from the snapshot onwards, or from the first event.
enum ProjectionSnapshots {
    static let name = "projections"
    /// Catching up more events than this rewrites the snapshot, so the next answer starts nearer the end.
    static let saveAfter = 1_000

    /// Where the snapshot of `ledger` lives.
    static func path(_ ledger: FileLedger) -> String {
        (ledger.projectionsDirectory as NSString).appendingPathComponent("snapshot.jsonl")
    }

    /// The last line folded: where folding resumes, and the snapshot's tag.
    struct Position {
        var seq: Int
        var offset: Int
        var length: Int
        var hash: SHA256.Digest
        var recorded: String

        var end: Int { offset + length + 1 }

        init(seq: Int, offset: Int, length: Int, hash: SHA256.Digest, recorded: String) {
            self.seq = seq
            self.offset = offset
            self.length = length
            self.hash = hash
            self.recorded = recorded
        }

        init(_ tag: SnapshotTag) {
            self.init(seq: tag.seq, offset: tag.offset, length: tag.length, hash: tag.head, recorded: tag.recorded)
        }

        var tag: SnapshotTag {
            SnapshotTag(name: ProjectionSnapshots.name, version: ProjectionSet.formatVersion, seq: seq, head: hash, offset: offset,
                        length: length, recorded: recorded)
        }
    }

    /// The snapshot, if there is one that this log still holds; `warn` hears why one was set aside.
    ///
    /// - Parameter verifyBody: check the body's SHA-256 too (the nightly rebuild does; a query trusts the rename that wrote it).
    static func load(_ ledger: FileLedger, verifyBody: Bool = false, warn: (String) -> Void) -> (set: ProjectionSet, position: Position)? {
        let path = path(ledger)
        do {
            guard let mapped = try SnapshotFile.map(path, verifyBody: verifyBody) else { return nil }
            let tag = mapped.tag
            guard tag.name == name, tag.version == ProjectionSet.formatVersion else {
                warn("\(path) is of another version (\(tag.version)); the projections are folded again from the log")
                return nil
            }
            guard try ledger.holds(tag) else {
                warn("\(path) was taken at seq \(tag.seq), which this log does not hold as it was; the projections are folded " +
                    "again from the log")
                return nil
            }
            // Its pages let go as they are read: the file is never all in memory beside the states.
            let set = try ProjectionSet(snapshotBytes: mapped.body) { mapped.release(bodyRange: $0) }
            guard set.lastSeq == tag.seq else {
                warn("\(path) holds seq \(set.lastSeq), not the seq \(tag.seq) of its tag; the projections are folded again from the log")
                return nil
            }
            return (set, Position(tag))
        } catch {
            warn("\(path) cannot be used (\(reason(error))); the projections are folded again from the log")
            return nil
        }
    }

    /// Why a snapshot could not be read, in a phrase.
    static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): return context.debugDescription
        case DecodingError.keyNotFound(let key, _): return "its body has no member \(key.stringValue) (another encoding of the projections)"
        case DecodingError.typeMismatch(let type, let context), DecodingError.valueNotFound(let type, let context):
            return "its body does not hold a \(type) where expected (\(context.debugDescription))"
        default: return "\(error)"
        }
    }

    /// Writes `set` as the snapshot at `position`, atomically, its encoding streamed to the
    /// file (`StreamedSnapshot`), never held whole.
    static func save(_ set: ProjectionSet, at position: Position, _ ledger: FileLedger) throws {
        try StreamedSnapshot(set, at: position, ledger, comparingWith: nil).commit()
    }

    /// Folds the log's lines after `position` (from the first line when `nil`) into `set`.
    ///
    /// - Parameters:
    ///   - untilSeq: stop after this event (`nil`: the end of the log).
    ///   - include: which records to fold (all, unless `--as-of TIME` chooses by `at`).
    ///   - seen: called with every record read, folded or not.
    /// - Returns: the last line read, or `position` when there was none.
    /// - Throws: `CLIError` (integrity) when a line is not a record, breaks the sequence, or
    ///   does not continue the chain from the snapshot.
    @discardableResult
    static func fold(_ set: inout ProjectionSet, _ ledger: FileLedger, after position: Position?, untilSeq: Int? = nil,
                     include: (LedgerRecord) -> Bool = { _ in true }, seen: (LedgerRecord) -> Void = { _ in }) throws -> Position? {
        var last = position
        var lastLine: [UInt8] = []
        var lastRecorded = position?.recorded ?? ""
        var lastOffset = position?.offset ?? 0
        var lastSeq = position?.seq ?? 0
        if let untilSeq, untilSeq <= lastSeq { return last }
        var defect: LogDefect?
        let firstNumber = lastSeq + 1
        _ = try storeCall {
            let reader = LogReader(path: ledger.eventsPath)
            return try reader.forEachLine(from: position?.end ?? 0, firstLineNumber: lastSeq + 1) { line, number, offset in
                let record: LedgerRecord
                do {
                    record = try ChainVerifier.decode(line, lineNumber: number)
                } catch let d as LogDefect {
                    defect = d
                    return false
                }
                guard record.seq == number else {
                    defect = LogDefect(line: number, kind: .sequenceGap, message: "seq is \(record.seq), expected \(number)")
                    return false
                }
                if number == firstNumber, let position, record.prev != position.hash.hex {
                    defect = LogDefect(line: number, kind: .brokenChain,
                                       message: "prev does not continue the chain from the projection snapshot")
                    return false
                }
                seen(record)
                if include(record) { set.apply(record) }
                lastLine = Array(line)
                lastRecorded = record.recorded
                lastOffset = offset
                lastSeq = number
                return untilSeq.map { number < $0 } ?? true
            }
        }
        if let defect {
            throw CLIError(.integrity, "\(ledger.eventsPath) is damaged at \(defect); run `ipledger verify`")
        }
        if !lastLine.isEmpty {
            last = Position(seq: lastSeq, offset: lastOffset, length: lastLine.count, hash: SHA256.hash(lastLine), recorded: lastRecorded)
        }
        return last
    }

    /// The ledger's time zone, from its first event (`LedgerOpened`); UTC+8 when it cannot be read.
    static func utcOffset(_ ledger: FileLedger) -> Int32 {
        var offset = LedgerTimeZone.defaultOffset
        _ = try? LogReader(path: ledger.eventsPath).forEachLine { line, _, _ in
            if let record = try? ChainVerifier.decode(line, lineNumber: 1), record.type == "LedgerOpened",
               let zone = record.payload["timezone"]?.stringValue, let known = LedgerTimeZone.offset(of: zone) {
                offset = known
            }
            return false
        }
        return offset
    }
}
