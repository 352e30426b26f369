import Foundation
import XCTest
import LedgerCore
@testable import LedgerStore

/// Any change to a log is found by `LogVerification.verify`, at the line that was changed.
///
/// A change that leaves the line a sound record (a letter inside a string) is found on
/// the next line, whose `prev` no longer matches; on the last line such a change can
/// only be found against a checkpoint, so there the test checks that the head changed.
final class TamperTests: StoreTestCase {
    var original: [UInt8] = []
    var lineStarts: [Int] = []
    var originalHead = SHA256.Digest.zero

    override func setUpWithError() throws {
        try super.setUpWithError()
        let ledger = try makeLedger()
        let payloads: [[String: JSONValue]] = [
            ["amountFen": 1_250_000, "title": "商标 «Ledger» 案"],
            ["ratio": 0.5, "flags": [true, false, nil], "nested": ["a": ["b": "c"]]],
            ["big": 1e21, "small": -0.000001, "emoji": "😀", "ctl": "\u{01}\n"],
            ["list": [1, 2, 3], "empty": [:]],
        ]
        for n in 1...8 {
            try ledger.append(Drafts.draft(n, stream: ["case/A", "case/B", "registry"][n % 3], id: n % 2 == 0 ? "id-\(n)" : nil,
                                           payload: payloads[n % payloads.count]),
                              now: Drafts.clock(start: 1_714_000_000 + Int64(n) * 61))
        }
        original = bytes(ledger.eventsPath)
        lineStarts = [0] + original.indices.filter { original[$0] == 0x0a }.map { $0 + 1 }.dropLast()
        originalHead = try LogVerification.verify(logAt: ledger.eventsPath).head
    }

    /// The 1-based line that byte `position` belongs to (its `\n` included).
    func line(of position: Int) -> Int { lineStarts.lastIndex { $0 <= position }! + 1 }

    func verify(_ log: [UInt8]) throws -> Result<LogVerification.Summary, LogDefect> {
        let file = path("tampered.jsonl")
        try write(log, to: file)
        do {
            return .success(try LogVerification.verify(logAt: file))
        } catch let defect as LogDefect {
            return .failure(defect)
        }
    }

    /// Whether `bytes` (one line, without `\n`) is a sound record on its own: JSON, a record, canonical.
    func isSoundRecord(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let record = try? Array(bytes).withUnsafeBytes({ try ChainVerifier.decode($0, lineNumber: 1) }) else { return false }
        return Array(bytes) == record.canonicalBytes
    }

    func testEverySingleByteChangeIsFoundAtItsLine() throws {
        let lastLine = lineStarts.count
        // Every byte of the last line (its newline included), every newline, and every
        // fourth byte elsewhere.
        let positions = original.indices.filter { p in
            line(of: p) == lastLine || original[p] == 0x0a || p % 4 == 0
        }
        var atLine = 0, atNextLine = 0, onlyByCheckpoint = 0
        for p in positions {
            let b = original[p]
            for replacement in Set([b ^ 0x01, 0x0a, b == 0x30 ? 0x31 : 0x30]) where replacement != b {
                var log = original
                log[p] = replacement
                let k = line(of: p)
                let what = "byte \(p) (line \(k)) from \(b) to \(replacement)"
                let end = k < lineStarts.count ? lineStarts[k] - 1 : original.count - 1
                let changedLine = log[lineStarts[k - 1]..<end]
                switch try verify(log) {
                case .failure(let defect) where defect.line == k:
                    atLine += 1
                case .failure(let defect) where defect.line == k + 1 && defect.kind == .brokenChain:
                    // The change left line k sound; the next line's prev gives it away.
                    XCTAssertTrue(isSoundRecord(changedLine), "\(what): reported on line \(k + 1) though line \(k) is unsound")
                    atNextLine += 1
                case .failure(let defect):
                    XCTFail("\(what): reported \(defect)")
                case .success(let summary):
                    XCTAssertEqual(k, lastLine, "\(what): not found")
                    XCTAssertTrue(isSoundRecord(changedLine), "\(what): an unsound last line passed")
                    XCTAssertNotEqual(summary.head, originalHead, "\(what): a checkpoint of the head would find it")
                    onlyByCheckpoint += 1
                }
            }
        }
        XCTAssertGreaterThan(atLine, 500)
        XCTAssertGreaterThan(atNextLine, 10)
        print("tamper: \(atLine) changes found at their line, \(atNextLine) on the next line, \(onlyByCheckpoint) on the last line left to a checkpoint")
    }

    /// `rebuild`'s reader, which reads lines in place where it can, stops at the same line
    /// with the same defect as `verify`, and hands on every line before it, in order.
    func testTheDecodingReaderStopsWhereVerifyStops() throws {
        let file = path("read.jsonl")
        var compared = 0
        for p in original.indices where p % 3 == 0 || original[p] == 0x0a {
            var log = original
            log[p] = original[p] == 0x30 ? 0x31 : original[p] ^ 0x01
            let verified = try verify(log)
            try write(log, to: file)
            var seen: [Int] = []
            // Small chunks, so that lines fall on chunk boundaries.
            let reader = VerifiedLogReader(path: file, jobs: 2, chunkSize: 300)
            let decoding = VerifiedLogReader.Decoding<Int>(line: { line, stream in line.seq * 10 + (stream.isEmpty ? 0 : 1) },
                                                           record: { $0.seq * 10 + 2 })
            let read: Result<LogVerification.Summary, LogDefect>
            do {
                read = .success(try reader.read(decoding: decoding) { item, line in
                    XCTAssertEqual(item / 10, line.seq)
                    seen.append(line.seq)
                })
            } catch let defect as LogDefect {
                read = .failure(defect)
            }
            switch (verified, read) {
            case (.success(let a), .success(let b)):
                XCTAssertEqual(a.head, b.head, "byte \(p)")
                XCTAssertEqual(seen, Array(1...lineStarts.count), "byte \(p)")
            case (.failure(let a), .failure(let b)):
                XCTAssertEqual(a, b, "byte \(p)")
                XCTAssertEqual(seen, Array(1..<a.line), "byte \(p)")
            default:
                XCTFail("byte \(p): verify gave \(verified), the decoding reader \(read)")
            }
            compared += 1
        }
        XCTAssertGreaterThan(compared, 500)
    }

    func testTheLastNewlineIsPartOfTheLog() throws {
        var log = original
        log[log.count - 1] = 0x20
        guard case .failure(let defect) = try verify(log) else { return XCTFail("a changed last newline passed") }
        XCTAssertEqual(defect.line, lineStarts.count)
        XCTAssertEqual(defect.kind, .unterminatedLine)

        guard case .failure(let cut) = try verify(Array(original.dropLast())) else { return XCTFail("a missing last newline passed") }
        XCTAssertEqual(cut.line, lineStarts.count)

        guard case .failure(let extra) = try verify(original + [0x0a]) else { return XCTFail("an empty last line passed") }
        XCTAssertEqual(extra.line, lineStarts.count + 1)
        XCTAssertEqual(extra.kind, .strayBytes)
    }

    func lines() -> [[UInt8]] {
        original.split(separator: 0x0a, omittingEmptySubsequences: false).dropLast().map(Array.init)
    }

    func join(_ lines: [[UInt8]]) -> [UInt8] { lines.flatMap { $0 + [0x0a] } }

    func testADeletedLineIsFoundWhereItWas() throws {
        let all = lines()
        for k in 1..<all.count {
            var changed = all
            changed.remove(at: k - 1)
            guard case .failure(let defect) = try verify(join(changed)) else { XCTFail("line \(k) deleted: not found"); continue }
            XCTAssertEqual(defect.line, k, "line \(k) deleted")
            XCTAssertEqual(defect.kind, .sequenceGap, "line \(k) deleted")
        }
        // Cutting the last line leaves a shorter, sound log: only a checkpoint of the size finds it.
        guard case .success(let summary) = try verify(join(Array(all.dropLast()))) else { return XCTFail() }
        XCTAssertEqual(summary.events, all.count - 1)
        XCTAssertNotEqual(summary.head, originalHead)
    }

    func testADuplicatedLineIsFoundAtTheCopy() throws {
        let all = lines()
        for k in 1...all.count {
            var changed = all
            changed.insert(all[k - 1], at: k)
            guard case .failure(let defect) = try verify(join(changed)) else { XCTFail("line \(k) duplicated: not found"); continue }
            XCTAssertEqual(defect.line, k + 1, "line \(k) duplicated")
            XCTAssertEqual(defect.kind, .sequenceGap, "line \(k) duplicated")
        }
    }

    func testSwappedLinesAreFoundAtTheFirst() throws {
        let all = lines()
        for k in 1..<all.count {
            var changed = all
            changed.swapAt(k - 1, k)
            guard case .failure(let defect) = try verify(join(changed)) else { XCTFail("lines \(k), \(k + 1) swapped: not found"); continue }
            XCTAssertEqual(defect.line, k, "lines \(k), \(k + 1) swapped")
        }
        // Swapping two lines that are far apart.
        var changed = all
        changed.swapAt(1, 6)
        guard case .failure(let defect) = try verify(join(changed)) else { return XCTFail("lines 2, 7 swapped: not found") }
        XCTAssertEqual(defect.line, 2)
    }

    func testARenumberedLineIsFoundByTheChain() throws {
        // Delete line 3 and renumber every later line's seq: the chain still breaks at line 3.
        var all = lines()
        all.remove(at: 2)
        for i in 2..<all.count {
            var record = try all[i].withUnsafeBytes { try ChainVerifier.decode($0, lineNumber: i + 1) }
            record.seq = i + 1
            all[i] = record.canonicalBytes
        }
        guard case .failure(let defect) = try verify(join(all)) else { return XCTFail("not found") }
        XCTAssertEqual(defect.line, 3)
        XCTAssertEqual(defect.kind, .brokenChain)
    }
}
