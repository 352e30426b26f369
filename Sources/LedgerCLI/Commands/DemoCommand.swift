import Foundation
import IPProtection
import LedgerCore
import LedgerScenarios
import LedgerStore

/// `ipledger demo`: builds the sample ledger from the seed documents' world and tours it.
struct DemoCommand: Command {
    static let name = "demo"
    static let abstract = "Build the sample ledger from the seed scenarios and show what it holds."
    static let usage = "ipledger demo [--ledger DIR] [--lang en]"
    static let help = """
    OPTIONS:
      --ledger DIR  Where to build it (default EventLog/demo in the source tree). A ledger
                    already there is replaced only if it is a demo ledger.
      --lang en     English labels in the tour.

    The demo records two years of the Qiqihar collaboration through the same path as
    `ipledger record`: the ledger opened by the Fulaerji market supervision bureau, the
    agencies, officers, liaisons and holiday calendars, then reports, cases, notarised
    evidence, penalties, transfers (one declined, reconsidered, disputed and supervised),
    and deadlines missed. It then verifies the log and shows the alerts.

    EXAMPLE:
      swift run -c release ipledger demo
    """

    static func run(_ arguments: inout Arguments, _ context: CommandContext) throws {
        let lang = try Labels(&arguments)
        let directory: String
        if let dir = try arguments.option("ledger") {
            directory = context.absolutePath(dir)
        } else {
            directory = (LedgerLocation.sourceRoot as NSString).appendingPathComponent("EventLog/demo")
        }
        _ = try arguments.finish()
        try clear(directory)

        let started = Date()
        let actions = DemoScenario.actions()
        let bytes = actions.map { CanonicalJSON.encode($0) }
        let ledger = try storeCall { try FileLedger.create(directory: directory) }
        let now = Timestamp(date: context.now())
        // Through the record path, as a clerk's system would send a day's work: JSON lines.
        let writer = LedgerWriter(ledger: ledger, clock: { Timestamp(date: context.now()) }, warn: { context.warn("Warning: \($0)") })
        var outcomes: [AppendOutcome] = []
        var batch: [[UInt8]] = []
        func flush() throws {
            guard !batch.isEmpty else { return }
            let input = Array(batch.joined(separator: [0x0a]))
            let parsed = try ActionInput.read(input, source: "demo")
            outcomes += try RecordCommand.record(parsed, with: writer, expectVersion: nil, now: now, source: "demo")
            batch = []
        }
        for line in bytes {
            batch.append(line)
            if batch.count == 500 { try flush() }
        }
        try flush()
        let elapsed = Date().timeIntervalSince(started)
        let shown = shownPath(directory, context)

        let streams = Set(outcomes.map { $0.record.stream })
        var kinds: [String: Int] = [:]
        for stream in streams { kinds[String(stream.split(separator: "/").first ?? ""), default: 0] += 1 }
        context.print(lang.text(zh: "IPLedger 演示台账 demo ledger: \(DemoScenario.ledgerName)", en: "IPLedger demo ledger: \(DemoScenario.ledgerName)"))
        context.print(lang.text(zh: "已记录 recorded \(outcomes.count) 个事件 events，\(streams.count) 个流 streams，用时 \(String(format: "%.2f", elapsed)) 秒 s → \(shown)",
                                en: "recorded \(outcomes.count) events in \(streams.count) streams in \(String(format: "%.2f", elapsed)) s → \(shown)"))
        let order = ["registry", "report", "case", "supervision", "mediation", "action", "meeting", "service", "publication"]
        let counts = order.compactMap { k in kinds[k].map { "\(k) \($0)" } }.joined(separator: ", ")
        context.print("  " + counts)
        context.print()

        for step in tour {
            context.print("$ ipledger \(step[0]) --ledger \(shown)\(step.count > 1 ? " " + step.dropFirst().joined(separator: " ") : "")")
            let english = lang.language == .en && !["verify", "checkpoint"].contains(step[0])
            let code = IPLedgerCLI.main(step + ["--ledger", directory] + (english ? ["--lang", "en"] : []), context: context)
            if code != 0 { throw CLIError(.integrity, "the demo's own `ipledger \(step.joined(separator: " "))` failed (exit \(code))") }
            context.print()
        }
        context.print(lang.text(zh: "继续探索 explore further:", en: "Explore further:"))
        for line in explore(shown) { context.print("  ipledger \(line)") }
    }

    /// The commands the tour runs, in order: the log's integrity first, then what people work from.
    static let tour: [[String]] = [
        ["verify"], ["checkpoint"], ["alerts"], ["transfers", "--outcome", "pending"], ["mediations"], ["trail", "case/FLE-2025-0031"],
    ]

    static func explore(_ shown: String) -> [String] {
        ["status --ledger \(shown) case/FLE-2025-0012", "transfers --ledger \(shown)", "workload --ledger \(shown)",
         "stats --ledger \(shown) --by sector", "alerts --ledger \(shown) --as-of 2025-03-20",
         "report --html --ledger \(shown) --out report.html", "log --ledger \(shown) --stream case/FLE-2025-0031 --json",
         "export-case --ledger \(shown) case/FLE-2025-0031 --out bundle.json && ipledger check-bundle bundle.json",
         "rebuild --ledger \(shown)", "help"]
    }

    /// Removes a demo ledger left by an earlier run; refuses to touch any other ledger.
    static func clear(_ directory: String) throws {
        let events = (directory as NSString).appendingPathComponent(FileLedger.eventsFileName)
        guard FileManager.default.fileExists(atPath: events) else { return }
        let first = (try? LogReader(path: events).firstLine()) ?? nil
        let name = first.flatMap { try? JSONParser.parse($0) }?["payload"]?["name"]?.stringValue
        guard name == DemoScenario.ledgerName else {
            throw CLIError(.environment, "\(directory) holds a ledger that is not the demo's (\(name ?? "unreadable")); the demo replaces only its own. Choose another --ledger.")
        }
        do { try FileManager.default.removeItem(atPath: directory) } catch {
            throw CLIError(.environment, "cannot remove the earlier demo ledger \(directory): \(error.localizedDescription)")
        }
    }

    static func shownPath(_ directory: String, _ context: CommandContext) -> String {
        let cwd = context.workingDirectory.hasSuffix("/") ? context.workingDirectory : context.workingDirectory + "/"
        return directory.hasPrefix(cwd) ? String(directory.dropFirst(cwd.count)) : directory
    }
}

extension LogReader {
    /// The first complete line of the log, if any.
    func firstLine() throws -> [UInt8]? {
        var first: [UInt8]?
        try forEachLine { line, _, _ in first = Array(line); return false }
        return first
    }
}
