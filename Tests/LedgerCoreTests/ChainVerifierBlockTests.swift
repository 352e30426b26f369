import Foundation
import XCTest
@testable import LedgerCore

/// The parallel block checks (`accept(lines:)`, `accept(block:)`) against an independent
/// reference: each line decoded by the slow path, its canonical form re-encoded, and the
/// stream versions kept in a plain `[String: Int]`. Both must name the same first bad line,
/// with the same kind and message, wherever it falls among the workers' runs.
final class ChainVerifierBlockTests: XCTestCase {
    typealias Generator = SHA256ImplementationTests.Generator

    /// A log of `events` lines over many streams (ASCII, Chinese, and two names that Swift
    /// holds equal: `case/K` and `case/` with the Kelvin sign), long enough to be cut in runs.
    static func sampleLog(events: Int) -> InMemoryLedger {
        let ledger = InMemoryLedger()
        var random = Generator(state: 0x424c_4f43)
        for i in 0..<events {
            let stream: String
            switch i % 10 {
            case 0: stream = "case/案件-\(i % 7)"
            case 1: stream = i % 20 == 1 ? "case/K" : "case/\u{212A}"
            case 2: stream = "registry"
            default: stream = "case/FLE-2024-\(Int.random(in: 0..<400, using: &random))"
            }
            let text = String(repeating: "说明", count: Int.random(in: 0...40, using: &random))
            ledger.append(EventDraft(stream: stream, type: "Noted", at: "2024-04-26T09:30:00+08:00",
                                     actor: Actor(agency: "amr", officer: "o\(i % 5)"),
                                     payload: ["n": .number(Double(i)), "text": .string(text), "ratio": .number(Double(i) / 8)]),
                          recorded: "2024-04-26T01:30:0\(i % 10)Z")
        }
        return ledger
    }

    /// The reference verifier's state before a line: the line's offset, count, head and versions.
    struct State {
        var start = 0
        var count = 0
        var head = SHA256.Digest.zero
        var versions: [String: Int] = [:]
    }

    /// What the reference verifier says of `log`: the first defect, or the count, head and versions.
    ///
    /// - Parameters:
    ///   - state: where to start, when the lines before are known good (`states` of a log they share).
    ///   - states: if given, gets the state before each line.
    func reference(_ log: [UInt8], from state: State = State(), states: UnsafeMutablePointer<[State]>? = nil)
    -> Result<(Int, SHA256.Digest, [String: Int]), LogDefect> {
        var (start, count, head, versions) = (state.start, state.count, state.head, state.versions)
        for nl in Self.newlines(log, from: start) {
            states?.pointee.append(State(start: start, count: count, head: head, versions: versions))
            let number = count + 1
            let line = Array(log[start..<nl])
            do {
                if line.isEmpty { throw LogDefect(line: number, kind: .strayBytes, message: "the line is empty") }
                let record = try line.withUnsafeBytes { try ChainVerifier.decode($0, lineNumber: number) }
                guard record.canonicalBytes == line else {
                    throw LogDefect(line: number, kind: .notCanonical, message: "the line is not in RFC 8785 canonical form")
                }
                guard record.seq == count + 1 else {
                    throw LogDefect(line: number, kind: .sequenceGap, message: "seq is \(record.seq), expected \(count + 1)")
                }
                guard record.prev == head.hex else {
                    throw LogDefect(line: number, kind: .brokenChain, message: "prev is \(record.prev), but the previous line's hash is \(head.hex)")
                }
                let expected = (versions[record.stream] ?? 0) + 1
                guard record.version == expected else {
                    throw LogDefect(line: number, kind: .versionGap,
                                    message: "version is \(record.version) in stream \(record.stream), expected \(expected)")
                }
                versions[record.stream] = expected
            } catch let defect as LogDefect {
                return .failure(defect)
            } catch {
                XCTFail("unexpected \(error)")
            }
            count += 1
            head = SHA256.hash(line)
            start = nl + 1
        }
        return .success((count, head, versions))
    }

    /// What `accept(lines:)` says, fed in blocks of at most `blockSize` bytes cut at newlines.
    func blocks(_ log: [UInt8], blockSize: Int) -> Result<ChainVerifier, LogDefect> {
        var verifier = ChainVerifier()
        var start = 0
        var number = 1
        do {
            // Bytes after the last newline are not lines (LogVerification reports them).
            let complete = (log.lastIndex(of: 0x0a) ?? -1) + 1
            try log.withUnsafeBytes { raw in
                while start < complete {
                    var end = min(start + blockSize, complete)
                    while end > start, raw[end - 1] != 0x0a { end -= 1 }
                    if end == start { end = raw[start...].firstIndex(of: 0x0a)! + 1 }
                    number += try verifier.accept(lines: UnsafeRawBufferPointer(rebasing: raw[start..<end]), firstLineNumber: number)
                    start = end
                }
            }
        } catch let defect as LogDefect {
            return .failure(defect)
        } catch {
            XCTFail("unexpected \(error)")
        }
        return .success(verifier)
    }

    /// The offsets of the newlines in `log` from `start` (quickly: the tests run unoptimized).
    static func newlines(_ log: [UInt8], from start: Int = 0) -> [Int] {
        log.withUnsafeBytes { raw in
            var out: [Int] = []
            var p = start
            while p < raw.count, let nl = memchr(raw.baseAddress! + p, 0x0a, raw.count - p) {
                let offset = raw.baseAddress!.distance(to: UnsafeRawPointer(nl))
                out.append(offset)
                p = offset + 1
            }
            return out
        }
    }

    /// What `accept(_:lineNumber:)` says, line by line (the slow path, with `String` stream names).
    func oneByOne(_ log: [UInt8]) -> Result<ChainVerifier, LogDefect> {
        var verifier = ChainVerifier()
        do {
            try log.withUnsafeBytes { raw in
                var start = 0
                for (i, nl) in Self.newlines(log).enumerated() {
                    let line = UnsafeRawBufferPointer(rebasing: raw[start..<nl])
                    if line.isEmpty { throw LogDefect(line: i + 1, kind: .strayBytes, message: "the line is empty") }
                    try verifier.accept(line, lineNumber: i + 1)
                    start = nl + 1
                }
            }
        } catch let defect as LogDefect {
            return .failure(defect)
        } catch {
            XCTFail("unexpected \(error)")
        }
        return .success(verifier)
    }

    /// What `accept(block:)` says, given every line at once.
    func lineArray(_ log: [UInt8]) -> Result<ChainVerifier, LogDefect> {
        var verifier = ChainVerifier()
        do {
            try log.withUnsafeBytes { raw in
                var lines: [UnsafeRawBufferPointer] = []
                var start = 0
                for nl in Self.newlines(log) {
                    lines.append(UnsafeRawBufferPointer(rebasing: raw[start..<nl]))
                    start = nl + 1
                }
                try verifier.accept(block: lines, firstLineNumber: 1)
            }
        } catch let defect as LogDefect {
            return .failure(defect)
        } catch {
            XCTFail("unexpected \(error)")
        }
        return .success(verifier)
    }

    /// - Parameter lineByLine: also hold `accept(_:lineNumber:)` to the reference (slow: it decodes every line).
    func assertAgree(_ log: [UInt8], _ what: String, from state: State = State(), lineByLine: Bool = false,
                     file: StaticString = #filePath, line: UInt = #line) {
        let want = reference(log, from: state)
        var checks = [("blocks of 1 MiB", blocks(log, blockSize: 1 << 20)), ("blocks of 100 kB", blocks(log, blockSize: 100_000)),
                      ("one line array", lineArray(log))]
        if lineByLine { checks.append(("line by line", oneByOne(log))) }
        for (name, got) in checks {
            switch (want, got) {
            case (.success(let (count, head, versions)), .success(let verifier)):
                XCTAssertEqual(verifier.count, count, "\(what), \(name)", file: file, line: line)
                XCTAssertEqual(verifier.head, head, "\(what), \(name)", file: file, line: line)
                XCTAssertEqual(verifier.streamCount, versions.count, "\(what), \(name)", file: file, line: line)
                XCTAssertEqual(verifier.versions, versions, "\(what), \(name)", file: file, line: line)
            case (.failure(let a), .failure(let b)):
                XCTAssertEqual(b, a, "\(what), \(name)", file: file, line: line)
            default:
                XCTFail("\(what), \(name): reference \(want), block check \(got)", file: file, line: line)
            }
        }
    }

    func testAGoodLogAgrees() {
        let ledger = Self.sampleLog(events: 3000)
        let log = ledger.logBytes
        XCTAssertGreaterThan(log.count, 1 << 20, "long enough for several blocks, each cut in runs")
        assertAgree(log, "the good log", lineByLine: true)
        guard case .success(let verifier) = blocks(log, blockSize: 1 << 20) else { return XCTFail("refused") }
        XCTAssertEqual(verifier.head, ledger.head)
        // case/K and case/<Kelvin sign> are one stream, as Swift strings are equal.
        XCTAssertEqual(verifier.versions["case/K"], ledger.version(ofStream: "case/K"))
        XCTAssertEqual(verifier.versions["case/\u{212A}"], ledger.version(ofStream: "case/K"))
    }

    /// `check(_:firstLine:)`, given lines' links in batches (their streams looked up before
    /// they are checked), says what checking them one by one says: the same first failure
    /// (a version gap, a `seq` gap, a broken chain), and the same versions, where a stream
    /// first appears in the batch that checks it, and where two names Swift holds equal
    /// (`case/K`, and `case/` with the Kelvin sign) are one stream.
    func testLinksInBatchesAgreeWithLineByLine() throws {
        let log = Self.sampleLog(events: 1200).logBytes
        let links = try Self.newlines(log, from: 0).reduce(into: (links: [ChainVerifier.Link](), start: 0)) { out, nl in
            let line = Array(log[out.start..<nl])
            let record = try line.withUnsafeBytes { try ChainVerifier.decode($0, lineNumber: out.links.count + 1) }
            out.links.append(ChainVerifier.Link(seq: record.seq, stream: record.stream, version: record.version,
                                                prev: SHA256.Digest(hex: record.prev)!, hash: line.withUnsafeBytes { SHA256.hash($0) }))
            out.start = nl + 1
        }.links
        XCTAssertNil(links.first { $0.stream.utf8.elementsEqual("case/\u{212A}".utf8) }?.streamHash, "the Kelvin sign is not ASCII")
        XCTAssertNotNil(links.first { $0.stream.utf8.elementsEqual("case/K".utf8) }?.streamHash)

        func oneByOne(_ links: [ChainVerifier.Link]) -> (failure: (Int, String)?, verifier: ChainVerifier) {
            var verifier = ChainVerifier()
            for (i, l) in links.enumerated() {
                do {
                    try verifier.check(seq: l.seq, stream: l.stream, version: l.version, prev: l.prev, hash: l.hash, lineNumber: i + 1)
                } catch {
                    return ((i, "\(error)"), verifier)
                }
            }
            return (nil, verifier)
        }
        func inBatches(_ links: [ChainVerifier.Link], of size: Int) -> (failure: (Int, String)?, verifier: ChainVerifier) {
            var verifier = ChainVerifier()
            var start = 0
            while start < links.count {
                let end = min(start + size, links.count)
                let failure = links[start..<end].withUnsafeBufferPointer { verifier.check($0, firstLine: start + 1) }
                if let failure { return ((start + failure.index, "\(failure.defect)"), verifier) }
                start = end
            }
            return (nil, verifier)
        }
        func changed(_ l: ChainVerifier.Link, version: Int? = nil, prev: SHA256.Digest? = nil) -> ChainVerifier.Link {
            ChainVerifier.Link(seq: l.seq, stream: l.stream, version: version ?? l.version, prev: prev ?? l.prev, hash: l.hash)
        }
        var gap = links
        gap[700] = changed(gap[700], version: gap[700].version + 1)
        var swapped = links
        swapped.swapAt(300, 301)
        var broken = links
        broken[900] = changed(broken[900], prev: broken[899].prev)
        for (what, changed) in [("the log", links), ("a version gap", gap), ("two lines swapped", swapped), ("a broken chain", broken)] {
            let expected = oneByOne(changed)
            for size in [1, 7, 300, 5000] {
                let got = inBatches(changed, of: size)
                XCTAssertEqual(got.failure?.0, expected.failure?.0, "\(what), batches of \(size)")
                XCTAssertEqual(got.failure?.1, expected.failure?.1, "\(what), batches of \(size)")
                XCTAssertEqual(got.verifier.count, expected.verifier.count, "\(what), batches of \(size)")
                XCTAssertEqual(got.verifier.head, expected.verifier.head, "\(what), batches of \(size)")
                XCTAssertEqual(got.verifier.versions, expected.verifier.versions, "\(what), batches of \(size)")
            }
            if what == "the log" { XCTAssertNil(expected.failure) } else { XCTAssertNotNil(expected.failure, what) }
        }
    }

    /// Single-byte changes and dropped, doubled or swapped lines, at random places and
    /// around the places where a block is cut among the workers.
    func testTamperedLogsAgree() {
        let log = Self.sampleLog(events: 700).logBytes
        var random = Generator(state: 0x5441_4d50)
        // The reference resumes at the first line a change touches.
        var states: [State] = []
        _ = reference(log, states: &states)
        let lineStarts = states.map(\.start)
        func before(_ p: Int) -> State { states[lineStarts.lastIndex { $0 <= p }!] }
        var positions = (0..<30).map { _ in Int.random(in: 0..<log.count, using: &random) }
        for cut in Self.cuts(log, blockSize: 100_000) + Self.cuts(log, blockSize: 1 << 20) {
            positions += [cut - 300, cut - 1, cut, cut + 40].filter { log.indices.contains($0) }
        }
        for (k, p) in positions.enumerated() {
            var changed = log
            changed[p] = [changed[p] ^ 0x01, 0x0a, 0x30, 0x22, 0x5c].randomElement(using: &random)!
            assertAgree(changed, "byte \(p) changed", from: before(p == 0 ? 0 : p - 1), lineByLine: k < 8)
        }
        for _ in 0..<8 {
            let k = Int.random(in: 1..<(lineStarts.count - 1), using: &random)
            let (a, b, c) = (lineStarts[k - 1], lineStarts[k], lineStarts[k + 1])
            assertAgree(Array(log[..<a] + log[b...]), "line \(k) dropped", from: states[k - 1])
            assertAgree(Array(log[..<b] + log[a..<b] + log[b...]), "line \(k) doubled", from: states[k])
            assertAgree(Array(log[..<a] + log[b..<c] + log[a..<b] + log[c...]), "lines \(k) and \(k + 1) swapped", from: states[k - 1])
        }
        assertAgree(Array(log[..<lineStarts[400]] + [0x0a] + log[lineStarts[400]...]), "an empty line", from: states[400])
    }

    /// Where `blocks(_:blockSize:)` cuts the log: between blocks, and between the runs of
    /// two workers within a block (as `accept(lines:)` cuts them).
    static func cuts(_ log: [UInt8], blockSize: Int) -> [Int] {
        var cuts: [Int] = []
        var start = 0
        while start < log.count {
            var end = min(start + blockSize, log.count)
            while end > start, log[end - 1] != 0x0a { end -= 1 }
            if end == start { end = log[start...].firstIndex(of: 0x0a)! + 1 }
            if end - start >= 1 << 16 {
                let middle = start + (end - start) / 2
                cuts.append(log[(middle - 1)...].firstIndex(of: 0x0a)! + 1)
            }
            cuts.append(end)
            start = end
        }
        return cuts
    }

    /// A verifier copied mid-log goes on independently of the original (the reused
    /// buffers are never shared between copies).
    func testCopiesAreIndependent() throws {
        let log = Self.sampleLog(events: 600).logBytes
        let half = log[..<(log.count / 2)].lastIndex(of: 0x0a)! + 1
        var first = ChainVerifier()
        let n = try log[..<half].withUnsafeBytes { try first.accept(lines: $0, firstLineNumber: 1) }
        var second = first
        let rest = Array(log[half...])
        try rest.withUnsafeBytes { _ = try second.accept(lines: $0, firstLineNumber: n + 1) }
        XCTAssertEqual(first.count, n)
        XCTAssertEqual(second.count, 600)
        var changed = rest
        changed[10] ^= 0x01
        XCTAssertThrowsError(try changed.withUnsafeBytes { _ = try first.accept(lines: $0, firstLineNumber: n + 1) })
        XCTAssertEqual(first.count, n)
    }
}
