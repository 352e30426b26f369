import Foundation
import IPProtection
import LedgerCore
import LedgerStore

/// `ipledger init`: a new ledger whose first event is the `LedgerOpened` action given.
struct InitCommand: Command {
    static let name = "init"
    static let abstract = "Create a ledger directory whose first event is the LedgerOpened action given."
    static let usage = "ipledger init [--ledger DIR] [--calendar FILE] [--json] [FILE|-]"
    static let help = """
    ARGUMENTS:
      FILE              The LedgerOpened action (a JSON object); `-` or nothing reads
                        standard input. Its actor is the admin and host agency its
                        payload declares.

    OPTIONS:
      --ledger DIR      The directory to create (else $IPLEDGER_DIR, else EventLog/ledger).
      --calendar FILE   Also publish each year of a holiday calendar file
                        ({"years": [{"year", "holidays", "workdays"}]}, such as
                        calendar-cn.json) as CalendarPublished events by the admin.
      --json            Print one JSON object per event, as `record --json` does.

    The action is checked before anything is created; a directory that already holds
    a ledger is refused.

    EXAMPLE:
      ipledger init --ledger /srv/ipledger --calendar calendar-cn.json <<'JSON'
      {"type": "LedgerOpened", "stream": "registry", "at": "2022-10-09T09:00:00+08:00",
       "actor": {"agency": "fle-amr", "officer": "admin1"},
       "payload": {"name": "富拉尔基区知识产权保护协作台账", "jurisdiction": "齐齐哈尔市富拉尔基区",
                   "timezone": "Asia/Shanghai",
                   "hostAgency": {"agency": "fle-amr", "kind": "amr", "name": "富拉尔基区市场监督管理局"},
                   "admin": {"officer": "admin1", "name": "王管理"}}}
      JSON
    """

    static func run(_ arguments: inout Arguments, _ context: CommandContext) throws {
        let json = arguments.flag("json")
        let calendarPath = try arguments.option("calendar")
        let directory = try LedgerLocation.directory(&arguments, context)
        let path = try arguments.finish(maxPositionals: 1).first
        let source = path.flatMap { $0 == "-" ? nil : $0 } ?? "standard input"
        let actions = try ActionInput.read(context.readInput(path), source: source, consequence: "Nothing was created.")
        guard actions.count == 1, let opening = actions.first?.action else {
            throw CLIError(.refused, "\(source) holds \(actions.count) actions; init takes the one LedgerOpened action")
        }
        let now = Timestamp(date: context.now())
        do {
            _ = try Recorder.genesis(opening, now: now)
        } catch let refusal as Refusal {
            throw CLIError(.refused, "\(source): \(sentence(refusal)) Nothing was created.")
        }
        var all = [(line: 1, action: opening)]
        if let calendarPath {
            all += try calendarActions(context.readInput(calendarPath), source: calendarPath, opening: opening)
        }
        let existed = FileManager.default.fileExists(atPath: directory)
        let ledger = try storeCall { try FileLedger.create(directory: directory) }
        let outcomes: [AppendOutcome]
        do {
            outcomes = try RecordCommand.append(all, to: ledger, expectVersion: nil, lockTimeout: 10, now: now,
                                                source: source, context: context)
        } catch {
            // Leave no half-made ledger behind: the directory held no ledger before.
            if existed {
                for name in [FileLedger.eventsFileName, "ledger.lock", "index"] {
                    try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(name))
                }
            } else {
                try? FileManager.default.removeItem(atPath: directory)
            }
            throw error
        }
        for outcome in outcomes { context.print(RecordCommand.describe(outcome, json: json)) }
    }

    /// One `CalendarPublished` action per year of the calendar file, by the ledger's admin.
    static func calendarActions(_ bytes: [UInt8], source: String, opening: Action) throws -> [(line: Int, action: Action)] {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch let error as JSONError {
            throw CLIError(.refused, "\(source), \(error)")
        }
        guard let years = value["years"]?.arrayValue else {
            throw CLIError(.refused, "\(source): expected an object with a \"years\" array of {\"year\", \"holidays\", \"workdays\"}")
        }
        guard let admin = opening.payload["admin"]?["officer"]?.stringValue,
              let host = opening.payload["hostAgency"]?["agency"]?.stringValue else { return [] }
        var out: [(line: Int, action: Action)] = []
        for (i, year) in years.enumerated() {
            let action: JSONValue = [
                "type": "CalendarPublished", "stream": "registry", "at": .string(opening.at),
                "actor": ["agency": .string(host), "officer": .string(admin)],
                "payload": ["year": year["year"] ?? .null, "holidays": year["holidays"] ?? .null, "workdays": year["workdays"] ?? .null],
            ]
            out.append((i + 2, try ActionInput.action(action, place: "\(source) years[\(i)]", consequence: "Nothing was created.")))
        }
        return out
    }
}
