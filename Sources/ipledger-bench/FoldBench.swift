import Foundation
import LedgerCLI
import LedgerCore
import LedgerStore
import Projections
import IPProtection

/// `ipledger-bench fold DIR [REPEATS]`: the fold alone, without reading or verifying.
///
/// Reads and verifies the ledger's log once into memory, as the events `rebuild` folds
/// (read in place from the lines), then folds them into a `ProjectionSet` `REPEATS` times
/// on one thread, and prints the best time per event, the CPU time, and the heap the
/// folded set holds on its own once the events are freed; and times the set's snapshot
/// encoding `REPEATS` times. With `FOLD_PARTS=1`, it prints instead the heap each part of
/// the states holds (`heapByPart`).
enum FoldBench {
    static func run(directory: String, repeats: Int) throws {
        let path = (directory as NSString).appendingPathComponent("events.jsonl")
        var records: [DomainEvent] = []
        let read = DispatchTime.now()
        try VerifiedLogReader(path: path).read(decoding: .domainEvents) { event, _ in records.append(event) }
        print("read and verified \(records.count) events in \(seconds(since: read)) s")

        if ProcessInfo.processInfo.environment["FOLD_LAYOUT"] != nil {
            func size<T>(_ type: T.Type) -> String { "\(T.self) \(MemoryLayout<T>.stride)" }
            let sizes = [size(EventReference.self), size(EventReference?.self), size(Deadline.self), size(ReportState.Fields.self),
                         size(CaseState.Fields.self), size(TransferProgress.Fields.self), size(CaseState.Dispute.self),
                         size(CaseState.Penalty.self), size(CaseState.Evidence.self), size(SupervisionState.Fields.self),
                         size(MediationState.Fields.self), size(Party.self)]
            print("layout (bytes): " + sizes.joined(separator: ", "))
        }
        var best = Double.infinity
        var set = ProjectionSet()
        for round in 1...repeats {
            set = ProjectionSet()
            let cpu = cpuSeconds()
            let start = DispatchTime.now()
            for record in records { set.apply(record) }
            let wall = seconds(since: start)
            best = min(best, wall)
            print(String(format: "round %d: fold %.3f s wall, %.3f s CPU, %.0f ns/event", round, wall, cpuSeconds() - cpu,
                         wall / Double(max(1, records.count)) * 1e9))
        }
        print(String(format: "best: %.3f s, %.0f ns/event", best, best / Double(max(1, records.count)) * 1e9))

        // The snapshot encoding of the folded set, as `rebuild` streams it (blocks on all cores, handed on and let go).
        for round in 1...repeats {
            let cpu = cpuSeconds()
            let start = DispatchTime.now()
            var bytes = 0
            let head = try SnapshotEncoder.encode(set) { bytes += $0.count }
            print(String(format: "round %d: encode %.3f s wall, %.3f s CPU, %d MB", round, seconds(since: start), cpuSeconds() - cpu,
                         (head.count + bytes) / 1_000_000))
        }

        if ProcessInfo.processInfo.environment["FOLD_LAYOUT"] != nil { census(set.domain) }

        // What the set holds on its own: the heap in use with and without it, the records gone.
        records = []
        if ProcessInfo.processInfo.environment["FOLD_PARTS"] != nil {
            heapByPart(&set)
            return
        }
        let withSet = heapInUse()
        let counts = (set.domain.reports.count, set.domain.cases.count, set.count)
        set = ProjectionSet()
        let without = heapInUse()
        print("the folded set holds \((withSet.inUse - without.inUse) / 1_000_000) MB of heap (\(counts.0) reports, " +
              "\(counts.1) cases, \(counts.2) events); resident with it \(withSet.resident / 1_000_000) MB")
    }

    /// Counts what the folded states hold: deadlines, evidence, and strings too long to be
    /// stored inline (over 15 UTF-8 bytes, each its own allocation unless shared).
    static func census(_ domain: DomainState) {
        var deadlines = 0, evidence = 0, transfers = 0, disputes = 0, long = 0, longBytes = 0
        func note(_ s: String?) {
            guard let s, s.utf8.count > 15 else { return }
            long += 1
            longBytes += s.utf8.count
        }
        for r in domain.reports.values {
            deadlines += r.deadlines.all.count
            note(r.respondent.name); note(r.respondent.creditCode); note(r.caseOpened)
        }
        for c in domain.cases.values {
            deadlines += c.deadlines.all.count
            evidence += c.evidence.count
            if c.transfer.stage != .none { transfers += 1 }
            if c.dispute != nil || !c.settledDisputes.isEmpty { disputes += 1 }
            note(c.respondent.name); note(c.respondent.creditCode); note(c.rightsHolder.name); note(c.rightsHolder.creditCode)
            note(c.report); note(c.penalty?.decisionNo)
            for e in c.evidence.all { note(e.sha256); note(e.certificateNo) }
        }
        print("census: \(deadlines) deadlines, \(evidence) evidence, \(transfers) transfers, \(disputes) disputes, " +
              "\(long) long strings (\(longBytes / 1_000_000) MB of text)")
    }

    /// Prints the heap each part of the folded states holds on its own (`FOLD_PARTS=1`),
    /// and empties `set`.
    ///
    /// The parts are copied out of the states into arrays (sharing their storage), the set
    /// let go, then each array let go in turn: the heap freed each time is what that part
    /// holds beyond its array (whose size is known, and taken off). The states themselves
    /// (their boxes, inline fields and dictionaries) go first.
    static func heapByPart(_ set: inout ProjectionSet) {
        var parts: [(name: String, values: Any, arrayBytes: Int)] = []
        func part<T>(_ name: String, _ values: [T]) { parts.append((name, values, MemoryLayout<T>.stride * values.count)) }
        do {
            let d = set.domain
            print("parts of \(d.reports.count) reports and \(d.cases.count) cases:")
            parts.append(("the states' boxes and dictionaries", (d.reports, d.cases), 0))
            let cases = Array(d.cases.values), reports = Array(d.reports.values)
            part("case deadlines", cases.map { $0.deadlines })
            part("case evidence", cases.map { $0.evidence })
            part("case parties", cases.map { ($0.respondent, $0.rightsHolder) })
            part("case transfers", cases.map { $0.transfer })
            part("case references", cases.map { ($0.opened, $0.close) })
            part("case strings", cases.map { ($0.openedBy, $0.amr, $0.police, $0.report, $0.action, $0.outcome, $0.ipType, $0.sector) })
            part("case stream names", cases.map { $0.stream })
            part("case penalties", cases.map { $0.penalty })
            part("report deadlines", reports.map { $0.deadlines })
            part("report parties", reports.map { $0.respondent })
            part("report references", reports.map { ($0.received, $0.decision, $0.close) })
            part("report holders", reports.map { $0.holders })
            part("report strings", reports.map {
                ($0.receivedBy, $0.channel, $0.ipType, $0.sector, $0.reporterKind, $0.deciding, $0.outcome, $0.caseOpened)
            })
            part("report stream names", reports.map { $0.stream })
            parts.append(("the other states, workload and statistics", (d.supervisions, d.mediations, d.actions, d.meetings,
                          d.services, d.publications, d.registry, set.workload, set.statistics), 0))
            set = ProjectionSet()
        }
        var before = heapInUse().inUse
        while !parts.isEmpty {
            let (name, _, arrayBytes) = parts.removeFirst()
            let after = heapInUse().inUse
            print("  " + name.padding(toLength: 45, withPad: " ", startingAt: 0)
                + String(format: "%8.1f MB", Double(before - after - arrayBytes) / 1e6))
            before = after
        }
    }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    /// The bytes of heap in use (glibc's `malloc_stats`, read back from standard error) and
    /// the resident set size, after returning the heap's free memory to the system.
    static func heapInUse() -> (inUse: Int, resident: Int) {
        typealias Trim = @convention(c) (Int) -> Int32
        typealias Stats = @convention(c) () -> Void
        guard let trim = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim"),
              let stats = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_stats") else { return (0, 0) }
        _ = unsafeBitCast(trim, to: Trim.self)(0)
        let path = "/tmp/ipledger-bench-malloc-stats-\(getpid())"
        let saved = dup(2)
        let file = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        dup2(file, 2)
        unsafeBitCast(stats, to: Stats.self)()
        dup2(saved, 2)
        close(file)
        close(saved)
        defer { unlink(path) }
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        // The last "in use bytes" line is the total over every arena, mmapped chunks included.
        let inUse = text.split(separator: "\n").last { $0.contains("in use bytes") }
            .flatMap { Int($0.split(separator: "=").last!.trimmingCharacters(in: .whitespaces)) } ?? 0
        let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return (inUse, pages * Int(sysconf(Int32(_SC_PAGESIZE))))
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}
