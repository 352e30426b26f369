import Foundation

// ipledger-bench: measures IPLedger against the tools a user would pick instead.
// Not part of `swift test`; run it with a release build:
//   swift run -c release ipledger-bench --events 100000
//   swift run -c release ipledger-bench generate 1000000 /tmp/ledger-1m

signal(SIGPIPE, SIG_IGN)
let usage = """
Usage: ipledger-bench [--events N[,N...]] [--work DIR] [--json FILE] [--repeat R]
       ipledger-bench generate N DIR
       ipledger-bench fold DIR [REPEATS]
       ipledger-bench batch N FILE [PREFIX]
       ipledger-bench singles DIR [N]

Generates a realistic, valid ledger of N events (seeded; the demo's mix of acts,
recorded with full validation) and measures record, single appends, verify, rebuild,
checkpoint, prove and status, each as a whole process with its peak memory, beside
sha256sum, jq, sqlite3 and python3 on the same file. Prints a table; --json writes the
figures. `generate` writes just the ledger, for measuring with other tools. `fold`
reads a ledger into memory and times the projections' fold alone, on one thread, then
the folded set's snapshot encoding.
`batch` writes N fresh acts as JSON lines (the file the record measurement gives
`ipledger record`; PREFIX, default B, names its streams); `singles` measures N
(default 1,000) single durable appends into the ledger DIR (which it writes to)
beside a bare write+fsync loop.
"""

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
    exit(2)
}

var args = Array(CommandLine.arguments.dropFirst())
if args.first == "--exec-measured" { Measure.execMeasured(Array(args.dropFirst())) }
if args.first == "--help" || args.first == "-h" { print(usage); exit(0) }
let binDir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
let ipledger = (binDir as NSString).appendingPathComponent("ipledger")

if args.first == "generate" {
    guard args.count == 3, let n = Int(args[1]), n > 0 else { fail("generate takes N (a positive number) and DIR\n\(usage)") }
    do {
        let result = try Generate.ledger(events: n, in: args[2]) { written in
            if isatty(2) == 1 { FileHandle.standardError.write(Data("\rgenerated \(written)".utf8)) }
        }
        if isatty(2) == 1 { FileHandle.standardError.write(Data("\r\u{1b}[K".utf8)) }
        print("generated \(result.events) events (\(result.bytes) bytes) in \(args[2]) in \(String(format: "%.2f", result.seconds)) s")
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
        exit(4)
    }
}

if args.first == "fold" {
    guard args.count == 2 || args.count == 3, let repeats = Int(args.count == 3 ? args[2] : "3"), repeats > 0 else {
        fail("fold takes DIR and an optional number of rounds\n\(usage)")
    }
    do { try FoldBench.run(directory: args[1], repeats: repeats) } catch { fail("\(error)") }
    exit(0)
}

if args.first == "batch" {
    guard args.count == 3 || args.count == 4, let n = Int(args[1]), n > 0 else {
        fail("batch takes N (a positive number), FILE and optionally PREFIX\n\(usage)")
    }
    do { try Bench.writeBatch(count: n, to: args[2], prefix: args.count == 4 ? args[3] : "B") } catch { fail("\(error)") }
    exit(0)
}

if args.first == "singles" {
    guard args.count == 2 || args.count == 3, let n = args.count == 3 ? Int(args[2]) : 1_000, n > 1 else {
        fail("singles takes DIR and optionally N (more than 1)\n\(usage)")
    }
    do { Report.printTable(n: n, rows: try Bench.singleAppends(directory: args[1], count: n)) } catch { fail("\(error)") }
    exit(0)
}

var sizes = [100_000]
var work = FileManager.default.temporaryDirectory.appendingPathComponent("ipledger-bench").path
var jsonPath: String?
var repeats = 3
var i = 0
while i < args.count {
    let a = args[i]
    func value() -> String {
        i += 1
        guard i < args.count else { fail("\(a) needs a value") }
        return args[i]
    }
    switch a {
    case "--events":
        let parsed = value().split(separator: ",").map { Int($0) }
        guard !parsed.isEmpty, parsed.allSatisfy({ ($0 ?? 0) > 0 }) else { fail("--events takes positive numbers separated by commas") }
        sizes = parsed.map { $0! }
    case "--work": work = value()
    case "--json": jsonPath = value()
    case "--repeat":
        guard let r = Int(value()), r > 0 else { fail("--repeat takes a positive number") }
        repeats = r
    default: fail("unknown argument \(a)\n\(usage)")
    }
    i += 1
}
guard access(ipledger, X_OK) == 0 else { fail("no ipledger binary beside this one (\(ipledger)); build with `swift build -c release`") }
try? FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)

var all: [(Int, [Row])] = []
for n in sizes {
    var bench = Bench(events: n, work: work, ipledger: ipledger, repeats: repeats, log: { FileHandle.standardError.write(Data("\($0)\n".utf8)) })
    do { try bench.run() } catch { fail("\(error)") }
    all.append((n, bench.rows))
    Report.printTable(n: n, rows: bench.rows)
    try? FileManager.default.removeItem(atPath: bench.directory)
}
if let jsonPath {
    do { try Report.writeJSON(all, to: jsonPath) } catch { fail("cannot write \(jsonPath): \(error)") }
}
