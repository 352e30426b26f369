import Foundation
import LedgerCore
import XCTest

/// Ledgers, bit flips and the Python checkers, for the proof and bundle command tests.
enum ProofFixtures {
    /// The harness's clock, as a checkpoint records it.
    static let now = "2026-05-28T20:26:40Z"

    /// A temporary ledger directory holding `lines`.
    static func ledger(_ lines: [[UInt8]], _ test: XCTestCase) throws -> String {
        let dir = try CLIHarness.temporaryDirectory(test)
        try CLIHarness.writeLedger(lines, in: dir)
        return dir
    }

    /// Appends `lines` to the ledger's log by hand.
    static func append(_ lines: ArraySlice<[UInt8]>, to dir: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dir + "/events.jsonl"))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(lines.flatMap { $0 + [0x0a] }))
    }

    /// The checkpoint of the first `size` of `lines`, as the harness's clock takes it.
    static func checkpoint(_ lines: [[UInt8]], size: Int) -> Checkpoint {
        Checkpoint(head: size == 0 ? .zero : SHA256.hash(lines[size - 1]), recorded: now,
                   root: MerkleTree.root(ofLeaves: lines.prefix(size)), size: size)
    }

    static func json(_ checkpoint: Checkpoint) -> String { CanonicalJSON.string(checkpoint.json) }

    /// A small ledger of two cases, the supervisions and a mediation that refer to them,
    /// and streams that do not (registry, a publication about the other case).
    ///
    /// case/FLE-1: 2, 5, 10. supervision/S-1 (refers to FLE-1 in 4): 4, 6. mediation/M-1
    /// (refers to both cases in 8, by cases[]): 7, 8. Everything else is about FLE-2 or nothing.
    static func caseLines() -> [[UInt8]] {
        let ledger = InMemoryLedger()
        let amr = Actor(agency: "amr-fle", officer: "wang.li")
        let prosecutor = Actor(agency: "proc-fle", officer: "zhao.min")
        let mediator = Actor(agency: "ipcenter", officer: "chen.jing")
        let events: [(String, String, Actor, [String: JSONValue])] = [
            ("registry", "LedgerOpened", amr, ["name": "福州知识产权保护台账", "timezone": "+08:00"]),
            ("case/FLE-1", "CaseOpened", amr, ["ipType": "trademark", "summary": "假冒注册商标的白酒 120 箱"]),
            ("case/FLE-2", "CaseOpened", amr, ["ipType": "patent", "summary": "外观设计专利侵权"]),
            ("supervision/S-1", "SupervisionOpened", prosecutor, ["case": "case/FLE-1", "kind": "filing", "grounds": "涉嫌犯罪未移送"]),
            ("case/FLE-1", "EvidenceRecorded", amr, ["evidence": "E-1", "sha256": .string(String(repeating: "ab", count: 32))]),
            ("supervision/S-1", "ExplanationRequested", prosecutor, ["police": "psb-fle"]),
            ("mediation/M-1", "MediationApplied", mediator, ["claim": "赔偿", "amountFen": 1_250_000]),
            ("mediation/M-1", "MediationSettled", mediator, ["cases": ["case/FLE-1", "case/FLE-2"], "amountFen": 980_000]),
            ("supervision/S-2", "SupervisionOpened", prosecutor, ["case": "case/FLE-2", "kind": "civil", "grounds": "—"]),
            ("case/FLE-1", "CaseClosed", amr, ["outcome": "criminalFiled", "summary": "已移送公安"]),
            ("publication/P-1", "TypicalCasePublished", amr, ["cases": ["case/FLE-2"], "title": "典型案例"]),
            ("case/FLE-2", "CaseClosed", amr, ["outcome": "penalized", "summary": "罚款"]),
        ]
        for (i, (stream, type, actor, payload)) in events.enumerated() {
            ledger.append(EventDraft(stream: stream, type: type, at: "2024-05-\(10 + i)T10:00:00+08:00", actor: actor, payload: payload),
                          recorded: "2024-05-\(10 + i)T02:00:00Z")
        }
        return ledger.lines
    }

    /// Offsets of the bytes that are hex digits or decimal digits: `0`-`9` and `a`-`f`.
    static func hexOrDigitPositions(_ bytes: [UInt8]) -> [Int] {
        bytes.indices.filter { (0x30...0x39).contains(bytes[$0]) || (0x61...0x66).contains(bytes[$0]) }
    }

    /// Runs one of EventLog's Python checkers.
    static func python(_ script: String, _ arguments: [String]) throws -> CLIHarness.Result {
        let path = CLIHarness.projectRoot.appendingPathComponent("EventLog/\(script)").path
        return try CLIHarness.runProgram("/usr/bin/env", ["python3", path] + arguments)
    }

    static func write(_ bytes: [UInt8], _ path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func bytesOf(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func write(_ text: String, _ path: String) throws {
        try write(Array(text.utf8), path)
    }
}
