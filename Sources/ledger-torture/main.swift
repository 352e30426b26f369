// ledger-torture: a test-support executable for LedgerStore's process-level tests
// (crashes, concurrency, full disks, locks) and for measuring append throughput.
// It is not a product: users never see it, and it is not installed with `ipledger`.
//
//   ledger-torture write --ledger DIR --writer NAME [--from N] [--count N] [--batch-every K]
//                        [--batch-size B] [--shared-every S] [--expect] [--pad BYTES]
//                        [--lock-timeout S]
//       Appends events `NAME-<n>` for n = from, from+1, ... (count 0: forever). Step n is a
//       batch of B events when K > 0 and n % K == 0, else one event, to the shared stream
//       `shared/all` when S > 0 and n % S == 0, else to `own/NAME`. With --expect each
//       single append carries the stream version last seen. After each append returns,
//       and only then, one line per event goes to stdout, written whole and unbuffered:
//         ack <id> <seq> <stream> <version> <expected|->    a new event
//         dup <id> <seq> <stream> <version>                 an idempotent retry: the stored event
//         conflict <id> <stream> <expected> <actual> <committed>   refused; retried with actual
//       Other failures: one sentence on stderr, exit 4 (1 for a refusal).
//   ledger-torture hold --ledger DIR --seconds S
//       Takes the ledger's lock, prints `locked`, and holds it (a hung writer).
//   ledger-torture bench --ledger DIR [--singles N] [--batch N] [--pad BYTES]
//   ledger-torture fsync-bench --dir DIR [--count N] [--size BYTES]
//       Appends per second: single durable appends, one batch, and a bare write+fsync loop.

import Foundation
import LedgerCore
import LedgerStore

signal(SIGXFSZ, SIG_IGN)  // a file size limit makes write fail with EFBIG instead of killing us
signal(SIGPIPE, SIG_IGN)

func emit(_ text: String, to fd: Int32 = 1) {
    var bytes = Array((text + "\n").utf8)
    var done = 0
    while done < bytes.count {
        let n = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
        if n < 0 { if errno == EINTR { continue }; exit(5) }
        done += n
    }
    bytes.removeAll()
}

func fail(_ message: String, code: Int32 = 2) -> Never {
    emit("ledger-torture: \(message)", to: 2)
    exit(code)
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard !arguments.isEmpty else { fail("usage: ledger-torture write|hold|bench|fsync-bench --ledger DIR ...") }
let mode = arguments.removeFirst()
var options: [String: String] = [:]
var flags: Set<String> = []
while !arguments.isEmpty {
    let name = arguments.removeFirst()
    guard name.hasPrefix("--") else { fail("unexpected argument \(name)") }
    if name == "--expect" { flags.insert(name); continue }
    guard !arguments.isEmpty else { fail("\(name) needs a value") }
    options[name] = arguments.removeFirst()
}
func string(_ name: String) -> String {
    guard let v = options[name] else { fail("\(name) is required") }
    return v
}
func int(_ name: String, _ fallback: Int) -> Int {
    guard let v = options[name] else { return fallback }
    guard let n = Int(v) else { fail("\(name) must be an integer") }
    return n
}
func double(_ name: String, _ fallback: Double) -> Double {
    guard let v = options[name] else { return fallback }
    guard let n = Double(v) else { fail("\(name) must be a number") }
    return n
}

/// The draft for step `n` of writer `writer`: its content depends on n only, so a
/// restarted writer retrying n sends the very same act.
func draft(writer: String, n: Int, stream: String, pad: Int) -> EventDraft {
    EventDraft(id: "\(writer)-\(n)", stream: stream, type: "Tick", schema: 1,
               at: "2024-05-01T10:00:00+08:00", actor: Actor(agency: "TEST", officer: writer),
               payload: ["n": .number(Double(n)), "writer": .string(writer),
                         "pad": .string(String(repeating: "x", count: pad))])
}

func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

switch mode {
case "write":
    let ledger: FileLedger
    do { ledger = try FileLedger(directory: string("--ledger")) } catch { fail("\(error)", code: 4) }
    let writer = string("--writer")
    let from = int("--from", 1)
    let count = int("--count", 0)
    let batchEvery = int("--batch-every", 0)
    let batchSize = int("--batch-size", 10)
    let sharedEvery = int("--shared-every", 0)
    let pad = int("--pad", 16)
    let lockTimeout = double("--lock-timeout", 30)
    let expect = flags.contains("--expect")
    let ownStream = "own/\(writer)"
    var known: [String: Int] = [:]
    var n = from
    while count == 0 || n < from + count {
        let isBatch = batchEvery > 0 && n % batchEvery == 0
        let stream = sharedEvery > 0 && n % sharedEvery == 0 && !isBatch ? "shared/all" : ownStream
        let size = count == 0 ? batchSize : min(batchSize, from + count - n)
        let drafts = isBatch ? (n..<n + size).map { draft(writer: writer, n: $0, stream: stream, pad: pad) }
                             : [draft(writer: writer, n: n, stream: stream, pad: pad)]
        let expected = expect && !isBatch ? (known[stream] ?? 0) : nil
        var committed = 0
        do {
            let outcomes = try ledger.append(lockTimeout: lockTimeout, warn: { emit("warning: \($0)", to: 2) }) { t in
                committed = t.committedCount
                for d in drafts { try t.stage(d, expectedVersion: expected) }
            }
            if isBatch && Set(outcomes.map(\.isNew)).count > 1 { fail("a batch came back partly new, partly stored", code: 6) }
            // A batch is acknowledged as a whole: its lines go out in one write, so a kill
            // cannot leave half of them printed (and the next run retry a different batch).
            var lines: [String] = []
            for outcome in outcomes {
                let r = outcome.record
                if outcome.isNew {
                    lines.append("ack \(r.id) \(r.seq) \(r.stream) \(r.version) \(expected.map(String.init) ?? "-")")
                    known[r.stream] = r.version
                } else {
                    lines.append("dup \(r.id) \(r.seq) \(r.stream) \(r.version)")
                }
            }
            emit(lines.joined(separator: "\n"))
            n += drafts.count
        } catch StoreError.versionConflict(let s, let e, let actual) {
            emit("conflict \(drafts[0].id!) \(s) \(e) \(actual) \(committed)")
            known[s] = actual  // read again, retry the same act
        } catch let error as StoreError {
            switch error {
            case .idConflict: fail("\(error)", code: 1)
            default: fail("\(error)", code: 4)
            }
        } catch {
            fail("\(error)", code: 4)
        }
    }

case "hold":
    do {
        let ledger = try FileLedger(directory: string("--ledger"))
        let hold = double("--seconds", 30)
        try ledger.append(lockTimeout: 5) { _ in
            emit("locked")
            usleep(useconds_t(hold * 1_000_000))
        }
    } catch { fail("\(error)", code: 4) }

case "bench":
    let dir = string("--ledger")
    let singles = int("--singles", 1000)
    let batch = int("--batch", 10_000)
    let pad = int("--pad", 100)
    do {
        let ledger = try FileLedger(directory: dir)
        var start = DispatchTime.now().uptimeNanoseconds
        for i in 1...singles {
            try ledger.append(draft(writer: "bench", n: i, stream: "bench/single-\(i % 50)", pad: pad))
        }
        var t = seconds(since: start)
        emit(String(format: "single appends (one FileLedger): %d in %.3f s = %.0f appends/s, %.3f ms each",
                    singles, t, Double(singles) / t, t * 1000 / Double(singles)))

        start = DispatchTime.now().uptimeNanoseconds
        let reopen = max(1, singles / 5)
        for i in 1...reopen {
            try FileLedger(directory: dir).append(draft(writer: "reopen", n: i, stream: "bench/reopen", pad: pad))
        }
        t = seconds(since: start)
        emit(String(format: "single appends (a new FileLedger each, as a CLI process would): %d in %.3f s = %.0f appends/s",
                    reopen, t, Double(reopen) / t))

        let drafts = (1...batch).map { draft(writer: "batch", n: $0, stream: "bench/batch-\($0 % 100)", pad: pad) }
        start = DispatchTime.now().uptimeNanoseconds
        try ledger.append(batch: drafts)
        t = seconds(since: start)
        emit(String(format: "one batch of %d: %.3f s = %.0f events/s", batch, t, Double(batch) / t))
        emit("log: \(try ledger.count()) events, \(try ledger.logSize()) bytes")
    } catch { fail("\(error)", code: 4) }

case "fsync-bench":
    let path = (string("--dir") as NSString).appendingPathComponent("fsync-bench.bin")
    let count = int("--count", 1000)
    let size = int("--size", 400)
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o644)
    guard fd >= 0 else { fail("cannot open \(path)", code: 4) }
    let line = [UInt8](repeating: 0x61, count: size - 1) + [0x0a]
    // With --side-writes, each iteration also writes 32 and 256 bytes (not synced) to two
    // other files, as an append does to keep its index: the fsync then commits their metadata too.
    let side = int("--side-writes", 0) != 0
    let sideA = open(path + ".a", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let sideB = open(path + ".b", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let start = DispatchTime.now().uptimeNanoseconds
    for i in 0..<count {
        guard line.withUnsafeBytes({ write(fd, $0.baseAddress!, $0.count) }) == size, fsync(fd) == 0 else {
            fail("write or fsync failed: \(String(cString: strerror(errno)))", code: 4)
        }
        if side {
            _ = line.withUnsafeBytes { pwrite(sideA, $0.baseAddress!, 32, off_t(i * 32)) }
            _ = line.withUnsafeBytes { pwrite(sideB, $0.baseAddress!, 256, 0) }
        }
    }
    let t = seconds(since: start)
    close(fd)
    close(sideA)
    close(sideB)
    unlink(path)
    unlink(path + ".a")
    unlink(path + ".b")
    emit(String(format: "bare write+fsync of %d-byte lines%@: %d in %.3f s = %.0f/s, %.3f ms each",
                size, side ? " with two side writes" : "", count, t, Double(count) / t, t * 1000 / Double(count)))

default:
    fail("unknown mode \(mode): write, hold, bench or fsync-bench")
}
