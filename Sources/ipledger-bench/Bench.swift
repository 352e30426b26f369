import Foundation
import IPProtection
import LedgerCLI
import LedgerCore
import LedgerScenarios
import LedgerStore

/// One row of the results table.
struct Row {
    var name: String
    var seconds: Double
    var peakBytes: Int?
    var events: Int?
    /// A rate other than events per second, e.g. appends per second.
    var note: String = ""
}

/// Runs every measurement on one generated ledger of `events` events.
struct Bench {
    let events: Int
    let work: String
    let ipledger: String
    let repeats: Int
    var rows: [Row] = []
    var log: (String) -> Void

    var directory: String { (work as NSString).appendingPathComponent("ledger-\(events)") }
    var eventsFile: String { (directory as NSString).appendingPathComponent("events.jsonl") }

    mutating func run() throws {
        try? FileManager.default.removeItem(atPath: directory)
        log("generating \(events) events in \(directory)")
        let generated = try Generate.ledger(events: events, in: directory)
        rows.append(Row(name: "record: batches of 10,000, in process", seconds: generated.seconds, peakBytes: nil, events: generated.events))
        let n = generated.events
        log("generated \(n) events, \(generated.bytes / 1_000_000) MB, in \(String(format: "%.2f", generated.seconds)) s")

        try recordThroughCLI()
        try singleAppends()

        // The writes above are flushed first, so that reading the log does not meet their
        // write-back; sha256sum is measured before and after our commands and its best time
        // kept, so that one slow moment of the machine does not flatter every ratio.
        sync()
        let shaBefore = try Measure.best(repeats, "sha256sum", [eventsFile])
        rows.append(Row(name: "sha256sum (peer)", seconds: shaBefore.seconds, peakBytes: shaBefore.peakBytes, events: n))
        let shaRow = rows.count - 1
        try ours("verify", ["verify", "--ledger", directory], events: n)
        if has("rebuild") { try ours("rebuild", ["rebuild", "--ledger", directory], events: n) }
        if has("checkpoint") {
            try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent("merkle"))
            try ours("checkpoint (first: builds the tree)", ["checkpoint", "--ledger", directory], events: n, repeats: 1)
            try ours("checkpoint", ["checkpoint", "--ledger", directory], events: nil)
        }
        if has("prove") { try ours("prove --seq N/2", ["prove", "--ledger", directory, "--seq", String(n / 2)], events: nil) }
        if has("status") {
            let middle = try caseNear(seq: n / 2, in: FileLedger(directory: directory), last: n)
            try ours("status of one case", ["status", "--ledger", directory, middle], events: nil)
        }
        let shaAfter = try Measure.best(repeats, "sha256sum", [eventsFile])
        if shaAfter.seconds < rows[shaRow].seconds {
            rows[shaRow] = Row(name: "sha256sum (peer)", seconds: shaAfter.seconds, peakBytes: shaAfter.peakBytes, events: n)
        }
        try peers(n)
    }

    /// The stream of the first case event at or after `seq` (the issue measures the status of one case),
    /// else the stream of the event at `seq`.
    func caseNear(seq: Int, in ledger: FileLedger, last: Int) throws -> String {
        for s in seq...min(last, seq + 1_000) {
            let stream = try ledger.record(seq: s).stream
            if stream.hasPrefix("case/") { return stream }
        }
        return try ledger.record(seq: seq).stream
    }

    func has(_ command: String) -> Bool {
        (try? Measure.run(ipledger, ["help", command], quiet: true).status) == 0
    }

    mutating func ours(_ name: String, _ arguments: [String], events: Int?, repeats: Int? = nil) throws {
        let m = try Measure.best(repeats ?? self.repeats, ipledger, arguments)
        rows.append(Row(name: "ipledger \(name)", seconds: m.seconds, peakBytes: m.peakBytes, events: events))
    }

    /// 10,000 more acts as a JSON-lines file, recorded by `ipledger record` as a whole
    /// process: the best of `repeats` batches, each of new streams (prefixes B, C, D ...),
    /// as the other commands' rows are the best of their runs.
    mutating func recordThroughCLI() throws {
        var best: (seconds: Double, peakBytes: Int?, events: Int)?
        for round in 0..<max(1, repeats) {
            let letters = Array("BCDEFGHJKLMNPQRTUVWXYZ")  // not S: the single appends' streams
            let prefix = String(letters[round % letters.count]) + (round < letters.count ? "" : String(round / letters.count))
            let file = (work as NSString).appendingPathComponent("batch-\(events)-\(prefix).jsonl")
            let actions = try Bench.writeBatch(count: 10_000, to: file, prefix: prefix)
            defer { unlink(file) }
            let m = try Measure.run(ipledger, ["record", "--ledger", directory, file])
            guard m.status == 0 else { throw BenchError("ipledger record of the batch failed (exit \(m.status))") }
            if best == nil || m.seconds < best!.seconds { best = (m.seconds, m.peakBytes, actions.count) }
        }
        rows.append(Row(name: "ipledger record: one batch of 10,000 (JSON lines)", seconds: best!.seconds, peakBytes: best!.peakBytes,
                        events: best!.events))
    }

    /// Durable single appends through the full path, one fsync each, against a bare write+fsync loop.
    mutating func singleAppends() throws {
        rows += try Bench.singleAppends(directory: directory)
    }

    /// Writes `count` fresh acts (new streams, their names with `prefix`) as a JSON-lines
    /// file, for `ipledger record`.
    ///
    /// - Returns: the acts written.
    @discardableResult
    static func writeBatch(count: Int, to file: String, prefix: String = "B") throws -> [JSONValue] {
        let actions = freshActions(count: count, prefix: prefix, seed: 99)
        try Data(actions.map { CanonicalJSON.encode($0) }.joined(separator: [0x0a]) + [0x0a]).write(to: URL(fileURLWithPath: file))
        return actions
    }

    /// Times `count` - 1 durable single appends through `LedgerWriter` into the ledger in
    /// `directory` (the first, which reads the registry, is not counted), by a writer that
    /// saves the index every 64 events (`FileLedger.indexSaveInterval`), and as many bare
    /// write+fsync calls of a 480-byte line to a file beside the log, in alternating rounds
    /// of 50 so that both meet the same disk (other work on the machine changes its speed
    /// from second to second). The notes give the CPU time (user + system) per append too.
    ///
    /// - Returns: the two rows: ours, and the bare loop's with ours as a percentage of it.
    static func singleAppends(directory: String, count: Int = 1_000) throws -> [Row] {
        let actions = try freshActions(count: count, prefix: "S", seed: 77).map { try Action(json: $0) }
        let ledger = try FileLedger(directory: directory)
        // A long-lived writer, as an agency's system recording acts one by one would be:
        // it brings the index up to date every 64 events (in the timed appends), not after each.
        ledger.indexSaveInterval = 64
        let writer = LedgerWriter(ledger: ledger)
        let now = Timestamp.now()
        _ = try writer.record([actions[0]], now: now)

        let bare = (directory as NSString).appendingPathComponent("bare-fsync.tmp")
        defer { unlink(bare) }
        let fd = open(bare, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw BenchError("cannot create \(bare)") }
        defer { close(fd) }
        let line = [UInt8](repeating: 0x61, count: 480) + [0x0a]

        var ours = Clock(), reference = Clock()
        var next = 1
        while next < count {
            let round = next..<min(count, next + 50)
            try ours.time { for i in round { _ = try writer.record([actions[i]], now: now) } }
            reference.time {
                for _ in round {
                    _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                    fsync(fd)
                }
            }
            next = round.upperBound
        }
        let n = Double(count - 1)
        return [
            Row(name: "single durable appends (record path)", seconds: ours.wall, peakBytes: nil, events: count - 1,
                note: String(format: "%.0f appends/s, %.1f us CPU each", n / ours.wall, ours.cpu / n * 1e6)),
            Row(name: "bare write+fsync loop (reference)", seconds: reference.wall, peakBytes: nil, events: count - 1,
                note: String(format: "%.0f appends/s, %.1f us CPU each; ours %.0f%% of it",
                             n / reference.wall, reference.cpu / n * 1e6, reference.wall / ours.wall * 100)),
        ]
    }

    /// Wall and CPU (user + system) seconds summed over the timed pieces of work.
    struct Clock {
        var wall = 0.0
        var cpu = 0.0

        mutating func time(_ work: () throws -> Void) rethrows {
            let (w0, c0) = (DispatchTime.now().uptimeNanoseconds, Clock.cpuNow())
            try work()
            wall += Double(DispatchTime.now().uptimeNanoseconds - w0) / 1e9
            cpu += Clock.cpuNow() - c0
        }

        static func cpuNow() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
            return seconds(usage.ru_utime) + seconds(usage.ru_stime)
        }
    }

    /// Acts for new streams, dated within the last 150 days.
    static func freshActions(count: Int, prefix: String, seed: UInt64) -> [JSONValue] {
        let now = Timestamp.now()
        let start = now.adding(seconds: -150 * 86_400)
        var routine = RoutineCases(seed: seed, start: start, lifecycles: count, spacing: 60, prefix: prefix)
        var out: [JSONValue] = []
        while out.count < count, let a = routine.next() {
            if let t = a["at"]?.stringValue.flatMap(Timestamp.init(rfc3339:)), t < now { out.append(a) }
        }
        return out
    }

    mutating func peers(_ n: Int) throws {
        if Measure.which("jq") != nil {
            let m = try Measure.best(1, "jq", ["-n", "reduce inputs as $e ({}; .[$e.type] += 1)", eventsFile])
            rows.append(Row(name: "jq counting by type (peer)", seconds: m.seconds, peakBytes: m.peakBytes, events: n))
        } else {
            log("jq is not installed: its row is left out")
        }
        if Measure.which("sqlite3") != nil {
            let sql = ".mode tabs\nCREATE TABLE e(j TEXT);\n.import \(eventsFile) e\nSELECT json_extract(j, '$.type'), count(*) FROM e GROUP BY 1;\n"
            let script = (work as NSString).appendingPathComponent("bench.sql")
            try sql.write(toFile: script, atomically: true, encoding: .utf8)
            defer { unlink(script) }
            let m = try Measure.best(1, "sqlite3", [":memory:"], input: script)
            rows.append(Row(name: "sqlite3 load + group by type (peer)", seconds: m.seconds, peakBytes: m.peakBytes, events: n))
        } else {
            log("sqlite3 is not installed: its row is left out")
        }
        if Measure.which("python3") != nil {
            let code = "import json,sys,collections; c=collections.Counter(json.loads(l)['type'] for l in open(sys.argv[1],'rb')); print(len(c))"
            let m = try Measure.best(1, "python3", ["-c", code, eventsFile])
            rows.append(Row(name: "python3 json counting by type (peer)", seconds: m.seconds, peakBytes: m.peakBytes, events: n))
        }
    }
}
