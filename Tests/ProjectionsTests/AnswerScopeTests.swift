import IPProtection
import LedgerCore
import LedgerFixtures
import Projections
import XCTest

/// `AnswerScope`: folding only the streams one item's answer depends on (as `ipledger status
/// STREAM` and `trail CASE` do) gives the same row and the same trail as folding every
/// stream, at every point of the scenario ledger and at several points of a generated one.
final class AnswerScopeTests: XCTestCase {
    /// The records of a ledger, grouped for folding a few streams of it, and filed by link key
    /// as the CLI's reference index files them.
    struct Ledger {
        var records: [LedgerRecord]
        var byStream: [String: [LedgerRecord]] = [:]
        var filed: [String: [(seq: Int, stream: String)]] = [:]

        init(_ records: [LedgerRecord]) {
            self.records = records
            for r in records {
                byStream[r.stream, default: []].append(r)
                for key in StreamLinks.keys(of: r) { filed[key, default: []].append((r.seq, r.stream)) }
            }
        }

        /// Folds, as the CLI does, only the streams `scope` names (up to `last`); `nil` when
        /// the scope is the whole ledger.
        func focused(through last: Int, _ scope: (ProjectionSet) -> AnswerScope?) -> (set: ProjectionSet, streams: Set<String>)? {
            var set = ProjectionSet()
            var fetched: Set<String> = []
            while true {
                guard let needs = scope(set) else { return nil }
                var wanted = needs.streams.union(["registry"])
                for key in needs.linkKeys { wanted.formUnion((filed[key] ?? []).filter { $0.seq <= last }.map(\.stream)) }
                let more = wanted.subtracting(fetched)
                if more.isEmpty && !fetched.isEmpty { return (set, fetched) }
                fetched.formUnion(more)
                set = ProjectionSet.replay(fetched.flatMap { byStream[$0] ?? [] }.filter { $0.seq <= last }.sorted { $0.seq < $1.seq })
            }
        }

        /// Every item stream with a record up to `last`.
        func items(through last: Int) -> [String] {
            byStream.keys.filter { ItemKind(stream: $0) != nil && byStream[$0]![0].seq <= last }.sorted()
        }
    }

    /// Compares every item's row, and every case's trail, at `last` judged at `judgedAt`.
    /// - Returns: how many streams the focused folds read, in all.
    @discardableResult
    func assertSameAnswers(_ ledger: Ledger, through last: Int, judgedAt: Timestamp, _ context: String) -> Int {
        let full = ProjectionSet.replay(ledger.records.prefix(last))
        let alerts = Alerts.compute(full.domain, asOf: judgedAt)
        var read = 0
        for stream in ledger.items(through: last) + ["case/none", "report/none", "action/A-1"] {
            let expected = CaseStatusBoard.row(full, stream: stream, judgedAt: judgedAt, alerts: alerts)
            guard let (set, streams) = ledger.focused(through: last, { CaseStatusBoard.scope(of: stream, in: $0) }) else {
                XCTFail("\(stream) at \(context): the scope should not be the whole ledger here")
                continue
            }
            read += streams.count
            XCTAssertEqual(CaseStatusBoard.row(set, stream: stream, judgedAt: judgedAt), expected, "\(stream) at \(context)")
            XCTAssertEqual(set.utcOffset, full.utcOffset)
            guard ItemKind(stream: stream) == .case else { continue }
            guard let (trailSet, _) = ledger.focused(through: last, { SupervisionTrail.scope(of: stream, in: $0) }) else {
                XCTFail("a trail's scope is never the whole ledger")
                continue
            }
            XCTAssertEqual(SupervisionTrail.streams(of: stream, in: trailSet), SupervisionTrail.streams(of: stream, in: full),
                           "trail of \(stream) at \(context)")
            let acts = SupervisionTrail.streams(of: stream, in: full).flatMap { ledger.byStream[$0] ?? [] }
                .filter { $0.seq <= last }.map { (record: $0, hash: String($0.seq)) }
            let a = SupervisionTrail(caseName: stream, acts: acts, set: trailSet, judgedAt: judgedAt)
            let b = SupervisionTrail(caseName: stream, acts: acts, set: full, judgedAt: judgedAt)
            XCTAssertEqual(a.acts, b.acts, "trail of \(stream) at \(context)")
            XCTAssertEqual(a.pending, b.pending, "trail of \(stream) at \(context)")
        }
        return read
    }

    func testTheScenarioLedger_atEverySeq() throws {
        let ledger = Ledger(ScenarioLedger.records())
        for last in 1...ledger.records.count {
            let then = try XCTUnwrap(Timestamp(rfc3339: ledger.records[last - 1].recorded))
            assertSameAnswers(ledger, through: last, judgedAt: then, "seq \(last)")
        }
        // And judged later: deadlines overdue, confirmation windows closing and closed.
        for day in ["2024-04-13T00:00:00+08:00", "2024-06-17T12:00:00+08:00", "2026-01-01T00:00:00+08:00"] {
            assertSameAnswers(ledger, through: ledger.records.count, judgedAt: try XCTUnwrap(Timestamp(rfc3339: day)), day)
        }
    }

    func testAGeneratedLedger_atSeveralPoints_readsFewStreams() throws {
        let ledger = Ledger(LogGenerator(LogGenerator.Options(events: 12_000, seed: 11)).records())
        for last in [1_500, 6_000, ledger.records.count] {
            let then = try XCTUnwrap(Timestamp(rfc3339: ledger.records[last - 1].recorded))
            let items = ledger.items(through: last).count
            let read = assertSameAnswers(ledger, through: last, judgedAt: then, "seq \(last)")
            XCTAssertLessThan(Double(read) / Double(items), 8, "a handful of streams per item, not the ledger")
        }
    }

    func testWhatEachItemDependsOn() throws {
        let ledger = Ledger(ScenarioLedger.records())
        let last = ledger.records.count
        func streams(_ stream: String) -> Set<String> {
            ledger.focused(through: last) { CaseStatusBoard.scope(of: stream, in: $0) }?.streams ?? []
        }
        XCTAssertEqual(streams(ScenarioLedger.report), ["registry", ScenarioLedger.report])
        XCTAssertEqual(streams(ScenarioLedger.lapsedMediation), ["registry", ScenarioLedger.lapsedMediation])
        XCTAssertEqual(streams(ScenarioLedger.supervision), ["registry", ScenarioLedger.supervision, ScenarioLedger.transferredCase])
        XCTAssertTrue(streams(ScenarioLedger.transferredCase).isSuperset(of: ["registry", ScenarioLedger.transferredCase,
                                                                               ScenarioLedger.supervision]))
        // The repeat offence: the earlier penalty of the same respondent is folded too.
        XCTAssertTrue(streams(ScenarioLedger.repeatCase).contains(ScenarioLedger.firstPenalty))
        let trail = ledger.focused(through: last) { SupervisionTrail.scope(of: ScenarioLedger.transferredCase, in: $0) }?.streams
        XCTAssertEqual(trail, ["registry", ScenarioLedger.report, ScenarioLedger.transferredCase, ScenarioLedger.supervision])
    }

    func testAPenalisedCaseWithNoIPTypeOrRespondent_dependsOnTheWholeLedger() throws {
        // A case whose opening names no IP type and no respondent shares them with every case
        // folded without its CaseOpened, which no key files: the whole ledger is needed.
        let registry = Array(ScenarioLedger.records().prefix { $0.stream == "registry" })
        func record(_ offset: Int, _ type: String, _ payload: [String: JSONValue]) -> LedgerRecord {
            LedgerRecord(seq: registry.count + offset, id: "case/X@\(offset)", stream: "case/X", version: offset, type: type, schema: 1,
                         at: "2024-03-0\(offset)T09:00:00+08:00", recorded: "2024-03-0\(offset)T01:00:00.000Z",
                         actor: Actor(agency: "fle-amr", officer: "amr-head"), payload: payload, prev: "")
        }
        let opened = record(1, "CaseOpened", [:])
        let penalty = record(2, "PenaltyDecided", ["decisionNo": "X", "fineFen": 1, "illegalGainsFen": 0, "businessVolumeFen": 0])
        let unpenalised = ProjectionSet.replay(registry + [opened])
        XCTAssertEqual(CaseStatusBoard.scope(of: "case/X", in: unpenalised),
                       AnswerScope(streams: ["case/X"], linkKeys: [StreamLinks.supervisions(of: "case/X")]))
        XCTAssertNil(CaseStatusBoard.scope(of: "case/X", in: ProjectionSet.replay(registry + [opened, penalty])))
        XCTAssertTrue(StreamLinks.findsEveryMatch(ipType: "trademark", Party(name: "", privateEnterprise: false)))
        XCTAssertTrue(StreamLinks.findsEveryMatch(ipType: "", Party(name: "某公司", privateEnterprise: false)))
        XCTAssertFalse(StreamLinks.findsEveryMatch(ipType: "", Party(name: " ", privateEnterprise: false)))
    }
}
