import Foundation
import LedgerCore
import LedgerStore
import Projections

/// `ipledger-bench fold DIR [REPEATS]`: the fold alone, without reading or verifying.
///
/// Reads and verifies the ledger's log once into memory, then folds the records into a
/// `ProjectionSet` `REPEATS` times on one thread, and prints the best time per event, the
/// CPU time, and the heap the folded set holds on its own once the records are freed.
enum FoldBench {
    static func run(directory: String, repeats: Int) throws {
        let path = (directory as NSString).appendingPathComponent("events.jsonl")
        var records: [LedgerRecord] = []
        let read = DispatchTime.now()
        try VerifiedLogReader(path: path).read { records.append($0.record) }
        print("read and verified \(records.count) records in \(seconds(since: read)) s")

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

        // What the set holds on its own: the resident memory with and without it, the records gone.
        records = []
        let withSet = residentBytes()
        let counts = (set.domain.reports.count, set.domain.cases.count, set.count)
        set = ProjectionSet()
        let without = residentBytes()
        print("the folded set holds about \((withSet - without) / 1_000_000) MB (\(counts.0) reports, \(counts.1) cases, " +
              "\(counts.2) events)")
    }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    /// The resident set size after returning the heap's free memory to the system.
    static func residentBytes() -> Int {
        typealias Trim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
            _ = unsafeBitCast(symbol, to: Trim.self)(0)
        }
        let status = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
        let pages = status.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}
