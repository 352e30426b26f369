import IPProtection
import LedgerCore

/// One transfer as the shared transfer information platform shows it (两法衔接信息共享平台).
public struct TransferRow: Hashable, Sendable {
    /// One step of the transfer: the act, when, by whom, and the statutory period it met.
    public struct Step: Hashable, Sendable {
        /// The step's stable name: `report`, `approval`, `refusal`, `transfer`, `receipt`,
        /// `forward`, `materialsRequest`, `materialsSupply`, `filing`, `decline`,
        /// `reconsiderationRequest`, `reconsiderationDecision`, `suggestion`, `handover`.
        public var step: String
        /// The act.
        public var act: EventReference
        /// The period the act met or was judged against, if any: days taken against the limit.
        public var deadline: DeadlineRow?
    }

    /// A transfer dispute and the opinions given in it.
    public struct DisputeSummary: Hashable, Sendable {
        public var raised: EventReference
        public var raisedBy: String
        /// Recommendation by the agency that gave it (`transfer`, `noTransfer`, `other`).
        public var opinions: [String: String]
        public var resolved: EventReference?
        public var outcome: String?
    }

    /// A supervision of the case.
    public struct SupervisionSummary: Hashable, Sendable {
        public var stream: String
        public var kind: String
        public var stage: String
    }

    /// The case (`case/<id>`).
    public var caseName: String
    /// The market-supervision agency that transferred it.
    public var amr: String?
    /// The police agency it went to first.
    public var transferredTo: String?
    /// The police agency that holds it now.
    public var police: String?
    /// The furthest transfer step (`TransferProgress.Stage`).
    public var stage: String
    /// `filed`, `declined`, `refused`, `noTransfer` (a dispute settled against transfer) or `pending`.
    public var outcome: String
    /// Every step, in log order.
    public var steps: [Step]
    /// The documents 第六条 requires that the transfer lacked.
    public var missingDocuments: [String]
    /// Disputes, settled and open, in order.
    public var disputes: [DisputeSummary]
    /// Supervisions of the case, in order.
    public var supervisions: [SupervisionSummary]
    /// Deadlines of the transfer still open (running or overdue).
    public var pending: [DeadlineRow]

    /// The first step called `name`.
    public func step(_ name: String) -> Step? { steps.first { $0.step == name } }

    public func json(utcOffset: Int32) -> JSONValue {
        [
            "case": .string(caseName), "amr": amr.map(JSONValue.string) ?? .null,
            "transferredTo": transferredTo.map(JSONValue.string) ?? .null, "police": police.map(JSONValue.string) ?? .null,
            "stage": .string(stage), "outcome": .string(outcome),
            "steps": .array(steps.map { step in
                var m: [String: JSONValue] = ["step": .string(step.step), "seq": .number(Double(step.act.seq)),
                                              "type": .string(step.act.type), "at": .string(step.act.at.text(utcOffset))]
                if let d = step.deadline {
                    m["rule"] = .string(d.rule)
                    m["limit"] = .number(Double(d.period.length))
                    m["unit"] = .string(d.period.unit)
                    m["taken"] = d.taken.map { .number(Double($0)) } ?? .null
                    m["late"] = .bool(d.state == .late || d.state == .endedLate)
                    m["due"] = .string(d.due.text(utcOffset))
                } else {
                    for key in ["rule", "limit", "unit", "taken", "late", "due"] { m[key] = .null }
                }
                return .object(m)
            }),
            "missingDocuments": .array(missingDocuments.map(JSONValue.string)),
            "disputes": .array(disputes.map { d in
                [
                    "raised": .string(d.raised.at.text(utcOffset)), "raisedBy": .string(d.raisedBy),
                    "opinions": .object(d.opinions.mapValues(JSONValue.string)),
                    "resolved": d.resolved.map { .string($0.at.text(utcOffset)) } ?? .null,
                    "outcome": d.outcome.map(JSONValue.string) ?? .null,
                ]
            }),
            "supervisions": .array(supervisions.map {
                ["stream": .string($0.stream), "kind": .string($0.kind), "stage": .string($0.stage)]
            }),
            "pending": .array(pending.map { $0.json(utcOffset: utcOffset) }),
        ]
    }
}

/// The shared transfer platform view (DOMAIN.md "Read models"): every transfer with the
/// date of each step, days taken against the statutory limit, the outcome, any dispute and
/// any supervision.
public enum TransferPlatformView {
    /// Every case in which a transfer report was submitted or a transfer made, in name order.
    public static func rows(_ set: ProjectionSet, judgedAt: Timestamp) -> [TransferRow] {
        set.domain.cases.keys.sorted().compactMap { row(set, caseName: $0, judgedAt: judgedAt) }
    }

    /// The transfer of one case, or `nil` when it has none.
    public static func row(_ set: ProjectionSet, caseName: String, judgedAt: Timestamp) -> TransferRow? {
        guard let c = set.domain.cases[caseName], c.exists else { return nil }
        let t = c.transfer
        guard !t.reports.isEmpty || t.transferred != nil || c.dispute != nil || !c.settledDisputes.isEmpty else { return nil }
        let deadlines = c.deadlines.all.map { DeadlineRow($0, judgedAt: judgedAt) }
        // The periods each act met, in the case or in its supervisions (a filing ordered by the
        // procuratorate meets the order's 15 days).
        let supervisionDeadlines = (set.domain.supervisionsByCase[caseName] ?? []).flatMap {
            (set.domain.supervisions[$0]?.deadlines.all ?? []).map { DeadlineRow($0, judgedAt: judgedAt) }
        }
        var bySeq: [Int: DeadlineRow] = [:]
        for d in deadlines + supervisionDeadlines {
            guard let by = d.by else { continue }
            // An act that met a period shows that one, rather than one it merely ended.
            if bySeq[by.seq] == nil || (bySeq[by.seq]?.taken == nil && d.taken != nil) { bySeq[by.seq] = d }
        }
        var steps: [TransferRow.Step] = []
        func add(_ name: String, _ ref: EventReference?) {
            guard let ref else { return }
            steps.append(TransferRow.Step(step: name, act: ref, deadline: bySeq[ref.seq]))
        }
        for ref in t.reports { add("report", ref) }
        add("approval", t.approval)
        add("refusal", t.refusal)
        add("transfer", t.transferred)
        for ref in t.forwards { add("forward", ref) }
        add("receipt", t.receipt)
        add("decline", t.decline)
        add("reconsiderationRequest", t.reconsiderationRequest)
        add("reconsiderationDecision", t.reconsiderationDecision)
        add("suggestion", t.suggestion)
        add("filing", t.filing)
        for ref in t.handovers { add("handover", ref) }
        // Materials requested and supplied are in the deadline book (the state keeps only the pending request).
        for d in deadlines where d.rule == DeadlineRule.materialsSupply.rawValue {
            add("materialsRequest", d.startedBy)
            if d.state == .onTime || d.state == .late { add("materialsSupply", d.by) }
        }
        steps.sort { $0.act.seq < $1.act.seq }
        let outcome: String
        if t.filing != nil {
            outcome = "filed"
        } else if c.settledDisputes.last?.outcome == DisputeOutcome.noTransfer.rawValue {
            outcome = "noTransfer"
        } else if t.stage == .declined {
            outcome = "declined"
        } else if t.stage == .refused {
            outcome = "refused"
        } else {
            outcome = "pending"
        }
        let disputes = (c.settledDisputes + [c.dispute].compactMap { $0 }).map {
            TransferRow.DisputeSummary(raised: $0.raised, raisedBy: $0.raisedBy, opinions: $0.recommendations, resolved: $0.resolved,
                                       outcome: $0.outcome)
        }
        let supervisions = (set.domain.supervisionsByCase[caseName] ?? []).compactMap { name -> TransferRow.SupervisionSummary? in
            guard let s = set.domain.supervisions[name] else { return nil }
            return TransferRow.SupervisionSummary(stream: name, kind: s.kind, stage: CaseStatusBoard.stage(of: s))
        }
        let transferRules: Set<String> = [DeadlineRule.penaltyDecision.rawValue]
        return TransferRow(caseName: caseName, amr: c.amr, transferredTo: t.transferredTo, police: c.police, stage: t.stage.rawValue,
                           outcome: outcome, steps: steps, missingDocuments: t.transferred == nil ? [] : t.missingDocuments,
                           disputes: disputes, supervisions: supervisions,
                           pending: deadlines.filter { $0.isOpen && !transferRules.contains($0.rule) })
    }
}
