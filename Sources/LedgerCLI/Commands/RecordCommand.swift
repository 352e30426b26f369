import Foundation
import IPProtection
import LedgerCore
import LedgerStore

/// `ipledger record`: validate and append one action, or many (JSON lines), all or nothing.
struct RecordCommand: Command {
    static let name = "record"
    static let abstract = "Validate and append one action, or many as JSON lines, all or nothing."
    static let usage = "ipledger record [--ledger DIR] [--expect-version N] [--lock-timeout SECONDS] [--json] [FILE|-]"
    static let help = """
    ARGUMENTS:
      FILE                 One action (a JSON object) or many (JSON lines); `-` or nothing
                           reads standard input.

    OPTIONS:
      --ledger DIR         The ledger directory (else $IPLEDGER_DIR, else EventLog/ledger).
      --expect-version N   Refuse unless the action's stream is at version N (0: a new
                           stream). For a single action; in JSON lines use "expectedVersion".
      --lock-timeout S     Seconds to wait for another writer (default 10).
      --json               Print one JSON object per event: {"existing","hash","id","seq","stream","version"}.

    An action is {"type", "stream", "at", "actor": {"agency", "officer"}, "payload",
    "id"?, "expectedVersion"?}. It is checked against its type's schema (Schemas/), the
    registry (an enrolled, active officer of an agency allowed to record it) and the
    stream's rules. A refusal names the line, the member and the rule, and writes
    nothing (exit 1). An action whose id is already stored with the same content is
    not stored twice: the stored event is printed again.

    EXAMPLE:
      ipledger record --ledger EventLog/ledger case-opened.json
      ipledger record --ledger EventLog/ledger < day-of-acts.jsonl
    """

    static func run(_ arguments: inout Arguments, _ context: CommandContext) throws {
        let json = arguments.flag("json")
        let expectVersion = try arguments.intOption("expect-version", in: 0...Int.max)
        let lockTimeout = try lockTimeoutOption(&arguments)
        let directory = try LedgerLocation.directory(&arguments, context)
        let path = try arguments.finish(maxPositionals: 1).first
        var timing = Timing(context)
        let ledger = try LedgerLocation.open(directory)
        let source = path.flatMap { $0 == "-" ? nil : $0 } ?? "standard input"
        let bytes = try context.readInput(path)
        let actions: ActionPipeline
        switch try ActionInput.shape(bytes, source: source) {
        case .single(let action): actions = ActionPipeline(action)
        case .lines(let lines): actions = ActionPipeline(bytes: bytes, lines: lines, source: source)
        }
        timing.note("open the ledger, read the input and find its lines")
        if expectVersion != nil && actions.count != 1 {
            try actions.finish()  // a line that does not read is named first, as ever
            throw CLIError.usage("--expect-version is for a single action; give each JSON line its own \"expectedVersion\"")
        }
        let now = Timestamp(date: context.now())
        let writer = LedgerWriter(ledger: ledger, lockTimeout: lockTimeout, clock: { Timestamp(date: context.now()) },
                                  warn: { context.warn("Warning: \($0)") })
        let outcomes = try record(actions, with: writer, expectVersion: expectVersion, now: now, source: source)
        timing.note("decide, stage and append \(outcomes.count) act\(outcomes.count == 1 ? "" : "s")")
        // One write for them all: a batch of 10,000 is as many lines.
        var text: [UInt8] = []
        text.reserveCapacity(outcomes.count * 128)
        for i in outcomes.indices { describe(outcomes[i], json: json, into: &text) }
        context.standardOutput.write(text)
        timing.note("print what each act came to")
        // A big batch leaves tens of thousands of actions and records, and the recorder's
        // state, to free: they are left to the end of the process, which frees them at once.
        Teardown.leave((actions, writer, outcomes), large: outcomes.count >= 1_000)
    }

    /// Decides and stages every action under one lock; any refusal abandons them all.
    static func append(_ actions: [(line: Int, action: Action)], to ledger: FileLedger, expectVersion: Int?,
                       lockTimeout: Double, now: Timestamp, source: String, context: CommandContext) throws -> [AppendOutcome] {
        let writer = LedgerWriter(ledger: ledger, lockTimeout: lockTimeout, clock: { Timestamp(date: context.now()) },
                                  warn: { context.warn("Warning: \($0)") })
        return try record(actions, with: writer, expectVersion: expectVersion, now: now, source: source)
    }

    /// Records through `writer`, turning a refusal into one sentence naming the line.
    static func record(_ actions: [(line: Int, action: Action)], with writer: LedgerWriter, expectVersion: Int?,
                       now: Timestamp, source: String) throws -> [AppendOutcome] {
        try record(ActionPipeline(actions), with: writer, expectVersion: expectVersion, now: now, source: source)
    }

    /// Records the actions as they are read, turning a refusal into one sentence naming the
    /// line. A line that does not read is named before any refusal, wherever it is: every
    /// line is read before the first refusal (or any other failure) is reported.
    static func record(_ actions: ActionPipeline, with writer: LedgerWriter, expectVersion: Int?,
                       now: Timestamp, source: String) throws -> [AppendOutcome] {
        do {
            return try writer.record(count: actions.count, actions.action(at:), now: now, expectedVersion: expectVersion)
        } catch let failure as LedgerWriter.Failure {
            try actions.finish()
            let place = actions.count == 1 ? source : "\(source) line \(actions.line(failure.index))"
            let reason = (failure.underlying as? StoreError)?.description ?? "\(failure.underlying)"
            throw CLIError(.refused, "\(place): \(sentence(reason)) Nothing was recorded.")
        } catch let error as StoreError {
            try actions.finish()
            throw error.cliError
        } catch {
            try actions.finish()
            throw error
        }
    }

    static func describe(_ outcome: AppendOutcome, json: Bool) -> String {
        var text: [UInt8] = []
        describe(outcome, json: json, into: &text)
        return String(decoding: text.dropLast(), as: UTF8.self)
    }

    /// Appends what `record` prints for one outcome, and `\n`: `recorded #SEQ ID HASH`
    /// (`already recorded ...` for a retry), or with `json` the canonical object
    /// `{"existing","hash","id","seq","stream","version"}`.
    static func describe(_ outcome: AppendOutcome, json: Bool, into out: inout [UInt8]) {
        // The record read in place (`outcome.record` would copy it).
        switch outcome {
        case .appended(let record, let hash): describe(record, hash: hash, isNew: true, json: json, into: &out)
        case .existing(let record): describe(record, hash: record.eventHash, isNew: false, json: json, into: &out)
        }
    }

    private static func describe(_ record: LedgerRecord, hash: SHA256.Digest, isNew: Bool, json: Bool, into out: inout [UInt8]) {
        if json {
            CanonicalJSON.appendLiteral(isNew ? "{\"existing\":false,\"hash\":\"" : "{\"existing\":true,\"hash\":\"", to: &out)
            hash.withUnsafeBytes { Hex.write($0, into: &out) }
            CanonicalJSON.appendLiteral("\",\"id\":", to: &out)
            CanonicalJSON.writeString(record.id, into: &out)
            CanonicalJSON.appendLiteral(",\"seq\":", to: &out)
            CanonicalJSON.writeNumber(Double(record.seq), into: &out)
            CanonicalJSON.appendLiteral(",\"stream\":", to: &out)
            CanonicalJSON.writeString(record.stream, into: &out)
            CanonicalJSON.appendLiteral(",\"version\":", to: &out)
            CanonicalJSON.writeNumber(Double(record.version), into: &out)
            CanonicalJSON.appendLiteral("}\n", to: &out)
            return
        }
        CanonicalJSON.appendLiteral(isNew ? "recorded #" : "already recorded #", to: &out)
        CanonicalJSON.writeNumber(Double(record.seq), into: &out)
        out.append(0x20)
        out += record.id.utf8
        out.append(0x20)
        hash.withUnsafeBytes { Hex.write($0, into: &out) }
        out.append(0x0a)
    }

    static func lockTimeoutOption(_ arguments: inout Arguments) throws -> Double {
        guard let text = try arguments.option("lock-timeout") else { return 10 }
        guard let seconds = Double(text), seconds >= 0, seconds.isFinite else {
            throw CLIError.usage("--lock-timeout takes a number of seconds, not \"\(text)\"")
        }
        return seconds
    }
}

/// Reads actions from a file's bytes: one JSON object (possibly spread over lines), or JSON lines.
enum ActionInput {
    /// What the input holds: one JSON text (a single action, however it is laid out), or
    /// JSON lines: the number and byte range of each line that is not blank.
    enum Shape {
        case single(Action)
        case lines([(number: Int, range: Range<Int>)])
    }

    static func read(_ bytes: [UInt8], source: String, consequence: String = "Nothing was recorded.") throws -> [(line: Int, action: Action)] {
        switch try shape(bytes, source: source, consequence: consequence) {
        case .single(let action):
            return [(1, action)]
        case .lines(let lines):
            return try bytes.withUnsafeBytes { raw in
                try inParallel(lines) { line in
                    (line.number, try action(inLine: UnsafeRawBufferPointer(rebasing: raw[line.range]), number: line.number,
                                             source: source, consequence: consequence))
                }
            }
        }
    }

    /// Tells one JSON text from JSON lines (more than one value means JSON lines; any other
    /// error is the single action's), and finds the lines.
    static func shape(_ bytes: [UInt8], source: String, consequence: String = "Nothing was recorded.") throws -> Shape {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }) {
            throw CLIError(.refused, "\(source) holds no action; give one JSON object, or JSON lines")
        }
        do {
            return .single(try action(JSONParser.parse(bytes), place: source, consequence: consequence))
        } catch let error as JSONError where !error.message.hasPrefix("expected end of input after the JSON value") {
            throw CLIError(.refused, "\(source), \(sentence(error)) \(consequence)")
        } catch is JSONError {}
        var lines: [(number: Int, range: Range<Int>)] = []
        var lineNumber = 0
        bytes.withUnsafeBytes { raw in
            var start = 0
            while start <= raw.count {
                let end = start == raw.count ? start
                    : memchr(raw.baseAddress! + start, 0x0a, raw.count - start).map { raw.baseAddress!.distance(to: $0) } ?? raw.count
                lineNumber += 1
                if !raw[start..<end].allSatisfy({ $0 == 0x20 || $0 == 0x0d || $0 == 0x09 }) { lines.append((lineNumber, start..<end)) }
                start = end + 1
            }
        }
        return .lines(lines)
    }

    /// The action on line `number` of JSON lines, or the refusal that names the line.
    static func action(inLine line: UnsafeRawBufferPointer, number: Int, source: String,
                       consequence: String = "Nothing was recorded.") throws -> Action {
        do {
            return try Action(line: line)
        } catch let error as JSONError {
            throw CLIError(.refused, "\(source) line \(number), column \(error.column): \(sentence(error.message)) \(consequence)")
        } catch let refusal as Refusal {
            throw CLIError(.refused, "\(source) line \(number): \(sentence(refusal)) \(consequence)")
        }
    }

    /// `items.map(transform)`, on every core for many items (each in one contiguous part);
    /// a failure is the first the sequential map would meet.
    static func inParallel<T, R>(_ items: [T], _ transform: (T) throws -> R) throws -> [R] {
        let parts = min(ProcessInfo.processInfo.activeProcessorCount, items.count / 256)
        guard parts > 1 else { return try items.map(transform) }
        var results = [Result<[R], Error>](repeating: .success([]), count: parts)
        results.withUnsafeMutableBufferPointer { out in
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let range = (items.count * part / parts)..<(items.count * (part + 1) / parts)
                out[part] = Result { try items[range].map(transform) }
            }
        }
        var all: [R] = []
        all.reserveCapacity(items.count)
        for result in results { all += try result.get() }
        return all
    }

    static func action(_ value: JSONValue, place: String, consequence: String = "Nothing was recorded.") throws -> Action {
        do {
            return try Action(json: value)
        } catch let refusal as Refusal {
            throw CLIError(.refused, "\(place): \(sentence(refusal)) \(consequence)")
        }
    }
}

extension Timestamp {
    /// The instant of a Foundation date, in UTC, to the millisecond.
    init(date: Date) {
        let ms = (date.timeIntervalSince1970 * 1000).rounded(.down)
        let seconds = Int64((ms / 1000).rounded(.down))
        self.init(seconds: seconds, nanoseconds: Int32(Int64(ms) - seconds * 1000) * 1_000_000)
    }
}
