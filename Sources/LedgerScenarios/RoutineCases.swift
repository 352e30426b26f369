import LedgerCore

/// Generates the everyday traffic of the ledger: reports, administrative cases and
/// transfers to the police, each a small lifecycle of acts with realistic gaps.
///
/// Lifecycles are generated one at a time and merged by time, so a million events
/// need only the lifecycles in flight in memory. Seeded: the same seed, the same acts.
public struct RoutineCases: Sequence, IteratorProtocol {
    private var rng: SeededRandom
    private let start: Timestamp
    /// Seconds between the starts of two lifecycles.
    private let spacing: Int64
    private let limit: Int
    private var started = 0
    private var heap = ActionHeap()
    private let prefix: String

    /// - Parameters:
    ///   - seed: the generator's seed.
    ///   - start: when the first report comes in.
    ///   - lifecycles: how many cases (and reports) to generate.
    ///   - spacing: seconds between two lifecycles' starts.
    ///   - prefix: put before the serial numbers in stream names, so that two generators
    ///     over the same years name different streams.
    public init(seed: UInt64, start: Timestamp, lifecycles: Int, spacing: Int64, prefix: String = "") {
        self.prefix = prefix
        rng = SeededRandom(seed: seed)
        self.start = start
        self.limit = lifecycles
        self.spacing = spacing
    }

    /// The next action in time order.
    public mutating func next() -> JSONValue? {
        while started < limit, heap.isEmpty || heap.minTime >= start.adding(seconds: Int64(started) * spacing) {
            let t = start.adding(seconds: Int64(started) * spacing)
            heap.push(Self.lifecycle(serial: started + 1, start: t, prefix: prefix, rng: &rng))
            started += 1
        }
        return heap.pop()
    }

    /// One report and, for most, its case: the acts in order with their times.
    static func lifecycle(serial: Int, start: Timestamp, prefix: String = "", rng: inout SeededRandom) -> [(Timestamp, JSONValue)] {
        let (year, _, _) = start.civilDate(offsetSeconds: ActionBuilder.offsetSeconds)
        let report = "report/R-\(year)-\(prefix)\(String(format6: serial))"
        let caseStream = "case/FLE-\(year)-\(prefix)\(String(format6: serial))"
        let sector = rng.pick(Words.sectors)
        let product = rng.pick(Words.products[sector]!)
        let ipType = rng.chance(0.8) ? "trademark" : "patent"
        let respondent = Words.respondent(&rng, serial: serial)
        var acts: [(Timestamp, JSONValue)] = []
        var t = start
        func act(_ type: String, _ stream: String, by officer: String, after hours: Int, _ payload: [String: JSONValue]) {
            t = t.adding(seconds: Int64(hours) * 3600 + Int64(rng.int(0...3599)))
            acts.append((t, ActionBuilder.action(type, stream, t, by: officer, payload)))
        }
        let what = ipType == "trademark" ? "销售假冒注册商标的\(product)" : "\(product)假冒他人专利"
        act("ReportReceived", report, by: "amr-clerk", after: 0, [
            "channel": .string(rng.pick(Words.channels)),
            "reporter": ["name": .string(rng.chance(0.3) ? "匿名" : "举报人\(serial)"), "kind": .string(rng.pick(["rightsHolder", "public", "enterprise", "anonymous"])), "privateEnterprise": .bool(rng.chance(0.3))],
            "respondent": respondent, "ipType": .string(ipType), "sector": .string(sector),
            "summary": .string("举报\(respondent["name"]?.stringValue ?? "")\(what)"),
        ])
        let path = rng.int(0...99)
        if rng.chance(0.4) {
            act("ReportShared", report, by: "amr-clerk", after: 2, ["agencies": ["fle-psb"], "note": "投诉举报信息共享"])
        }
        // A late acceptance now and then: the 7-working-day limit is missed.
        act("ReportAccepted", report, by: "amr-clerk", after: rng.chance(0.02) ? 24 * 12 : rng.int(4...72), ["note": "符合受理条件"])
        if path < 25 {
            act("ReportClosed", report, by: "amr-clerk", after: rng.int(48...240), [
                "outcome": .string(rng.chance(0.8) ? "noViolation" : "withdrawn"), "reason": "经核查未发现违法行为",
            ])
            return acts
        }
        act("CaseOpened", caseStream, by: "amr-inv1", after: rng.int(24...120), [
            "report": .string(report), "ipType": .string(ipType), "sector": .string(sector), "summary": .string(what),
            "respondent": respondent, "rightsHolder": Words.rightsHolder(&rng, sector: sector),
        ])
        act("ReportClosed", report, by: "amr-clerk", after: 1, ["outcome": "caseOpened", "case": .string(caseStream)])
        let evidenceHash = Words.fileHash("\(caseStream)/E1")
        act("EvidenceRecorded", caseStream, by: "amr-inv2", after: rng.int(24...96), [
            "evidence": "E1", "description": .string("现场检查笔录及\(product)照片"), "sha256": .string(evidenceHash),
        ])
        if rng.chance(0.3) {
            act("EvidenceNotarized", caseStream, by: "notary1", after: rng.int(24...120), [
                "evidence": "E1", "notaryOffice": "齐齐哈尔市鹤城公证处", "certificateNo": .string("(\(year))黑齐鹤证字第\(serial % 9000 + 1)号"),
                "sha256": .string(evidenceHash),
            ])
        }
        if path < 80 {
            let volume = rng.int(2...400) * 10_000
            // Now and then the amounts reach the criminal threshold and no transfer follows (以罚代刑).
            let gains = rng.chance(0.03) ? 3_500_000 : volume / 5
            act("PenaltyDecided", caseStream, by: "amr-head", after: rng.chance(0.02) ? 24 * 100 : rng.int(240...1200), [
                "decisionNo": .string("富市监罚〔\(year)〕\(serial)号"), "fineFen": .number(Double(volume * 2)),
                "illegalGainsFen": .number(Double(gains)), "businessVolumeFen": .number(Double(volume)),
            ])
            act("CaseClosed", caseStream, by: "amr-inv1", after: rng.int(24...240), ["outcome": "penalized", "summary": "已作出行政处罚决定"])
            return acts
        }
        act("TransferReportSubmitted", caseStream, by: "amr-inv1", after: rng.int(120...480), [
            "team": ["amr-inv1", "amr-inv2"], "suspectedOffence": .string(ipType == "trademark" ? "213" : "216"),
            "grounds": "涉案金额达到刑事立案追诉标准", "illegalGainsFen": .number(Double(rng.int(4...20) * 1_000_000)),
            "businessVolumeFen": .number(Double(rng.int(6...40) * 1_000_000)),
        ])
        act("TransferApproved", caseStream, by: "amr-head", after: rng.int(2...60), ["note": "同意移送"])
        act("CaseTransferred", caseStream, by: "amr-inv1", after: rng.int(1...20), [
            "to": "fle-psb", "documents": ["transferLetter", "investigationReport", "evidenceList", "inspectionReport"],
            "letterNo": .string("富市监移〔\(year)〕\(serial)号"),
        ])
        act("TransferReceived", caseStream, by: "psb-inv1", after: rng.int(1...20), ["receiptNo": .string("富公回〔\(year)〕\(serial)号")])
        act("CriminalCaseFiled", caseStream, by: "psb-inv1", after: rng.chance(0.05) ? 24 * 6 : rng.int(4...60),
            ["filingNo": .string("富公立〔\(year)〕\(serial)号")])
        act("MaterialsHandedOver", caseStream, by: "amr-inv1", after: rng.int(4...60), ["items": .array([.string("涉案\(product)"), "案卷材料"])])
        act("CaseClosed", caseStream, by: "amr-inv1", after: rng.int(24...120), ["outcome": "criminalFiled", "summary": "已移送公安机关立案侦查"])
        return acts
    }
}

extension String {
    /// A number zero-padded to six digits.
    init(format6 n: Int) {
        let s = String(n)
        self = s.count >= 6 ? s : String(repeating: "0", count: 6 - s.count) + s
    }
}

/// A min-heap of lifecycles keyed by their next act's time (ties: the earlier lifecycle).
struct ActionHeap {
    private var items: [(order: Int, acts: [(Timestamp, JSONValue)], next: Int)] = []
    private var pushed = 0

    var isEmpty: Bool { items.isEmpty }
    var minTime: Timestamp { items[0].acts[items[0].next].0 }

    mutating func push(_ acts: [(Timestamp, JSONValue)]) {
        guard !acts.isEmpty else { return }
        items.append((pushed, acts, 0))
        pushed += 1
        siftUp(items.count - 1)
    }

    mutating func pop() -> JSONValue? {
        guard !items.isEmpty else { return nil }
        let action = items[0].acts[items[0].next].1
        items[0].next += 1
        if items[0].next == items[0].acts.count {
            items.swapAt(0, items.count - 1)
            items.removeLast()
        }
        if !items.isEmpty { siftDown(0) }
        return action
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        let ta = items[a].acts[items[a].next].0, tb = items[b].acts[items[b].next].0
        return ta < tb || (ta == tb && items[a].order < items[b].order)
    }

    private mutating func siftUp(_ i0: Int) {
        var i = i0
        while i > 0 {
            let parent = (i - 1) / 2
            guard less(i, parent) else { return }
            items.swapAt(i, parent)
            i = parent
        }
    }

    private mutating func siftDown(_ i0: Int) {
        var i = i0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count, less(l, m) { m = l }
            if r < items.count, less(r, m) { m = r }
            guard m != i else { return }
            items.swapAt(i, m)
            i = m
        }
    }
}
