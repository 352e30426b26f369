import Foundation
import LedgerFixtures

// ledger-fixtures generate --events N --out DIR [--seed S] [--arrival SECONDS]: a realistic generated ledger for
// measurements (`ipledger rebuild`, `verify`) and manual testing. Not shipped.
let arguments = Array(CommandLine.arguments.dropFirst())
func value(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: "--\(name)"), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}
guard arguments.first == "generate", let events = value("events").flatMap(Int.init), let out = value("out") else {
    FileHandle.standardError.write(Data("usage: ledger-fixtures generate --events N --out DIR [--seed S] [--arrival SECONDS]\n".utf8))
    exit(2)
}
var options = LogGenerator.Options(events: events)
if let seed = value("seed").flatMap(UInt64.init) { options.seed = seed }
// About ten months of acts per 100,000 events; a larger log runs more matters at once so
// that a million events still span about two years (2024 to 2026, the published calendars).
options.arrivalSeconds = value("arrival").flatMap(Int64.init) ?? (events > 200_000 ? 600 : 2_400)
let start = Date()
do {
    try LogGenerator(options).write(toDirectory: out)
} catch {
    FileHandle.standardError.write(Data("ledger-fixtures: \(error)\n".utf8))
    exit(4)
}
print("generated \(events) events in \(out) in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
