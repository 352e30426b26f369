/// What the domain may read of a ledger while it decides: the records of one stream.
///
/// The file store's append transaction answers it (including what the transaction
/// has staged so far), and so does `InMemoryLedger` in tests.
public protocol StreamSource {
    /// Every record of `stream`, in version order; empty when the stream does not exist yet.
    func records(inStream stream: String) throws -> [LedgerRecord]
    /// The record whose `id` is `id`, if the ledger has one.
    func record(withID id: String) throws -> LedgerRecord?
}

/// What an append adds before the ledger numbers and chains it: an event without
/// `seq`, `version`, `recorded` and `prev`.
public struct EventDraft: Hashable, Sendable {
    /// The idempotency key the submitter gave, or `nil` to have the ledger make one.
    public var id: String?
    public var stream: String
    public var type: String
    public var schema: Int
    public var at: String
    public var actor: Actor
    public var payload: [String: JSONValue] {
        didSet { canonicalPayload = DerivedBytes() }
    }
    /// The RFC 8785 form of `payload` once `encodePayload()` wrote it (cleared whenever
    /// `payload` changes): the record's line is then written without encoding it again.
    public private(set) var canonicalPayload = DerivedBytes()

    public init(id: String? = nil, stream: String, type: String, schema: Int = 1, at: String, actor: Actor, payload: [String: JSONValue]) {
        self.id = id
        self.stream = stream
        self.type = type
        self.schema = schema
        self.at = at
        self.actor = actor
        self.payload = payload
    }

    /// Writes the RFC 8785 form of `payload` now (on whatever thread makes the draft), so
    /// that appending it does not.
    public mutating func encodePayload() {
        var bytes: [UInt8] = []
        CanonicalJSON.writeObject(payload, into: &bytes)
        canonicalPayload = DerivedBytes(bytes)
    }

    /// Takes the `payload` member of `line` as the RFC 8785 form of this draft's payload,
    /// when `line` is a JSON object in RFC 8785 form (then so is each of its members); the
    /// caller vouches that `payload` is what that member parses to (`Action(line:)` read it
    /// from that line). Input already canonical is thus never encoded again.
    ///
    /// - Returns: whether it did; if not, `encodePayload()` is the way.
    public mutating func takeCanonicalPayload(from line: UnsafeRawBufferPointer) -> Bool {
        guard let members = try? CanonicalScanner.scanObject(line),
              let member = members.first(where: { line[$0.name].elementsEqual("payload".utf8) }) else { return false }
        canonicalPayload = DerivedBytes(Array(line[member.value]))
        return true
    }

    /// Whether `record` holds the same act as this draft (for an idempotent retry with the same `id`).
    public func sameContent(as record: LedgerRecord) -> Bool {
        record.stream == stream && record.type == type && record.schema == schema && record.at == at
            && record.actor == actor && record.payload == payload
    }

    /// The record this draft becomes at position `seq` / `version` after `prev`.
    public func record(seq: Int, version: Int, recorded: String, prev: String, defaultID: String) -> LedgerRecord {
        var record = LedgerRecord(seq: seq, id: id ?? defaultID, stream: stream, version: version, type: type, schema: schema,
                                  at: at, recorded: recorded, actor: actor, payload: payload, prev: prev)
        record.canonicalPayload = canonicalPayload
        return record
    }
}

/// A whole ledger in memory behind `StreamSource`: the real type tests use instead of files.
public final class InMemoryLedger: StreamSource {
    public private(set) var records: [LedgerRecord] = []
    /// The canonical lines, without `\n`, in order.
    public private(set) var lines: [[UInt8]] = []
    private var byStream: [String: [Int]] = [:]
    private var byID: [String: Int] = [:]
    public private(set) var head = SHA256.Digest.zero

    public init() {}

    public func records(inStream stream: String) -> [LedgerRecord] {
        (byStream[stream] ?? []).map { records[$0] }
    }

    public func record(withID id: String) -> LedgerRecord? {
        byID[id].map { records[$0] }
    }

    /// The version the stream is at: 0 when it does not exist.
    public func version(ofStream stream: String) -> Int { byStream[stream]?.count ?? 0 }

    /// Numbers, chains and keeps `draft`; the id defaults to `evt-<seq>`.
    @discardableResult
    public func append(_ draft: EventDraft, recorded: String) -> LedgerRecord {
        let seq = records.count + 1
        let record = draft.record(seq: seq, version: version(ofStream: draft.stream) + 1, recorded: recorded,
                                  prev: head.hex, defaultID: "evt-\(seq)")
        let line = record.canonicalBytes
        head = SHA256.hash(line)
        byStream[record.stream, default: []].append(records.count)
        byID[record.id] = records.count
        records.append(record)
        lines.append(line)
        return record
    }

    /// The log file's bytes: every line with its `\n`.
    public var logBytes: [UInt8] {
        var out: [UInt8] = []
        for line in lines { out += line; out.append(0x0a) }
        return out
    }
}
