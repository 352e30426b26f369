import Foundation
import LedgerCore

/// Generates a realistic ledger: a registry, then reports, cases, transfers, disputes and
/// supervisions of many matters at once, interleaved in time, as the agencies of
/// DOMAIN.md would record them. Every act is one the domain accepts (the fixture tests
/// decide a generated log through the recorder); most are on time, some late, some
/// recorded days after they happened, and some matters are left unfinished, so the
/// read models see overdue deadlines, late acts and alerts.
///
/// The same options give the same log, byte for byte.
///
/// ```swift
/// try LogGenerator(LogGenerator.Options(events: 100_000)).write(toDirectory: dir)
/// ```
public final class LogGenerator {
    /// What to generate.
    public struct Options: Sendable {
        /// The number of events (the registry's included).
        public var events: Int
        /// The seed of the random choices.
        public var seed: UInt64
        /// When the ledger is opened (the first act's `at`), seconds since the epoch.
        public var start: Int64
        /// The mean time between two new matters, in seconds.
        public var arrivalSeconds: Int64
        /// Whether matters left unfinished (open deadlines that become overdue) occur.
        public var abandonment: Double

        public init(events: Int, seed: UInt64 = 20_240_426, start: Int64 = 1_704_157_200, arrivalSeconds: Int64 = 2_400,
                    abandonment: Double = 0.06) {
            self.events = events
            self.seed = seed
            self.start = start
            self.arrivalSeconds = arrivalSeconds
            self.abandonment = abandonment
        }
    }

    /// One act a matter will record.
    struct Step {
        var stream: String
        var type: String
        var actor: Actor
        var payload: [String: JSONValue]
        /// Seconds after the matter's previous act (`at`).
        var delay: Int64
        /// Seconds between the act and its recording.
        var lag: Int64
    }

    /// A matter in progress: its script and where it stands.
    struct Matter {
        var steps: [Step]
        var next = 0
        /// `at` of the next step, seconds since the epoch.
        var nextAt: Int64
        /// When the previous step was recorded.
        var lastEmit: Int64 = 0
    }

    /// A heap entry: a matter's next recording, or (matter -1) the arrival of a new matter.
    struct Pending: Comparable {
        var emit: Int64
        var order: Int
        var matter: Int
        static func < (a: Pending, b: Pending) -> Bool { (a.emit, a.order) < (b.emit, b.order) }
    }

    public let options: Options
    var random: SplitMix64
    let registry = FixtureRegistry()
    var heap: [Pending] = []
    var matters: [Int: Matter] = [:]
    var nextMatter = 0
    var nextOrder = 0
    /// Counters for stream names.
    var serial = 0
    /// The cases opened so far, for publications to name.
    var openedCases: [String] = []

    static let offset: Int32 = 8 * 3600

    public init(_ options: Options) {
        self.options = options
        random = SplitMix64(seed: options.seed)
    }

    /// Generates the log, calling `sink` with each record and its line (without `\n`).
    public func generate(_ sink: (LedgerRecord, [UInt8]) throws -> Void) rethrows {
        var seq = 0
        var head = SHA256.Digest.zero
        var versions: [String: Int] = [:]
        var lastRecorded = options.start - 1
        func emit(_ stream: String, _ type: String, _ actor: Actor, _ payload: [String: JSONValue], at: Int64, recordedAt: Int64) throws {
            seq += 1
            var payload = payload
            for (key, value) in payload {
                if case .string(let text) = value, text.hasPrefix("$") { payload[key] = LogGenerator.resolve(text, at: at) }
            }
            if type == "CaseOpened" { openedCases.append(stream) }
            let version = (versions[stream] ?? 0) + 1
            versions[stream] = version
            lastRecorded = max(lastRecorded + 1, recordedAt)
            let record = LedgerRecord(seq: seq, id: "\(stream)@\(version)", stream: stream, version: version, type: type, schema: 1,
                                      at: Timestamp(seconds: at, offsetSeconds: LogGenerator.offset).description,
                                      recorded: Timestamp(seconds: lastRecorded).utcString, actor: actor, payload: payload,
                                      prev: head.hex)
            let line = record.canonicalBytes
            head = SHA256.hash(line)
            try sink(record, line)
        }
        for (i, step) in registry.openingSteps().enumerated() where seq < options.events {
            let at = options.start + Int64(i / 20) * 60
            try emit("registry", step.type, step.actor, step.payload, at: at, recordedAt: at + 30)
        }
        push(emit: options.start + 3_600, matter: -1)
        while seq < options.events, let pending = pop() {
            if pending.matter < 0 {
                startMatter(at: pending.emit)
                let gap = options.arrivalSeconds / 2 + Int64(random.int(0...Int(options.arrivalSeconds)))
                push(emit: pending.emit + gap, matter: -1)
                continue
            }
            guard var matter = matters[pending.matter] else { continue }
            let step = matter.steps[matter.next]
            try emit(step.stream, step.type, step.actor, step.payload, at: matter.nextAt, recordedAt: pending.emit)
            matter.lastEmit = pending.emit
            matter.next += 1
            if matter.next < matter.steps.count {
                let following = matter.steps[matter.next]
                matter.nextAt += following.delay
                push(emit: max(matter.nextAt + following.lag, matter.lastEmit + 1), matter: pending.matter)
                matters[pending.matter] = matter
            } else {
                matters[pending.matter] = nil
            }
        }
    }

    /// Every record, in order (for small logs in tests).
    public func records() -> [LedgerRecord] {
        var out: [LedgerRecord] = []
        generate { record, _ in out.append(record) }
        return out
    }

    /// Every line with its `\n`: the bytes of `events.jsonl`.
    public func logBytes() -> [UInt8] {
        var out: [UInt8] = []
        generate { _, line in out += line; out.append(0x0a) }
        return out
    }

    /// Writes `events.jsonl` into `directory` (created if needed), in large blocks.
    public func write(toDirectory directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("events.jsonl")
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteUnknown)
        }
        defer { try? handle.close() }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 22)
        try generate { _, line in
            buffer += line
            buffer.append(0x0a)
            if buffer.count >= 1 << 22 {
                try handle.write(contentsOf: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: buffer)
    }

    /// A placeholder's value: `$AT` is the act's `at`; `$DATE+N` the date of the act plus N days.
    static func resolve(_ placeholder: String, at: Int64) -> JSONValue {
        if placeholder == "$AT" { return .string(Timestamp(seconds: at, offsetSeconds: offset).description) }
        if placeholder.hasPrefix("$DATE+"), let days = Int64(placeholder.dropFirst(6)) {
            return .string(String(Timestamp(seconds: at + days * 86_400, offsetSeconds: offset).description.prefix(10)))
        }
        return .string(placeholder)
    }

    // MARK: Scheduling

    func push(emit: Int64, matter: Int) {
        nextOrder += 1
        heap.append(Pending(emit: emit, order: nextOrder, matter: matter))
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[i] < heap[parent] else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    func pop() -> Pending? {
        guard let first = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var smallest = i
                if l < heap.count, heap[l] < heap[smallest] { smallest = l }
                if r < heap.count, heap[r] < heap[smallest] { smallest = r }
                if smallest == i { break }
                heap.swapAt(i, smallest)
                i = smallest
            }
        }
        return first
    }

    func startMatter(at start: Int64) {
        var script = MatterScript(generator: self, random: random)
        script.build()
        random = script.random
        var steps = script.steps
        guard !steps.isEmpty else { return }
        if steps.count > 2, random.chance(options.abandonment) {
            steps.removeLast(random.int(1...(steps.count - 2)))
        }
        let id = nextMatter
        nextMatter += 1
        matters[id] = Matter(steps: steps, nextAt: start + steps[0].delay)
        push(emit: start + steps[0].delay + steps[0].lag, matter: id)
    }

    func nextSerial() -> Int {
        serial += 1
        return serial
    }
}
