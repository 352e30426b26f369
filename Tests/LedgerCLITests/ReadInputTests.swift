import Foundation
import LedgerCLI
import XCTest

/// A file argument (a batch of acts, a proof, a bundle) is read whole, byte for byte, and
/// a file that cannot be read is named in a clear error.
final class ReadInputTests: XCTestCase {
    private func context(_ dir: String) -> CommandContext {
        CommandContext(environment: [:], standardOutput: .buffer(), standardError: .buffer(),
                       readStandardInput: { Array("from standard input".utf8) }, standardErrorIsTerminal: false,
                       workingDirectory: dir)
    }

    private func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }

    func testReadsEveryByteOfFilesOfAnySize() throws {
        let dir = try CLIHarness.temporaryDirectory(self)
        let context = context(dir)
        // Around the first read's size (64 KiB, or the file's size and one byte more).
        for count in [0, 1, 65_535, 65_536, 65_537, 1_000_003] {
            let expected = bytes(count, seed: UInt64(count) + 1)
            let name = "input-\(count).bin"
            try Data(expected).write(to: URL(fileURLWithPath: dir).appendingPathComponent(name))
            XCTAssertEqual(try context.readInput(name), expected, "a file of \(count) bytes, by a relative path")
            XCTAssertEqual(try context.readInput(dir + "/" + name), expected, "a file of \(count) bytes, by an absolute path")
        }
        XCTAssertEqual(try context.readInput("-"), Array("from standard input".utf8))
        XCTAssertEqual(try context.readInput(nil), Array("from standard input".utf8))
    }

    /// A pipe (`ipledger record <(…)`) has no size to go by: the reader grows until the end.
    func testReadsAPipeToItsEnd() throws {
        let dir = try CLIHarness.temporaryDirectory(self)
        let fifo = dir + "/acts.fifo"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let expected = bytes(300_001, seed: 7)
        let writer = Thread {
            let fd = open(fifo, O_WRONLY)
            guard fd >= 0 else { return }
            expected.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count {
                    // Small writes, so that the reader meets many short reads.
                    let n = write(fd, raw.baseAddress! + done, min(4_099, raw.count - done))
                    if n <= 0 { break }
                    done += n
                }
            }
            close(fd)
        }
        writer.start()
        XCTAssertEqual(try context(dir).readInput("acts.fifo"), expected)
    }

    func testNamesWhatCannotBeRead() throws {
        let dir = try CLIHarness.temporaryDirectory(self)
        let context = context(dir)
        try FileManager.default.createDirectory(atPath: dir + "/batch", withIntermediateDirectories: false)
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: dir + "/plain.jsonl"))
        let cases: [(String, String)] = [
            ("missing.jsonl", "no such file: missing.jsonl"),
            ("batch", "batch is a directory, not a file"),
            ("plain.jsonl/acts.jsonl", "no such file: plain.jsonl/acts.jsonl"),
        ]
        for (path, message) in cases {
            XCTAssertThrowsError(try context.readInput(path), path) { error in
                guard let error = error as? CLIError else { return XCTFail("\(path): \(error)") }
                XCTAssertEqual(error.message, message)
                XCTAssertEqual(error.code, .environment)
            }
        }
    }
}
