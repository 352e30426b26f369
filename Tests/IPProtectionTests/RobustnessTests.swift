import XCTest
import LedgerCore
@testable import IPProtection
import LedgerTestSupport

/// No input, however malformed, crashes the domain or is half accepted: every action is
/// either recorded whole or refused with nothing written, and folding never fails.
final class RobustnessTests: XCTestCase {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static let oddValues: [JSONValue] = [
        .null, true, false, 0, -1, 1.5, 1e300, -0.0, .number(9_007_199_254_740_994), "", " ", "\n", "case/", "case/C1",
        "registry", "2024-02-30", "2024-03-11T09:00:00+08:00", .string(String(repeating: "长", count: 5000)),
        "\u{0}", [], [[]], ["x"], [:], ["name": "x"], .array(Array(repeating: "fle-psb", count: 50)),
    ]

    /// Every way of changing one member of `value`: removing it, or replacing it by an odd value, at any depth.
    static func mutations(of value: JSONValue, _ g: inout Generator, budget: Int) -> [JSONValue] {
        var out: [JSONValue] = []
        switch value {
        case .object(let m):
            for key in m.keys.sorted() {
                var removed = m; removed[key] = nil; out.append(.object(removed))
                for _ in 0..<3 {
                    var replaced = m; replaced[key] = oddValues[g.below(oddValues.count)]; out.append(.object(replaced))
                }
                for inner in mutations(of: m[key]!, &g, budget: budget / 2).prefix(budget) {
                    var nested = m; nested[key] = inner; out.append(.object(nested))
                }
            }
            var extra = m; extra["extra\(g.below(9))"] = oddValues[g.below(oddValues.count)]; out.append(.object(extra))
        case .array(let items):
            for i in items.indices {
                var removed = items; removed.remove(at: i); out.append(.array(removed))
                var replaced = items; replaced[i] = oddValues[g.below(oddValues.count)]; out.append(.array(replaced))
            }
            out.append(.array(items + items))
        default:
            out.append(oddValues[g.below(oddValues.count)])
        }
        return out
    }

    func testMutatedActionsOfEveryScenario_areRecordedWholeOrRefusedWithNothingWritten() throws {
        var g = Generator(state: 20_240_426)
        var refused = 0
        var accepted = 0
        for scenario in EveryEventTypeTests.scenarios {
            func build() throws -> Fixture {
                let f = try scenario.emptyLedger ? Fixture(open: false) : Fixture()
                try scenario.given(f)
                return f
            }
            var f = try build()
            let base = f.action(scenario.type, scenario.stream, scenario.at, scenario.actor,
                scenario.payload ?? Samples.payload(scenario.type))
            for mutated in Self.mutations(of: base, &g, budget: 40) {
                let before = f.ledger.records.count
                do {
                    let record = try f.submit(mutated)
                    XCTAssertEqual(f.ledger.records.count, before + 1)
                    XCTAssertEqual(record.payload, mutated["payload"]?.objectValue, "recorded whole")
                    accepted += 1
                    // Start the next mutation from the scenario's state again.
                    f = try build()
                } catch let refusal as Refusal {
                    XCTAssertEqual(f.ledger.records.count, before, "\(scenario.type): refused but written: \(refusal)")
                    XCTAssertFalse(refusal.description.isEmpty)
                    refused += 1
                }
            }
        }
        XCTAssertGreaterThan(refused, 1000)
        XCTAssertGreaterThan(accepted, 10, "some mutations are harmless (an optional member removed)")
    }

    func testRandomDocuments_asActions_areRefused() {
        var g = Generator(state: 7)
        func random(_ depth: Int) -> JSONValue {
            switch g.below(depth > 4 ? 5 : 7) {
            case 0: return .null
            case 1: return .bool(g.below(2) == 0)
            case 2: return .number(Double(g.below(2000)) - 1000)
            case 3, 4: return Self.oddValues[g.below(Self.oddValues.count)]
            case 5: return .array((0..<g.below(4)).map { _ in random(depth + 1) })
            default:
                var m: [String: JSONValue] = [:]
                for key in ["type", "stream", "at", "actor", "payload", "id", "x"] where g.below(3) > 0 { m[key] = random(depth + 1) }
                return .object(m)
            }
        }
        for _ in 0..<5000 {
            XCTAssertThrowsError(try Action(json: random(0)))
        }
    }

    func testFolding_garbageRecordsOfEveryType_neverFails() {
        var g = Generator(state: 99)
        var state = DomainState()
        var seq = 0
        let streams = ["registry", "report/R1", "case/C1", "supervision/S1", "mediation/M1", "weird", "case/", ""]
        for _ in 0..<20 {
            for type in Catalogue.all.map(\.name) + ["Unknown", ""] {
                seq += 1
                var payload: [String: JSONValue] = [:]
                for member in (Catalogue.type(named: type)?.payload.members.map(\.name) ?? ["x"]) where g.below(2) == 0 {
                    payload[member] = Self.oddValues[g.below(Self.oddValues.count)]
                }
                let kind = Catalogue.type(named: type)?.streamKind
                let stream = kind == nil ? streams[g.below(streams.count)] : kind == "registry" ? "registry" : "\(kind!)/X\(g.below(3))"
                state.evolve(LedgerRecord(seq: seq, id: "e\(seq)", stream: g.below(10) == 0 ? streams[g.below(streams.count)] : stream,
                                          version: 1, type: type, schema: g.below(3), at: g.below(5) == 0 ? "not a " +
                                              "time" : "2024-03-0\(1 + g.below(9))T10:00:00+08:00",
                                          recorded: "2026-01-01T00:00:00Z", actor: Actor(agency: "a\(g.below(3))",
                                              officer: "o"), payload: payload,
                                          prev: String(repeating: "0", count: 64)))
            }
        }
        XCTAssertEqual(state.count, seq)
        _ = Alerts.compute(state, asOf: ts("2030-01-01T00:00"))
        _ = state.deadlines
    }
}
