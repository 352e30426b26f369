import IPProtection
import LedgerCore

/// The supervision trail of a case (DOMAIN.md "Read models"): every act in order — of the
/// report it came from, the case itself and its supervisions — who recorded it and when,
/// the statutory rule it answered, the time it took against the limit, on time or late,
/// and its event hash, which an auditor checks against the log.
public struct SupervisionTrail: Sendable {
    /// One act of the trail.
    public struct Act: Hashable, Sendable {
        /// The act's record (its `seq`, `at`, `recorded`, stream, type, actor).
        public var record: LedgerRecord
        /// SHA-256 of the act's line in the log.
        public var hash: String
        /// The deadlines this act met or ended, judged: the rule, the time taken against the limit, on time or late.
        public var answered: [DeadlineRow]
        /// The deadlines this act started.
        public var started: [DeadlineRow]
    }

    /// The case.
    public var caseName: String
    /// Every act, in log order.
    public var acts: [Act]
    /// Deadlines still open at the instant judged: what is awaited, and whether it is overdue.
    public var pending: [DeadlineRow]

    /// The streams whose acts make up the trail of `caseName`: the report it came from, the
    /// case, its supervisions.
    public static func streams(of caseName: String, in set: ProjectionSet) -> [String] {
        guard let c = set.domain.cases[caseName], c.exists else { return [] }
        return [c.report].compactMap { $0 } + [caseName] + (set.domain.supervisionsByCase[caseName] ?? [])
    }

    /// The trail built from the acts of the trail's streams.
    ///
    /// - Parameters:
    ///   - acts: the records of `streams(of:in:)` that `set` folded, each with the SHA-256 of its line.
    ///   - set: the projections as of the instant judged.
    ///   - judgedAt: the instant open deadlines are judged at.
    public init(caseName: String, acts: [(record: LedgerRecord, hash: String)], set: ProjectionSet, judgedAt: Timestamp) {
        self.caseName = caseName
        let streams = SupervisionTrail.streams(of: caseName, in: set)
        var deadlines: [DeadlineRow] = []
        for stream in streams {
            deadlines += (set.domain.deadlineBook(of: stream)?.all ?? []).map { DeadlineRow($0, judgedAt: judgedAt) }
        }
        var answered: [Int: [DeadlineRow]] = [:]
        var started: [Int: [DeadlineRow]] = [:]
        for d in deadlines {
            if let by = d.by { answered[by.seq, default: []].append(d) }
            started[d.startedBy.seq, default: []].append(d)
        }
        // An act that met a period comes before the periods it merely ended.
        func rank(_ d: DeadlineRow) -> Int { d.taken != nil ? 0 : 1 }
        self.acts = acts.sorted { $0.record.seq < $1.record.seq }.map {
            Act(record: $0.record, hash: $0.hash, answered: (answered[$0.record.seq] ?? []).enumerated().sorted {
                (rank($0.element), $0.offset) < (rank($1.element), $1.offset)
            }.map(\.element), started: started[$0.record.seq] ?? [])
        }
        pending = deadlines.filter(\.isOpen)
    }

    public func json(utcOffset: Int32) -> JSONValue {
        [
            "case": .string(caseName),
            "acts": .array(acts.map { act in
                [
                    "seq": .number(Double(act.record.seq)), "stream": .string(act.record.stream), "type": .string(act.record.type),
                    "at": .string((Timestamp(rfc3339: act.record.at) ?? Timestamp(seconds: 0)).text(utcOffset)),
                    "recorded": .string(act.record.recorded), "agency": .string(act.record.actor.agency),
                    "officer": .string(act.record.actor.officer), "hash": .string(act.hash),
                    "answered": .array(act.answered.map { $0.json(utcOffset: utcOffset) }),
                    "started": .array(act.started.map { ["rule": .string($0.rule), "due": .string($0.due.text(utcOffset))] }),
                ]
            }),
            "pending": .array(pending.map { $0.json(utcOffset: utcOffset) }),
        ]
    }
}
