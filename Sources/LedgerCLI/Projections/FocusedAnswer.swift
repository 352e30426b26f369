import Foundation
import IPProtection
import LedgerCore
import LedgerStore
import Projections

extension ProjectionQuery {
    /// The answer about one item folded from only the streams it depends on (`AnswerScope`),
    /// read through the event index: the same answer as `answer(_:)` gives, without loading
    /// the projection snapshot or reading the whole log.
    ///
    /// The streams' records are folded together in log order, from each stream's first, so
    /// that every record meets the registry (and the other streams) as they stood when it
    /// was recorded, as in the whole fold. Streams that refer to the item are found in the
    /// reference index (`ReferenceIndex`).
    ///
    /// - Parameter scope: what the answer depends on, given what has been folded so far
    ///   (`CaseStatusBoard.scope(of:in:)`, `SupervisionTrail.scope(of:in:)`).
    /// - Returns: `nil` when this cannot answer and `answer(_:)` must: `--as-of TIME` (which
    ///   counts the events of every stream dated by then), a scope that is the whole ledger,
    ///   a ledger without an event index that fits its log (rebuilding one checks every line,
    ///   slower than the whole fold from the projection snapshot), or `IPLEDGER_FULL_FOLD=1`
    ///   (for comparing the two).
    func focusedAnswer(_ context: CommandContext, scope: (ProjectionSet) -> AnswerScope?) throws -> Answer? {
        guard context.environment["IPLEDGER_FULL_FOLD"] != "1" else { return nil }
        switch asOf {
        case .time?, .date?: return nil
        case nil, .seq?: break
        }
        var timing = Timing(context)
        guard try storeCall({ try ledger.indexFitsLog() }) else { return nil }
        let last: Int
        let judgedAt: Timestamp
        switch asOf {
        case nil:
            last = try storeCall { try ledger.count() }
            judgedAt = Timestamp(date: context.now())
        case .seq(let n)?:
            let count = try storeCall { try ledger.count() }
            guard n <= count else { throw CLIError.usage("--as-of \(n): the log holds \(count) event\(count == 1 ? "" : "s")") }
            guard let recorded = Timestamp(rfc3339: try storeCall { try ledger.record(seq: n) }.recorded) else {
                throw CLIError(.integrity, "event \(n) has no readable `recorded` time; run `ipledger verify`")
            }
            last = n
            judgedAt = recorded
        case .time?, .date?:
            return nil
        }
        timing.note("open the event index")

        var set = ProjectionSet()
        var fetched: Set<String> = []
        var records: [LedgerRecord] = []
        var resolved: [String: Set<String>] = [:]
        var references: ReferenceIndex?
        while true {
            guard let needs = scope(set) else { return nil }
            var wanted = needs.streams.union(["registry"])
            for key in needs.linkKeys {
                if resolved[key] == nil {
                    if references == nil {
                        references = try ReferenceIndex.current(ledger, warn: { context.warn("Warning: \($0)") })
                        timing.note("reference index")
                    }
                    var streams: Set<String> = []
                    for seq in references!.seqs(filedUnder: key, through: last) {
                        streams.insert(try storeCall { try ledger.record(seq: seq) }.stream)
                    }
                    resolved[key] = streams
                }
                wanted.formUnion(resolved[key]!)
            }
            let more = wanted.subtracting(fetched)
            if more.isEmpty && !fetched.isEmpty { break }
            fetched.formUnion(more)
            records += try storeCall { try ledger.records(inStreams: more.sorted()) }.filter { $0.seq <= last }
            records.sort { $0.seq < $1.seq }
            set = ProjectionSet.replay(records)
            timing.note("fold \(records.count) events of \(fetched.count) streams")
        }
        return Answer(projections: set, judgedAt: judgedAt, events: last, asOf: asOf, lastSeq: last)
    }
}
