import LedgerCore

/// A reference to one recorded event, for trails and alerts.
///
/// The folded states hold one or more references per event, so a reference is kept
/// compact, in 56 bytes and no allocation of its own: the stream is the `String` of the
/// stream's state (shared, not copied), the type is an `EventName` (one byte), and the id
/// is stored only when it is not the ledger's default `<stream>@<version>` (a submitter's
/// own id), otherwise made again when read.
public struct EventReference: Hashable, Sendable {
    /// The event's `seq`.
    public var seq: Int
    /// When the act happened.
    public var at: Timestamp
    /// The event's stream.
    private var storedStream: String
    /// The version in an id of the default form `<stream>@<version>`; 0 when the id is `rare.id`.
    private var idVersion: UInt32
    /// The type, when the catalogue knows it; else the type is `rare.type`.
    public private(set) var name: EventName?
    /// What a reference rarely needs: an id a submitter chose, a type the catalogue does not know.
    private var rare: Rare?

    /// The parts of a reference stored apart because they are rare.
    private final class Rare: Sendable {
        let id: String?
        let type: String?

        init?(id: String?, type: String?) {
            guard id != nil || type != nil else { return nil }
            self.id = id
            self.type = type
        }
    }

    public init(seq: Int, id: String, stream: String, type: String, at: Timestamp) {
        self.seq = seq
        self.at = at
        storedStream = stream
        let version = EventReference.defaultIDVersion(id, stream: stream)
        idVersion = version ?? 0
        name = EventName(type)
        rare = Rare(id: version == nil ? id : nil, type: name == nil ? type : nil)
    }

    /// The reference of `record`, its type's name already looked up (`nil`: not in the catalogue).
    ///
    /// Its `at` was checked when it was recorded; the epoch if unreadable.
    init(_ record: borrowing LedgerRecord, name: EventName?) {
        seq = record.seq
        at = Timestamp(rfc3339: record.at) ?? Timestamp(seconds: 0)
        storedStream = record.stream
        self.name = name
        let version = EventReference.defaultIDVersion(record.id, stream: record.stream)
        idVersion = version ?? 0
        rare = version != nil && name != nil ? nil : Rare(id: version == nil ? record.id : nil, type: name == nil ? record.type : nil)
    }

    /// The reference of `record` (its `at` was checked when it was recorded; the epoch if unreadable).
    public init(_ record: LedgerRecord) {
        self.init(record, name: EventName(record.type))
    }

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
        get { rare?.id ?? storedStream + "@" + String(idVersion) }
        set {
            let version = EventReference.defaultIDVersion(newValue, stream: storedStream)
            idVersion = version ?? 0
            rare = Rare(id: version == nil ? newValue : nil, type: rare?.type)
        }
    }

    /// The event type.
    public var type: String {
        get { name?.rawValue ?? rare?.type ?? "" }
        set {
            name = EventName(newValue)
            rare = Rare(id: rare?.id, type: name == nil ? newValue : nil)
        }
    }

    /// The version of an id written `<stream>@<version>` by the ledger's default, if it is one.
    var defaultIDVersion: Int? { idVersion == 0 ? nil : Int(idVersion) }

    /// This reference with its stream's name shared with `stream`, the same name held by
    /// the stream's state, so that the record's own copy can be freed.
    func sharing(_ stream: String) -> EventReference {
        var shared = self
        shared.storedStream = stream
        return shared
    }

    public static func == (a: EventReference, b: EventReference) -> Bool {
        a.seq == b.seq && a.at == b.at && a.idVersion == b.idVersion && a.name == b.name && a.storedStream == b.storedStream
            && a.rare?.id == b.rare?.id && a.rare?.type == b.rare?.type
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(seq)
        hasher.combine(at)
        hasher.combine(storedStream)
        hasher.combine(idVersion)
        hasher.combine(name)
        hasher.combine(rare?.id)
        hasher.combine(rare?.type)
    }

    /// The version in an id of the default form `<stream>@<version>` (digits, no leading
    /// zero, from 1 to `UInt32.max`), or `nil` for an id of another form.
    static func defaultIDVersion(_ id: String, stream: String) -> UInt32? {
        var id = id
        var stream = stream
        return id.withUTF8 { i in
            stream.withUTF8 { s -> UInt32? in
                guard i.count > s.count + 1, i.count <= s.count + 11, i[s.count] == UInt8(ascii: "@"),
                      i[s.count + 1] != UInt8(ascii: "0") else { return nil }
                for k in 0..<s.count where i[k] != s[k] { return nil }
                var n: UInt64 = 0
                for c in i[(s.count + 1)...] {
                    guard c >= 0x30, c <= 0x39 else { return nil }
                    n = n * 10 + UInt64(c - 0x30)
                }
                return n <= UInt64(UInt32.max) ? UInt32(n) : nil
            }
        }
    }
}
