import LedgerCore

/// `ipledger check-bundle`: check a case bundle offline and print the case's trail.
struct CheckBundleCommand: Command {
    static let name = "check-bundle"
    static let abstract = "Check a case bundle offline, without the ledger, and print the case's trail."
    static let usage = "ipledger check-bundle [FILE|-] [--checkpoint FILE]... [--json] [--lang en]"
    static let help = """
    ARGUMENTS:
      FILE               The bundle, as export-case wrote it; `-` or nothing reads standard input.

    OPTIONS:
      --checkpoint FILE  Checkpoints you hold (one JSON object a line); repeatable. The
                         bundle's checkpoint must be one of them, all four members equal.
      --json             Print the result as one JSON object with the events.
      --lang en          English column labels only.

    Checks every event's inclusion proof against the bundle's checkpoint (RFC 9162), that
    every leaf is a canonical record whose seq is its index + 1, in log order, that each
    stream's versions run from 1 without a gap, that the case's stream is there and every
    other stream refers to the case. Then prints the trail: seq, time, stream, version,
    type, who, event hash (exit 0); or names the first problem (exit 3).

    Without --checkpoint, the checkpoint's head and time are as the bundle states them:
    nothing in a bundle can show them, so compare it with a checkpoint you hold.
    EventLog/check_bundle.py does the same checks in Python.

    EXAMPLE:
      ipledger check-bundle FLE-2024-0007.bundle.json --checkpoint court-checkpoints.jsonl
    """

    static func run(_ arguments: inout Arguments, _ context: CommandContext) throws {
        let json = arguments.flag("json")
        let english = try Labels(&arguments).language == .en
        let checkpointPaths = try arguments.options("checkpoint")
        let path = try arguments.finish(maxPositionals: 1).first
        let trusted = try CheckpointFile.read(checkpointPaths, context)
        let bytes = try context.readInput(path)
        let name = path.flatMap { $0 == "-" ? nil : $0 } ?? "standard input"

        let bundle: CaseBundle
        let entries: [CaseBundle.Entry]
        do {
            bundle = try CaseBundle(json: JSONParser.parse(bytes))
            entries = try bundle.verify(trusting: checkpointPaths.isEmpty ? nil : trusted.map(\.checkpoint))
        } catch let error as JSONError {
            throw CLIError(.integrity, "\(name): not a case bundle: not JSON (\(error))")
        } catch let error as CaseBundleError {
            throw CLIError(.integrity, "\(name): \(error)")
        }
        let checkpoint = bundle.checkpoint
        let place = trusted.first { $0.checkpoint == checkpoint }?.place
        let streams = Set(entries.map(\.record.stream)).count

        if json {
            let events: [JSONValue] = entries.map { entry in
                let r = entry.record
                return ["seq": .number(Double(r.seq)), "at": .string(r.at), "stream": .string(r.stream),
                        "version": .number(Double(r.version)), "type": .string(r.type), "agency": .string(r.actor.agency),
                        "officer": .string(r.actor.officer), "hash": .string(entry.eventHash.hex)]
            }
            let result: JSONValue = ["ok": true, "case": .string(bundle.caseStream), "checkpoint": checkpoint.json,
                                     "trusted": .bool(place != nil), "events": .array(events)]
            context.print(CanonicalJSON.string(result))
            return
        }
        context.print("bundle of \(bundle.caseStream) holds: \(entries.count) events in \(streams) stream\(streams == 1 ? "" : "s"), "
                      + "each proven in the log of \(checkpoint.size) events with root \(checkpoint.root.hex)")
        context.print("checkpoint: head \(checkpoint.head.hex), recorded \(checkpoint.recorded); "
                      + (place.map { "it is the checkpoint on \($0)" }
                         ?? "not compared with a checkpoint you hold (--checkpoint FILE)"))
        context.print()
        let labels = english ? ["seq", "at", "stream", "version", "type", "agency/officer", "event hash"]
            : ["序号 seq", "时间 at", "流 stream", "版本 version", "类型 type", "记录人 agency/officer", "事件哈希 event hash"]
        var table = TextTable(headers: labels, alignments: [.right, .left, .left, .right, .left, .left, .left])
        for entry in entries {
            let r = entry.record
            table.add(["\(r.seq)", r.at, r.stream, "\(r.version)", r.type, "\(r.actor.agency)/\(r.actor.officer)", entry.eventHash.hex])
        }
        context.standardOutput.write(table.render())
    }
}
