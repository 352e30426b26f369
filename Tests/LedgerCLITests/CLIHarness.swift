import Foundation
import LedgerCLI
import LedgerCore
import LedgerTestSupport
import XCTest

/// Runs `ipledger` in-process with captured output, and makes temporary ledgers.
enum CLIHarness {
    struct Result {
        var code: Int32
        var out: String
        var err: String
    }

    static let projectRoot = Paths.projectRoot

    static func run(_ arguments: [String], stdin: [UInt8] = [], environment: [String: String] = [:],
                    now: Date = Date(timeIntervalSince1970: 1_780_000_000)) -> Result {
        let out = TextSink.buffer()
        let err = TextSink.buffer()
        let context = CommandContext(environment: environment, standardOutput: out, standardError: err,
                                     readStandardInput: { stdin }, now: { now }, standardErrorIsTerminal: false,
                                     workingDirectory: projectRoot.path)
        let code = IPLedgerCLI.main(arguments, context: context)
        return Result(code: code, out: out.text, err: err.text)
    }

    /// A fresh temporary directory, removed when the test ends.
    static func temporaryDirectory(_ test: XCTestCase) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ipledger-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir.path
    }

    /// Writes a ledger directory holding `lines` (each without `\n`) as its log.
    static func writeLedger(_ lines: [[UInt8]], in dir: String, terminated: Bool = true) throws {
        var bytes: [UInt8] = []
        for (i, line) in lines.enumerated() {
            bytes += line
            if terminated || i < lines.count - 1 { bytes.append(0x0a) }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: dir).appendingPathComponent("events.jsonl"))
    }

    /// A format-level sample log: several streams, Chinese text, numbers.
    static func sampleLines(_ count: Int) -> [[UInt8]] {
        let ledger = InMemoryLedger()
        for i in 0..<count {
            ledger.append(EventDraft(stream: "case/FLE-2024-\(i % 4)", type: i % 2 == 0 ? "EvidenceRecorded" : "CaseNotified",
                                     at: "2024-04-26T09:\(10 + i % 50):00+08:00", actor: Actor(agency: "amr-fle", officer: "wang.li"),
                                     payload: ["note": .string("第\(i)号 证据 \u{1F4C4}"), "amountFen": .number(Double(i * 100)), "ok": .bool(i % 3 == 0)]),
                          recorded: "2024-04-26T01:\(10 + i % 50):00Z")
        }
        return ledger.lines
    }

    /// Runs a program and returns its exit code and output.
    static func runProgram(_ path: String, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(code: process.terminationStatus, out: String(decoding: outData, as: UTF8.self),
                      err: String(decoding: errData, as: UTF8.self))
    }
}
