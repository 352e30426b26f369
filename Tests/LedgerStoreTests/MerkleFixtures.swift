import Foundation
import LedgerCore
import XCTest
@testable import LedgerStore

/// Logs for the Merkle store's tests, and RFC 9162's definitions written out naively.
enum MerkleFixtures {
    /// `count` lines of a format-level log: several streams, Chinese text, numbers.
    static func lines(_ count: Int) -> [[UInt8]] {
        let ledger = InMemoryLedger()
        for i in 0..<count { ledger.append(draft(i), recorded: "2024-04-26T01:\(10 + i % 50):00Z") }
        return ledger.lines
    }

    static func draft(_ i: Int) -> EventDraft {
        EventDraft(stream: "case/FLE-2024-\(i % 5)", type: i % 2 == 0 ? "EvidenceRecorded" : "CaseNotified",
                   at: "2024-04-26T09:\(10 + i % 50):00+08:00", actor: Actor(agency: "amr-fle", officer: "wang.li"),
                   payload: ["note": .string("第\(i)号 证据"), "amountFen": .number(Double(i * 100 + 99))])
    }

    /// Records `count` events through the store (which keeps its index on disk).
    static func record(_ count: Int, in ledger: FileLedger) throws {
        let start = try ledger.count()
        try ledger.append { transaction in
            for i in start..<(start + count) { try transaction.stage(draft(i)) }
        }
    }

    static func temporaryDirectory(_ test: XCTestCase) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ipledger-merkle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir.path
    }

    /// A log file of `lines`, and each line's byte offset.
    static func writeLog(_ lines: [[UInt8]], test: XCTestCase) throws -> (path: String, offsets: [Int]) {
        let dir = try temporaryDirectory(test)
        try append(lines[...], to: dir)
        var offsets: [Int] = []
        var offset = 0
        for line in lines {
            offsets.append(offset)
            offset += line.count + 1
        }
        return (dir + "/events.jsonl", offsets)
    }

    /// Appends lines to `events.jsonl` in `dir` by hand, as another program might.
    static func append(_ lines: ArraySlice<[UInt8]>, to dir: String) throws {
        let path = dir + "/events.jsonl"
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(lines.flatMap { $0 + [0x0a] }))
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

/// RFC 9162 section 2.1 as its recursive definitions say, sharing nothing with `MerkleTree`
/// but SHA-256: MTH, PATH and PROOF / SUBPROOF over leaves given as bytes.
final class NaiveMerkleTree {
    private let leafHashes: [SHA256.Digest]
    private var memo: [Int: SHA256.Digest] = [:]

    init(_ leaves: [[UInt8]]) { leafHashes = leaves.map { SHA256.hash([0x00] + $0) } }

    /// The largest power of two smaller than n.
    private func split(_ n: Int) -> Int {
        var k = 1
        while k * 2 < n { k *= 2 }
        return k
    }

    /// MTH(D[start:end]).
    func mth(_ start: Int, _ end: Int) -> SHA256.Digest {
        if end == start { return SHA256.hash([UInt8]()) }
        if end - start == 1 { return leafHashes[start] }
        if let hit = memo[start << 32 | end] { return hit }
        let k = split(end - start)
        let hash = SHA256.hash([0x01] + mth(start, start + k).bytes + mth(start + k, end).bytes)
        memo[start << 32 | end] = hash
        return hash
    }

    func root(_ n: Int) -> SHA256.Digest { mth(0, n) }

    /// PATH(m, D[n]).
    func path(_ m: Int, _ n: Int) -> [SHA256.Digest] { path(m, 0, n) }

    private func path(_ m: Int, _ start: Int, _ end: Int) -> [SHA256.Digest] {
        if end - start == 1 { return [] }
        let k = split(end - start)
        if m < k { return path(m, start, start + k) + [mth(start + k, end)] }
        return path(m - k, start + k, end) + [mth(start, start + k)]
    }

    /// PROOF(m, D[n]) = SUBPROOF(m, D[n], true).
    func proof(_ m: Int, _ n: Int) -> [SHA256.Digest] { subproof(m, 0, n, true) }

    private func subproof(_ m: Int, _ start: Int, _ end: Int, _ b: Bool) -> [SHA256.Digest] {
        if m == end - start { return b ? [] : [mth(start, end)] }
        let k = split(end - start)
        if m <= k { return subproof(m, start, start + k, b) + [mth(start + k, end)] }
        return subproof(m - k, start + k, end, false) + [mth(start, start + k)]
    }
}
