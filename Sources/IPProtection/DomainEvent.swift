#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LedgerCore

/// The kinds of stream the domain folds: the part of a stream's name before its `/`.
public enum StreamKind: String, CaseIterable, Hashable, Sendable {
    case registry, report, `case`, supervision, mediation, action, meeting, service, publication

    /// The kind of `stream` as `LedgerRecord.streamKind` reads it (its first non-empty
    /// `/`-separated part), if the domain folds that kind; read from the bytes, without
    /// allocating.
    public init?(stream: String) {
        guard let kind = StreamKind.read(stream).kind else { return nil }
        self = kind
    }

    /// The kind of `stream` as `init(stream:)` reads it, and whether the stream is written
    /// `<kind>/<name>` (the kind before its first `/`, not after a leading one).
    static func read(_ stream: String) -> (kind: StreamKind?, isPrefix: Bool) {
        var stream = stream
        return stream.withUTF8 { bytes in
            var start = 0
            while start < bytes.count, bytes[start] == UInt8(ascii: "/") { start += 1 }
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "/") { end += 1 }
            return (StreamKind.byName.lookUp(UnsafeBufferPointer(rebasing: bytes[start..<end])), start == 0 && end < bytes.count)
        }
    }

    /// The kind of a stream written `<kind>/<name>` (the kind before the first `/`, as
    /// the read models' `ItemKind` reads it), if the domain folds that kind.
    public init?(prefixOf stream: String) {
        var stream = stream
        guard let kind = stream.withUTF8({ bytes -> StreamKind? in
            guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")) else { return nil }
            return StreamKind.byName.lookUp(UnsafeBufferPointer(rebasing: bytes[..<slash]))
        }) else { return nil }
        self = kind
    }

    private static let byName = NameTable(allCases.map { ($0.rawValue, $0) })
}

/// One record as the domain folds it, with what every state and read model asks of it
/// worked out once: the type's name, the stream's kind, and the reference to the event.
///
/// It keeps the members the fold reads, not the record: the states read them many times
/// per event, and each read of a member of a stored record could copy the whole record.
public struct DomainEvent {
    /// The record's `seq`.
    public let seq: Int
    /// The record's stream.
    public var stream: String { streamKey.name }
    /// The record's stream as the states' tables look it up: hashed once, where the event
    /// is read (for a line, on the thread that reads it, not the one that folds it).
    public let streamKey: StreamKey
    /// The type's name, `nil` for a type the catalogue does not know.
    public let name: EventName?
    /// The stream's kind, `nil` for a kind the domain does not fold.
    public let kind: StreamKind?
    /// Whether the stream is written `<kind>/<name>`, its kind before its first `/`
    /// (as `StreamKind(prefixOf:)` reads it).
    public let kindIsPrefix: Bool
    /// Who recorded the act.
    public let actor: Actor
    /// The payload, upcast to the type's current schema.
    public let payload: Payload
    /// The reference to the event.
    public internal(set) var reference: EventReference

    /// `stored` upcast, and read once.
    public init(_ stored: borrowing LedgerRecord) {
        if stored.schema < Catalogue.newestVersion {
            self.init(read: Catalogue.upcast(stored))
        } else {
            self.init(read: stored)
        }
    }

    private init(read record: borrowing LedgerRecord) {
        seq = record.seq
        streamKey = StreamKey(record.stream)
        name = EventName(record.type)
        (kind, kindIsPrefix) = StreamKind.read(record.stream)
        actor = record.actor
        payload = Payload(record.payload)
        reference = EventReference(record, name: name)
    }

    /// The event of a line read in place (`RecordLine`), whose stream's name is `stream`;
    /// `nil` when its schema needs an upcast (the caller reads it as a `LedgerRecord`).
    ///
    /// It reads what `init(_:)` reads of the record the full parser would make of the line;
    /// the payload keeps the line's canonical bytes (`Payload`), read when the fold asks.
    public init?(line: RecordLine, stream: String) {
        guard line.schema >= Catalogue.newestVersion else { return nil }
        let bytes = line.bytes
        func buffer(_ r: Range<Int>) -> UnsafeBufferPointer<UInt8> {
            UnsafeRawBufferPointer(rebasing: bytes[r]).bindMemory(to: UInt8.self)
        }
        seq = line.seq
        streamKey = StreamKey(stream)
        let name = EventName.byName.lookUp(buffer(line.type))
        self.name = name
        (kind, kindIsPrefix) = StreamKind.read(stream)
        actor = Actor(agency: line.string(line.agency), officer: line.string(line.officer))
        payload = Payload(canonical: Array(UnsafeRawBufferPointer(rebasing: bytes[line.payload])),
                          object: 0..<line.payload.count)
        let idBytes = UnsafeRawBufferPointer(rebasing: bytes[line.id])
        let version = memchr(idBytes.baseAddress!, 0x5c, idBytes.count) == nil
            ? EventReference.defaultIDVersion(idBytes, stream: UnsafeRawBufferPointer(rebasing: bytes[line.stream]))
            : EventReference.defaultIDVersion(line.string(line.id), stream: stream)
        reference = EventReference(seq: line.seq, stream: stream, at: Timestamp(rfc3339Bytes: buffer(line.at)) ?? Timestamp(seconds: 0),
                                   version: version, name: name, id: { line.string(line.id) }, type: { line.string(line.type) })
    }

    /// When the act happened (the epoch if unreadable).
    public var at: Timestamp { reference.at }
}

/// The state of the stream an event was folded into, as it stands after the event: what
/// the read models that follow items (workload, statistics) need, without looking the
/// stream up again.
public enum StreamState: Sendable {
    /// The registry.
    case registry
    case report(ReportState)
    case `case`(CaseState)
    case supervision(SupervisionState)
    case mediation(MediationState)
    /// A joint action, meeting, service or publication, or a stream of a kind the domain does not fold.
    case other
}
