import Foundation
import LedgerCore

/// One all-or-nothing append, run under the ledger's lock.
///
/// The body reads the ledger as it stands (committed events and what it staged so
/// far) and stages drafts; `FileLedger.append` then writes every staged line with one
/// `write` and one `fsync`, or nothing at all.
public final class AppendTransaction: StreamSource {
    let ledger: FileLedger
    let index: EventIndex
    private(set) var staged: [LedgerRecord] = []
    /// Every staged line, each followed by `\n`: the bytes the append writes.
    private(set) var stagedBytes: [UInt8] = []
    /// The length of each staged line, without its `\n`.
    private(set) var stagedLengths: [Int] = []
    /// The event hash of each staged line.
    private(set) var stagedHashes: [SHA256.Digest] = []
    /// The index keys (`EventIndex.key`) of each staged record's stream and id.
    private(set) var stagedKeys: [(stream: UInt64, id: UInt64)] = []
    /// What each call to `stage` gave back, in order.
    private(set) var outcomes: [AppendOutcome] = []
    /// The event hash the log ends with once the staged lines are written (the committed
    /// head while nothing is staged).
    public private(set) var head: SHA256.Digest
    private var lastRecorded: Timestamp?
    /// `recorded` as last written, and the time it says (the clock repeats itself within a millisecond).
    private var lastRecordedText: (time: Timestamp, text: String)?
    private let now: () -> Timestamp
    /// The last staged record of each stream, and for each staged record the one before it
    /// in its stream (-1: none).
    private var stagedLast: [String: Int] = [:]
    private var stagedPrevious: [Int] = []
    /// The staged records whose ids were chosen (not their default `stream@version`; those
    /// are found through `stagedLast`, as the index finds them).
    private var stagedByID: [String: Int] = [:]
    private var recordCache: [Int: LedgerRecord] = [:]
    private var log: POSIXFile?

    /// - Parameter known: committed lines already read, by position (0-based).
    init(ledger: FileLedger, index: EventIndex, log: POSIXFile? = nil, now: @escaping () -> Timestamp,
         known: [Int: LedgerRecord] = [:]) {
        self.ledger = ledger
        self.log = log
        recordCache = known
        self.index = index
        self.head = index.head
        self.lastRecorded = Timestamp(rfc3339: index.lastRecorded)
        self.now = now
    }

    /// Makes room for `events` more staged events (their lines about 640 bytes each), so
    /// that a large batch's bytes are not copied again and again as they grow.
    public func reserveCapacity(events: Int) {
        stagedBytes.reserveCapacity(stagedBytes.count + events * 640)
        staged.reserveCapacity(staged.count + events)
        stagedLengths.reserveCapacity(stagedLengths.count + events)
        stagedHashes.reserveCapacity(stagedHashes.count + events)
        stagedKeys.reserveCapacity(stagedKeys.count + events)
        stagedPrevious.reserveCapacity(stagedPrevious.count + events)
        outcomes.reserveCapacity(outcomes.count + events)
    }

    /// The number of events committed before this transaction.
    public var committedCount: Int { index.count }

    /// The event hash of the last line committed before this transaction.
    public var committedHead: SHA256.Digest { index.head }

    /// The version `stream` is at, counting what this transaction staged (0: no such stream).
    public func version(ofStream stream: String) throws -> Int {
        try version(ofStream: stream, key: EventIndex.key(stream))
    }

    private func version(ofStream stream: String, key: UInt64) throws -> Int {
        if let i = stagedLast[stream] { return staged[i].version }
        var name: [UInt8] = []  // the stream's JSON form, once a line is to be scanned for it
        var found = 0
        // From the last entry with the stream's key back, until one is the stream's (another
        // stream may share the key): usually the first.
        try index.forEachStreamPositionBackward(key) { position in
            if recordCache[position] == nil {
                if name.isEmpty { CanonicalJSON.writeString(stream, into: &name) }
                if let version = try committedVersion(position, ifStream: name) {
                    found = version
                    return version == 0
                }
            }
            let record = try committedRecord(position)
            if record.stream == stream { found = record.version }
            return found == 0
        }
        return found
    }

    public func records(inStream stream: String) throws -> [LedgerRecord] {
        var out: [LedgerRecord] = []
        for position in index.streamPositions(EventIndex.key(stream)) {
            let record = try committedRecord(position)
            if record.stream == stream { out.append(record) }
        }
        var mine: [Int] = []
        var next = stagedLast[stream]
        while let i = next {
            mine.append(i)
            next = stagedPrevious[i] >= 0 ? stagedPrevious[i] : nil
        }
        for i in mine.reversed() { out.append(staged[i]) }
        return out
    }

    public func record(withID id: String) throws -> LedgerRecord? {
        try record(withID: id, key: EventIndex.key(id))
    }

    /// `chosenOnly`: see `EventIndex.position(ofID:key:chosenOnly:where:)`.
    private func record(withID id: String, key: UInt64, chosenOnly: Bool = false) throws -> LedgerRecord? {
        if !stagedByID.isEmpty, let i = stagedByID[id] { return staged[i] }
        if !chosenOnly, let i = stagedPosition(ofDefaultID: id) { return staged[i] }
        var found: LedgerRecord?
        _ = try index.position(ofID: id, key: key, chosenOnly: chosenOnly) { position in
            let record = try committedRecord(position)
            if record.id == id { found = record }
            return found != nil
        }
        return found
    }

    /// The staged record whose id is the default `id`, `stream@version`, if any.
    private func stagedPosition(ofDefaultID id: String) -> Int? {
        guard !stagedLast.isEmpty, let (stream, version) = EventIndex.defaultIDParts(id) else { return nil }
        var next = stagedLast[String(stream)]
        while let i = next, staged[i].version >= version {
            if staged[i].version == version { return staged[i].id == id ? i : nil }
            next = stagedPrevious[i] >= 0 ? stagedPrevious[i] : nil
        }
        return nil
    }

    /// Stages `draft` as the next event.
    ///
    /// - An `id` already used for the same act returns that event (an idempotent retry).
    /// - Throws: `StoreError.idConflict` for an id used for another act;
    ///   `StoreError.versionConflict` when `expectedVersion` is not the stream's version;
    ///   `StoreError.idKeyTaken` for a chosen id the index cannot tell from the default one.
    @discardableResult
    public func stage(_ draft: EventDraft, expectedVersion: Int? = nil) throws -> AppendOutcome {
        try stage(draft, expectedVersion: expectedVersion) { _ in }
        return outcomes[outcomes.count - 1]
    }

    /// Stages `draft` as `stage(_:expectedVersion:)` does, and lends `body` the record it
    /// came to (new or stored), without copying it: a batch's recorder folds each one so.
    public func stage(_ draft: EventDraft, expectedVersion: Int? = nil, then body: (LedgerRecord) -> Void) throws {
        let givenIDKey = draft.id.map(EventIndex.key)
        if let id = draft.id, let existing = try record(withID: id, key: givenIDKey!) {
            guard draft.sameContent(as: existing) else { throw StoreError.idConflict(id: id, seq: existing.seq) }
            body(existing)
            outcomes.append(.existing(existing))
            return
        }
        let streamKey = EventIndex.key(draft.stream)
        let current = try version(ofStream: draft.stream, key: streamKey)
        if let expected = expectedVersion, expected != current {
            throw StoreError.versionConflict(stream: draft.stream, expected: expected, actual: current)
        }
        let seq = index.count + staged.count + 1
        let version = current + 1
        let defaultID = "\(draft.stream)@\(version)"
        let id = draft.id ?? defaultID
        let idKey = givenIDKey ?? EventIndex.key(id)
        // The default id is taken only if someone chose it for another event: the stream
        // has no event at `version` yet.
        if draft.id == nil, let clash = try record(withID: id, key: idKey, chosenOnly: true) {
            throw StoreError.idConflict(id: id, seq: clash.seq)
        }
        // The index keeps chosen ids apart from default ones by their keys (`EventIndex.hasChosenID`).
        if idKey == EventIndex.defaultIDKey(streamKey: streamKey, version: UInt32(version)), id != defaultID {
            throw StoreError.idKeyTaken(id: id, defaultID: defaultID)
        }
        let record = draft.record(seq: seq, version: version, recorded: nextRecordedText(), prev: head.hex, defaultID: id)
        let start = stagedBytes.count
        record.writeCanonical(into: &stagedBytes)
        let length = stagedBytes.count - start
        head = stagedBytes.withUnsafeBytes { SHA256.hash(UnsafeRawBufferPointer(rebasing: $0[start..<start + length])) }
        stagedBytes.append(0x0a)
        stagedPrevious.append(stagedLast.updateValue(staged.count, forKey: record.stream) ?? -1)
        if draft.id != nil && id != defaultID { stagedByID[record.id] = staged.count }
        body(record)
        staged.append(record)
        stagedLengths.append(length)
        stagedHashes.append(head)
        stagedKeys.append((streamKey, idKey))
        outcomes.append(.appended(record, hash: head))
    }

    /// `nextRecorded()` as RFC 3339 UTC, formatted once per distinct time.
    private func nextRecordedText() -> String {
        let t = nextRecorded()
        if let last = lastRecordedText, last.time == t { return last.text }
        let text = RecordedTime.text(t)
        lastRecordedText = (t, text)
        return text
    }

    /// Ledger time never runs backwards, whatever the clock does: at least the last `recorded`.
    private func nextRecorded() -> Timestamp {
        var t = now()
        let utc = Timestamp(seconds: t.seconds, nanoseconds: t.nanoseconds / 1_000_000 * 1_000_000, offsetSeconds: 0)
        t = utc
        if let last = lastRecorded, t < last { t = last }
        lastRecorded = t
        return t
    }

    // MARK: Lookups over the committed index

    /// The `version` of the committed line at `position` when its `stream` is the one whose
    /// JSON form is `name`, 0 when it is another stream; `nil` when the line does not scan as
    /// a canonical object with those members (the caller decodes it, and names the defect).
    /// Cheaper than decoding the record: a single append asks this of its stream's last line.
    private func committedVersion(_ position: Int, ifStream name: [UInt8]) throws -> Int? {
        if log == nil { log = try POSIXFile(path: ledger.eventsPath, flags: O_RDONLY) }
        let line = try ledger.readLine(index.entry(position), from: log)
        return line.withUnsafeBytes { raw -> Int? in
            guard let members = try? CanonicalScanner.scanObject(raw) else { return nil }
            var sameStream: Bool?
            var version: Int?
            for member in members {
                let memberName = raw[member.name]
                if memberName.elementsEqual("stream".utf8) {
                    sameStream = raw[member.value].elementsEqual(name)
                } else if memberName.elementsEqual("version".utf8) {
                    var v = 0
                    for digit in raw[member.value] {
                        guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9"), v < Int.max / 10 - 10 else { return nil }
                        v = v * 10 + Int(digit - UInt8(ascii: "0"))
                    }
                    version = v
                }
            }
            guard let sameStream, let version, version > 0 else { return nil }
            return sameStream ? version : 0
        }
    }

    /// The committed lines this transaction read or was given, handed over (none are kept).
    func takeRecordCache() -> [Int: LedgerRecord] {
        var cache: [Int: LedgerRecord] = [:]
        swap(&cache, &recordCache)
        return cache
    }

    private func committedRecord(_ position: Int) throws -> LedgerRecord {
        if let r = recordCache[position] { return r }
        if log == nil { log = try POSIXFile(path: ledger.eventsPath, flags: O_RDONLY) }
        let record = try ledger.decode(ledger.readLine(index.entry(position), from: log), lineNumber: position + 1)
        if recordCache.count > 100_000 { recordCache.removeAll(keepingCapacity: true) }
        recordCache[position] = record
        return record
    }
}

/// What one staged draft came to.
public enum AppendOutcome: Equatable, Sendable {
    /// A new event, with its event hash.
    case appended(LedgerRecord, hash: SHA256.Digest)
    /// An idempotent retry: the event already stored under the draft's id.
    case existing(LedgerRecord)

    public var record: LedgerRecord {
        switch self {
        case .appended(let r, _), .existing(let r): return r
        }
    }

    public var isNew: Bool {
        if case .appended = self { return true }
        return false
    }
}
