import LedgerCore
import LedgerStore

/// `ipledger log`: the events themselves, filtered.
struct LogCommand: Command {
    static let name = "log"
    static let abstract = "Print events, filtered by stream, type, agency or position."
    static let usage = "ipledger log [--ledger DIR] [--stream S] [--type T] [--agency A] [--from SEQ] [--until SEQ|TIME] [--json]"
    static let help = """
    OPTIONS:
      --stream S        Only events of stream S, e.g. case/FLE-2024-0007 (repeatable).
      --type T          Only events of type T, e.g. CaseTransferred (repeatable).
      --agency A        Only events recorded by agency A (repeatable).
      --from SEQ        Start at event SEQ.
      --until SEQ|TIME  Stop after event SEQ, or at events that happened (`at`) after TIME
                        (RFC 3339, or YYYY-MM-DD for the end of that day, UTC+8).
      --json            Print the log's own lines (canonical JSON, one per line).

    EXAMPLE:
      ipledger log --stream case/FLE-2024-0007
      ipledger log --type CaseTransferred --from 100 --json
    """

    static func run(_ arguments: inout Arguments, _ context: CommandContext) throws {
        let json = arguments.flag("json")
        let streams = Set(try arguments.options("stream"))
        let types = Set(try arguments.options("type"))
        let agencies = Set(try arguments.options("agency"))
        let from = try arguments.intOption("from", in: 1...Int.max) ?? 1
        let until = try arguments.option("until").map(parseUntil)
        let directory = try LedgerLocation.directory(&arguments, context)
        _ = try arguments.finish()
        let ledger = try LedgerLocation.open(directory)

        func show(_ record: LedgerRecord, _ line: UnsafeRawBufferPointer?) -> Bool {
            switch until {
            case .seq(let last)? where record.seq > last: return false
            case .time(let t)? where (Timestamp(rfc3339: record.at).map { $0 > t } ?? false): return true
            default: break
            }
            guard record.seq >= from,
                  types.isEmpty || types.contains(record.type),
                  agencies.isEmpty || agencies.contains(record.actor.agency) else { return true }
            if json {
                if let line { context.standardOutput.write(Array(line) + [0x0a]) } else {
                    context.standardOutput.write(record.canonicalBytes + [0x0a])
                }
            } else {
                context.print("#\(record.seq)  \(record.at)  \(record.stream) v\(record.version)  \(record.type)  \(record.actor.agency)/\(record.actor.officer)")
            }
            return true
        }

        try storeCall {
            if !streams.isEmpty {
                var records: [LedgerRecord] = []
                for stream in streams { records += try ledger.records(inStream: stream) }
                for record in records.sorted(by: { $0.seq < $1.seq }) where !show(record, nil) { break }
                return
            }
            try ledger.forEachLine(fromSeq: from) { line, number, _ in
                let record: LedgerRecord
                do { record = try ChainVerifier.decode(line, lineNumber: number) } catch let defect as LogDefect {
                    throw StoreError.damaged(defect)
                }
                return show(record, line)
            }
        }
    }

    enum Until { case seq(Int), time(Timestamp) }

    static func parseUntil(_ text: String) throws -> Until {
        if let n = Int(text), n >= 0 { return .seq(n) }
        if let t = TimeArgument.parse(text) { return .time(t) }
        throw CLIError.usage("--until takes a seq (a whole number), an RFC 3339 time or a date YYYY-MM-DD, not \"\(text)\"")
    }
}

/// Times on the command line: RFC 3339, or a date meaning the end of that day in the
/// ledger's timezone (China Standard Time, UTC+8, unless the ledger says otherwise).
enum TimeArgument {
    static func parse(_ text: String, offsetSeconds: Int32 = 8 * 3600) -> Timestamp? {
        if let t = Timestamp(rfc3339: text) { return t }
        let parts = text.split(separator: "-")
        guard text.utf8.count == 10, parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= Timestamp.daysInMonth(year: y, month: m) else { return nil }
        let endOfDay = Int64(Timestamp.daysFromCivil(year: y, month: m, day: d) + 1) * 86_400 - 1 - Int64(offsetSeconds)
        return Timestamp(seconds: endOfDay, nanoseconds: 999_999_999, offsetSeconds: offsetSeconds)
    }
}
