import Foundation
import IPProtection
import LedgerCore
import LedgerStore
import Projections

/// The options every projection command shares, in one place: `--as-of SEQ|TIME`,
/// `--lang zh|en`, `--json` and `--ledger DIR`; and the answer they select.
struct ProjectionQuery {
    /// `--as-of`: a past point of the ledger.
    enum AsOf: Equatable {
        /// Events 1 to SEQ, judged at event SEQ's `recorded`.
        case seq(Int)
        /// The acts with `at` ≤ TIME, in log order, judged at TIME.
        case time(Timestamp)
        /// A date `YYYY-MM-DD`: the end of that day in the ledger's time zone (resolved once the ledger is open).
        case date(String)
    }

    /// The projections an answer is read from, and the instant deadlines are judged at.
    struct Answer {
        var projections: ProjectionSet
        var judgedAt: Timestamp
        /// The number of events folded.
        var events: Int
        /// The `--as-of` asked for, if any.
        var asOf: AsOf?
        /// For `--as-of TIME` (or a date): the instant acts were chosen by (`at` ≤ it).
        var datedBy: Timestamp?
        /// The last event of the log this answer reads to: `projections.lastSeq` when every
        /// event was folded; the log's last (or SEQ) when only some streams were.
        var lastSeq: Int

        init(projections: ProjectionSet, judgedAt: Timestamp, events: Int, asOf: AsOf?, datedBy: Timestamp? = nil,
             lastSeq: Int? = nil) {
            self.projections = projections
            self.judgedAt = judgedAt
            self.events = events
            self.asOf = asOf
            self.datedBy = datedBy
            self.lastSeq = lastSeq ?? projections.lastSeq
        }

        /// Whether `record` is among the acts this answer folded.
        func includes(_ record: LedgerRecord) -> Bool {
            guard record.seq <= lastSeq else { return false }
            guard let datedBy else { return true }
            return Timestamp(rfc3339: record.at).map { $0 <= datedBy } ?? false
        }
        var utcOffset: Int32 { projections.utcOffset }
    }

    static let optionsHelp = """
      --as-of SEQ|TIME  The answer as it stood then: SEQ = events 1 to SEQ, deadlines judged at
                        that event's `recorded`; TIME (RFC 3339, or YYYY-MM-DD for the end of
                        that day in the ledger's time zone) = the acts that had happened by
                        then (`at` ≤ TIME), in log order, deadlines judged at TIME.
      --lang zh|en      Labels in Chinese with the English code beside them (zh, the
                        default), or in English only (en).
      --json            JSON with stable member names instead of a table.
      --ledger DIR      The ledger directory (else $IPLEDGER_DIR, else EventLog/ledger).
    """

    var ledger: FileLedger
    var asOf: AsOf?
    var json: Bool
    var labels: Labels

    /// Takes the shared options from `arguments` and opens the ledger.
    static func parse(_ arguments: inout Arguments, _ context: CommandContext) throws -> ProjectionQuery {
        let json = arguments.flag("json")
        let labels = try Labels(&arguments)
        let asOf = try arguments.option("as-of").map(parseAsOf)
        let ledger = try LedgerLocation.open(&arguments, context)
        return ProjectionQuery(ledger: ledger, asOf: asOf, json: json, labels: labels)
    }

    static func parseAsOf(_ text: String) throws -> AsOf {
        if let n = Int(text) {
            guard n >= 1 else { throw CLIError.usage("--as-of takes a seq from 1, not \(n)") }
            return .seq(n)
        }
        if let t = Timestamp(rfc3339: text) { return .time(t) }
        if TimeArgument.parse(text) != nil { return .date(text) }
        throw CLIError.usage("--as-of takes a seq (a whole number), an RFC 3339 time or a date YYYY-MM-DD, not \"\(text)\"")
    }

    /// Folds the projections the question needs: the snapshot caught up with the log (no
    /// `--as-of`), the log up to SEQ, or the acts dated by TIME.
    func answer(_ context: CommandContext) throws -> Answer {
        let answer = try fold(context)
        Teardown.leave(answer.projections, large: answer.projections.count >= 100_000)
        return answer
    }

    private func fold(_ context: CommandContext) throws -> Answer {
        let warn = { (text: String) in context.warn("Warning: \(text)") }
        switch asOf {
        case nil:
            var timing = Timing(context)
            let snapshot = ProjectionSnapshots.load(ledger, warn: warn)
            timing.note("load snapshot")
            var set = snapshot?.set ?? ProjectionSet()
            let before = set.count
            let position = try ProjectionSnapshots.fold(&set, ledger, after: snapshot?.position)
            timing.note("fold \(set.count - before) events")
            if let position, snapshot == nil || set.count - before >= ProjectionSnapshots.saveAfter {
                // Derived data: a ledger directory one may not write (an auditor's copy) still answers.
                try? ProjectionSnapshots.save(set, at: position, ledger)
                timing.note("save snapshot")
            }
            return Answer(projections: set, judgedAt: Timestamp(date: context.now()), events: set.count, asOf: nil)
        case .seq(let n)?:
            var snapshot = ProjectionSnapshots.load(ledger, warn: warn)
            if let s = snapshot, s.position.seq > n { snapshot = nil }
            var set = snapshot?.set ?? ProjectionSet()
            let position = try ProjectionSnapshots.fold(&set, ledger, after: snapshot?.position, untilSeq: n)
            guard let position, position.seq == n else {
                throw CLIError.usage("--as-of \(n): the log holds \(position?.seq ?? 0) event\(position?.seq == 1 ? "" : "s")")
            }
            guard let judgedAt = Timestamp(rfc3339: position.recorded) else {
                throw CLIError(.integrity, "event \(n) has no readable `recorded` time; run `ipledger verify`")
            }
            return Answer(projections: set, judgedAt: judgedAt, events: set.count, asOf: asOf)
        case .time(let t)?:
            return try answer(dated: t)
        case .date(let text)?:
            let t = TimeArgument.parse(text, offsetSeconds: ProjectionSnapshots.utcOffset(ledger))!
            return try answer(dated: t)
        }
    }

    private func answer(dated t: Timestamp) throws -> Answer {
        var set = ProjectionSet()
        try ProjectionSnapshots.fold(&set, ledger, after: nil, include: { record in
            (Timestamp(rfc3339: record.at).map { $0 <= t }) ?? false
        })
        return Answer(projections: set, judgedAt: t, events: set.count, asOf: asOf, datedBy: t)
    }

    // MARK: Output

    /// The first line of a table answer: the instant judged and the events folded.
    func heading(_ answer: Answer) -> String {
        let when = labels.time(answer.judgedAt, answer.utcOffset, seconds: true)
        let events = answer.events
        switch answer.asOf {
        case .time?, .date?:
            return labels.text(zh: "截至 as of \(when) · 已发生事件 events dated by then: \(events)",
                               en: "as of \(when): \(events) events dated by then")
        default:
            return labels.text(zh: "截至 as of \(when) · 事件 events 1–\(events)", en: "as of \(when): events 1–\(events)")
        }
    }

    /// Prints JSON lines, one per row.
    func printLines(_ values: [JSONValue], _ context: CommandContext) {
        var bytes: [UInt8] = []
        for value in values {
            CanonicalJSON.write(value, into: &bytes)
            bytes.append(0x0a)
        }
        context.standardOutput.write(bytes)
    }
}
