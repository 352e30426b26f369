import Foundation
import XCTest
import LedgerCore
@testable import LedgerStore

/// `LogReader`'s block readers, with the reading of a block split among threads, against
/// the plain line reader; and `LogVerification` on a log of many blocks.
final class LogReaderTests: StoreTestCase {
    /// Lines of many lengths, one longer than the smallest block, and `tail` bytes without a newline.
    func sampleFile(tail: Int) throws -> (path: String, bytes: [UInt8]) {
        var bytes: [UInt8] = []
        var state: UInt64 = 0x4c4f_4752
        for i in 0..<4000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let length = i == 1234 ? 300_000 : Int(state >> 33) % 700
            bytes += (0..<length).map { UInt8(0x61 + ($0 + i) % 26) }
            bytes.append(0x0a)
        }
        bytes += [UInt8](repeating: 0x7a, count: tail)
        let file = path("log.jsonl")
        try write(bytes, to: file)
        return (file, bytes)
    }

    func testCountedBlocksSplitAmongReadersSeeEveryLine() throws {
        for tail in [0, 17] {
            let (file, _) = try sampleFile(tail: tail)
            var want: [[UInt8]] = []
            let wantEnd = try LogReader(path: file).forEachLine { line, _, _ in
                want.append(Array(line))
                return true
            }
            XCTAssertEqual(wantEnd.trailingBytes, tail)
            for blockSize in [100_000, 256 << 10, 4 << 20] {
                for readers in [1, 2, 3] {
                    var got: [[UInt8]] = []
                    var numbers: [Int] = []
                    let end = try LogReader(path: file, blockSize: blockSize).forEachCountedBlock(readers: readers) { block, first, offset in
                        numbers.append(first)
                        XCTAssertEqual(block.last, 0x0a)
                        let lines = block.split(separator: 0x0a, omittingEmptySubsequences: false).dropLast()
                        XCTAssertEqual(offset, want[..<(first - 1)].reduce(0) { $0 + $1.count + 1 }, "block offset")
                        got += lines.map { Array($0) }
                        return lines.count
                    }
                    XCTAssertEqual(got, want, "block size \(blockSize), \(readers) readers")
                    XCTAssertEqual(end, wantEnd, "block size \(blockSize), \(readers) readers")
                    XCTAssertEqual(numbers.first, 1)
                }
            }
        }
    }

    func testAShortFileEndsTheSplitReadEarly() throws {
        let (file, bytes) = try sampleFile(tail: 5)
        let posix = try POSIXFile(path: file, flags: O_RDONLY)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count + 500_000, alignment: 64)
        defer { buffer.deallocate() }
        for readers in [1, 2, 3, 7] {
            let n = try LogReader.read(posix, into: buffer.baseAddress!, count: buffer.count - 1000, at: 1000, readers: readers)
            XCTAssertEqual(n, bytes.count - 1000, "\(readers) readers")
            XCTAssertEqual(Array(buffer[..<n]), Array(bytes[1000...]), "\(readers) readers")
        }
    }

    /// A log of several blocks, each read by several threads and checked in runs, verifies;
    /// and a byte changed anywhere in it is named at its line.
    func testVerifyingALogOfManyBlocks() throws {
        let ledger = InMemoryLedger()
        for i in 0..<9000 {
            ledger.append(EventDraft(stream: "case/C-\(i % 97)", type: "Noted", at: "2024-04-26T09:30:00+08:00",
                                     actor: Actor(agency: "amr", officer: "o1"),
                                     payload: ["n": .number(Double(i)), "text": .string(String(repeating: "说明", count: i % 100))]),
                          recorded: "2024-04-26T01:30:00Z")
        }
        let log = ledger.logBytes
        XCTAssertGreaterThan(log.count, 4 << 20, "more than one block")
        let file = path("events.jsonl")
        try write(log, to: file)
        let summary = try LogVerification.verify(logAt: file)
        XCTAssertEqual(summary, LogVerification.Summary(events: 9000, streams: 97, head: ledger.head, bytes: log.count))
        let starts = [0] + log.indices.filter { log[$0] == 0x0a }.map { $0 + 1 }.dropLast()
        for line in [1, 4500, 7000, 8999] {
            var changed = log
            changed[starts[line - 1] + 3] ^= 0x01
            try write(changed, to: file)
            XCTAssertThrowsError(try LogVerification.verify(logAt: file)) { error in
                XCTAssertEqual((error as? LogDefect)?.line, line)
            }
        }
    }
}
