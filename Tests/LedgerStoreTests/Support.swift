import Foundation
import XCTest
import LedgerCore
@testable import LedgerStore
import LedgerTestSupport

/// A test case with a fresh temporary directory, removed afterwards.
class StoreTestCase: XCTestCase {
    /// The temporary directory of this test (world-readable, so another user can be tried on it).
    var scratch = ""

    override func setUpWithError() throws {
        var template = Array("/tmp/ipledger-store-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw StoreError.io(operation: "create", path: "/tmp/ipledger-store-XXXXXX", reason: String(cString: strerror(errno)))
        }
        scratch = String(cString: made)
        chmod(scratch, 0o755)
    }

    override func tearDownWithError() throws {
        if !scratch.isEmpty { try? FileManager.default.removeItem(atPath: scratch) }
    }

    func path(_ relative: String) -> String { (scratch as NSString).appendingPathComponent(relative) }

    /// A new, empty ledger in the scratch directory.
    func makeLedger(_ name: String = "ledger") throws -> FileLedger {
        try FileLedger.create(directory: path(name))
    }

    func bytes(_ file: String) -> [UInt8] {
        FileManager.default.contents(atPath: file).map { Array($0) } ?? []
    }

    func write(_ bytes: [UInt8], to file: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: file))
    }

    func append(_ bytes: [UInt8], to file: String) throws {
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: file))
        handle.seekToEndOfFile()
        handle.write(Data(bytes))
        handle.closeFile()
    }

    func exists(_ file: String) -> Bool { FileManager.default.fileExists(atPath: file) }

    /// The log's lines, without their `\n` (a trailing partial line is left out).
    func lines(of ledger: FileLedger) -> [[UInt8]] {
        var all = bytes(ledger.eventsPath)
        if let last = all.lastIndex(of: 0x0a) { all.removeSubrange((last + 1)...) } else { return [] }
        return all.split(separator: 0x0a, omittingEmptySubsequences: false).dropLast().map(Array.init)
    }

    func records(of ledger: FileLedger) throws -> [LedgerRecord] {
        try lines(of: ledger).enumerated().map { i, line in
            try line.withUnsafeBytes { try ChainVerifier.decode($0, lineNumber: i + 1) }
        }
    }
}

/// Events for tests: arbitrary stream and type names (the store is format-level).
enum Drafts {
    static let actor = Actor(agency: "TEST-AGENCY", officer: "officer-7")

    static func draft(_ n: Int, stream: String = "case/A", id: String? = nil, type: String = "Tick",
                      payload extra: [String: JSONValue] = [:]) -> EventDraft {
        var payload: [String: JSONValue] = ["n": .number(Double(n)), "note": .string("事件 \(n) \"quoted\" \\ tab\t")]
        for (k, v) in extra { payload[k] = v }
        return EventDraft(id: id, stream: stream, type: type, schema: 1, at: "2024-03-0\(n % 9 + 1)T09:30:00+08:00",
                          actor: actor, payload: payload)
    }

    /// A clock that starts at `start` (seconds since 1970) and moves `step` seconds per call.
    static func clock(start: Int64 = 1_714_000_000, step: Int64 = 1) -> () -> Timestamp {
        var t = start
        return {
            defer { t += step }
            return Timestamp(seconds: t)
        }
    }
}

/// The `ledger-torture` test-support executable, built beside the test bundle.
enum Torture {
    /// Where SwiftPM put the executable: the directory of the `.xctest` bundle (as
    /// swift-argument-parser's tests find their executables), else the build directory
    /// of this checkout.
    static let executable: String? = {
        var candidates: [URL] = []
        for bundle in [Bundle.main] + Bundle.allBundles {
            let url = bundle.bundleURL
            candidates.append(url.pathExtension == "xctest" ? url.deletingLastPathComponent() : url)
            if let exe = bundle.executableURL { candidates.append(exe.deletingLastPathComponent()) }
        }
        let root = Paths.projectRoot
        for scratch in [".build-store", ".build"] {
            for config in ["debug", "release"] {
                candidates.append(root.appendingPathComponent(scratch).appendingPathComponent(config))
            }
        }
        for dir in candidates {
            let path = dir.appendingPathComponent("ledger-torture").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }()

    static func path(file: StaticString = #filePath, line: UInt = #line) throws -> String {
        guard let path = executable else {
            XCTFail("ledger-torture was not built beside the tests (swift build builds it)", file: file, line: line)
            throw StoreError.notALedger(path: "ledger-torture")
        }
        return path
    }

    /// A started process whose standard output and error go to files.
    final class Running {
        let process = Process()
        let stdoutPath: String
        let stderrPath: String

        init(executable: String, arguments: [String], outputPrefix: String) throws {
            stdoutPath = outputPrefix + ".out"
            stderrPath = outputPrefix + ".err"
            _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
            _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
            process.standardError = FileHandle(forWritingAtPath: stderrPath)
            try process.run()
        }

        var pid: Int32 { process.processIdentifier }

        func kill(_ signal: Int32 = SIGKILL) { _ = Glibc.kill(pid, signal) }

        /// Waits at most `timeout` seconds; kills the process and returns `nil` if it is still running.
        @discardableResult
        func wait(timeout: Double) -> Int32? {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline { usleep(2_000) }
            if process.isRunning {
                kill()
                process.waitUntilExit()
                return nil
            }
            process.waitUntilExit()
            return process.terminationStatus
        }

        var stdout: String { String(decoding: FileManager.default.contents(atPath: stdoutPath) ?? Data(), as: UTF8.self) }
        var stderr: String { String(decoding: FileManager.default.contents(atPath: stderrPath) ?? Data(), as: UTF8.self) }

        /// The complete lines written to standard output so far.
        var outputLines: [String] {
            var text = stdout
            if let last = text.lastIndex(of: "\n") { text = String(text[..<last]) } else { return [] }
            return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
    }

    static func start(_ arguments: [String], output: String, via launcher: [String] = []) throws -> Running {
        let exe = try path()
        if launcher.isEmpty { return try Running(executable: exe, arguments: arguments, outputPrefix: output) }
        return try Running(executable: launcher[0], arguments: Array(launcher.dropFirst()) + [exe] + arguments, outputPrefix: output)
    }
}

/// One line of `ledger-torture write` output.
struct Ack: Equatable {
    var kind: String      // ack, dup, conflict
    var id: String
    var seq = 0
    var stream = ""
    var version = 0
    var expected: Int?
    var actual = 0
    var committed = 0

    init?(_ line: String) {
        let f = line.split(separator: " ").map(String.init)
        guard let kind = f.first else { return nil }
        self.kind = kind
        switch kind {
        case "ack" where f.count == 6:
            id = f[1]; seq = Int(f[2]) ?? -1; stream = f[3]; version = Int(f[4]) ?? -1; expected = Int(f[5])
        case "dup" where f.count == 5:
            id = f[1]; seq = Int(f[2]) ?? -1; stream = f[3]; version = Int(f[4]) ?? -1
        case "conflict" where f.count == 6:
            id = f[1]; stream = f[2]; expected = Int(f[3]); actual = Int(f[4]) ?? -1; committed = Int(f[5]) ?? -1
        default:
            return nil
        }
    }
}

/// A value handed between threads.
final class Box<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value?

    func set(_ newValue: Value) { lock.lock(); value = newValue; lock.unlock() }
    func get() -> Value? { lock.lock(); defer { lock.unlock() }; return value }
}
