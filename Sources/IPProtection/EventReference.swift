import LedgerCore

/// A reference to one recorded event, for trails and alerts.
///
/// The folded states hold one or more references per event, so a reference is kept
/// compact, in 56 bytes and no allocation of its own: the stream is the `String` of the
/// stream's state (shared, not copied), the type is an `EventName` (one byte), and the id
/// is stored only when it is not the ledger's default `<stream>@<version>` (a submitter's
/// own id), otherwise made again when read.
public struct EventReference: Hashable, Sendable {
    /// The event's `seq`, `at`, type and default-id version.
    private(set) var stamp: EventStamp
    /// The event's stream.
    private var storedStream: String
    /// What a reference rarely needs: an id a submitter chose, a type the catalogue does not know.
    private(set) var rare: Rare?

    /// The parts of a reference stored apart because they are rare.
    final class Rare: Sendable {
        let id: String?
        let type: String?

        init?(id: String?, type: String?) {
            guard id != nil || type != nil else { return nil }
            self.id = id
            self.type = type
        }
    }

    public init(seq: Int, id: String, stream: String, type: String, at: Timestamp) {
        let version = EventReference.defaultIDVersion(id, stream: stream)
        let name = EventName(type)
        stamp = EventStamp(seq: seq, at: at, idVersion: version ?? 0, name: name)
        storedStream = stream
        rare = Rare(id: version == nil ? id : nil, type: name == nil ? type : nil)
    }

    /// The reference of `record`, its type's name already looked up (`nil`: not in the catalogue).
    ///
    /// Its `at` was checked when it was recorded; the epoch if unreadable.
    init(_ record: borrowing LedgerRecord, name: EventName?) {
        let version = EventReference.defaultIDVersion(record.id, stream: record.stream)
        stamp = EventStamp(seq: record.seq, at: Timestamp(rfc3339: record.at) ?? Timestamp(seconds: 0), idVersion: version ?? 0,
                           name: name)
        storedStream = record.stream
        rare = version != nil && name != nil ? nil : Rare(id: version == nil ? record.id : nil, type: name == nil ? record.type : nil)
    }

    /// The reference of `record` (its `at` was checked when it was recorded; the epoch if unreadable).
    public init(_ record: LedgerRecord) {
        self.init(record, name: EventName(record.type))
    }

    /// The reference made of its parts (see `stamp`, `rare`).
    init(_ stamp: EventStamp, stream: String, rare: Rare?) {
        self.stamp = stamp
        storedStream = stream
        self.rare = rare
    }

    /// The event's `seq`.
    public var seq: Int {
        get { stamp.seq }
        set { stamp.seq = newValue }
    }

    /// When the act happened.
    public var at: Timestamp {
        get { stamp.at }
        set { stamp.at = newValue }
    }

    /// The type, when the catalogue knows it.
    public var name: EventName? { stamp.name }

    /// The event's stream.
    public var stream: String {
        get { storedStream }
        set {
            let id = self.id
            storedStream = newValue
            self.id = id
        }
    }

    /// The event's `id`.
    public var id: String {
        get { rare?.id ?? storedStream + "@" + String(stamp.idVersion) }
        set {
            let version = EventReference.defaultIDVersion(newValue, stream: storedStream)
            stamp.idVersion = version ?? 0
            rare = Rare(id: version == nil ? newValue : nil, type: rare?.type)
        }
    }

    /// The event type.
    public var type: String {
        get { stamp.name?.rawValue ?? rare?.type ?? "" }
        set {
            stamp.name = EventName(newValue)
            rare = Rare(id: rare?.id, type: stamp.name == nil ? newValue : nil)
        }
    }

    /// The version of an id written `<stream>@<version>` by the ledger's default, if it is one.
    var defaultIDVersion: Int? { stamp.idVersion == 0 ? nil : Int(stamp.idVersion) }

    /// This reference with its stream's name shared with `stream`, the same name held by
    /// the stream's state, so that the record's own copy can be freed.
    func sharing(_ stream: String) -> EventReference {
        var shared = self
        shared.storedStream = stream
        return shared
    }

    public static func == (a: EventReference, b: EventReference) -> Bool {
        a.stamp == b.stamp && a.storedStream == b.storedStream && a.rare?.id == b.rare?.id && a.rare?.type == b.rare?.type
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(stamp)
        hasher.combine(storedStream)
        hasher.combine(rare?.id)
        hasher.combine(rare?.type)
    }

    /// The version in an id of the default form `<stream>@<version>` (digits, no leading
    /// zero, from 1 to `UInt32.max`), or `nil` for an id of another form.
    static func defaultIDVersion(_ id: String, stream: String) -> UInt32? {
        let idCount = id.utf8.count, streamCount = stream.utf8.count
        guard idCount > streamCount + 1, idCount <= streamCount + 11 else { return nil }
        // In place for native strings; `withUTF8` copies a bridged one first.
        var id = id, stream = stream
        return id.withUTF8 { i in
            stream.withUTF8 { s in defaultIDVersion(UnsafeRawBufferPointer(i), stream: UnsafeRawBufferPointer(s)) }
        }
    }

    /// `defaultIDVersion` of an id and a stream given by their UTF-8 bytes.
    static func defaultIDVersion(_ i: UnsafeRawBufferPointer, stream s: UnsafeRawBufferPointer) -> UInt32? {
        let streamCount = s.count
        guard i.count > streamCount + 1, i.count <= streamCount + 11,
              i[streamCount] == UInt8(ascii: "@"), i[streamCount + 1] != UInt8(ascii: "0") else { return nil }
        var n: UInt64 = 0
        for c in i[(streamCount + 1)...] {
            guard c >= 0x30, c <= 0x39 else { return nil }
            n = n * 10 + UInt64(c - 0x30)
        }
        guard n <= UInt64(UInt32.max), equal(UnsafeRawBufferPointer(rebasing: i[..<streamCount]), s) else { return nil }
        return UInt32(n)
    }

    /// Whether two byte ranges of the same length hold the same bytes, compared eight at a time.
    private static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        var k = 0
        while k + 8 <= a.count {
            guard a.loadUnaligned(fromByteOffset: k, as: UInt64.self) == b.loadUnaligned(fromByteOffset: k, as: UInt64.self) else {
                return false
            }
            k += 8
        }
        while k < a.count {
            guard a[k] == b[k] else { return false }
            k += 1
        }
        return true
    }
}

/// What a reference holds besides its stream's name and its rare parts: 32 bytes, no
/// allocation. A deadline keeps its references so, its stream being its book's.
struct EventStamp: Hashable, Sendable {
    var seq: Int
    var at: Timestamp
    /// The version in an id of the default form `<stream>@<version>`; 0 when the id is the reference's `rare.id`.
    var idVersion: UInt32
    /// The type, when the catalogue knows it; else the type is the reference's `rare.type`.
    var name: EventName?
}
