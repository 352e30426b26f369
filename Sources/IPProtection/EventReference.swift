import LedgerCore

/// A reference to one recorded event, for trails and alerts.
///
/// The folded states hold one or more references per event, so a reference is kept
/// compact, in 40 bytes and no allocation of its own: the `seq`, `at`, type and the
/// version of a default id packed in 24 (`EventStamp`), and the stream's name, the
/// `String` of the stream's state (shared, not copied). The id is stored only when it is
/// not the ledger's default `<stream>@<version>` (a submitter's own id), otherwise made
/// again when read.
///
/// What a reference rarely has (an id a submitter chose, a type the catalogue does not
/// know, an `at` the stamp cannot pack) is written with the stream's name in the one
/// string (`RareParts`), and the stamp says so (`isRare`).
public struct EventReference: Hashable, Sendable {
    /// The event's `seq`, `at`, type and default-id version.
    private(set) var stamp: EventStamp
    /// The stream's name; for a rare reference, its `RareParts` written together.
    private var text: String

    public init(seq: Int, id: String, stream: String, type: String, at: Timestamp) {
        self.init(seq: seq, stream: stream, at: at, version: EventReference.defaultIDVersion(id, stream: stream),
                  name: EventName(type), id: { id }, type: { type })
    }

    /// The reference of `record`, its type's name already looked up (`nil`: not in the catalogue).
    ///
    /// Its `at` was checked when it was recorded; the epoch if unreadable.
    init(_ record: borrowing LedgerRecord, name: EventName?) {
        self.init(seq: record.seq, stream: record.stream, at: Timestamp(rfc3339: record.at) ?? Timestamp(seconds: 0),
                  version: EventReference.defaultIDVersion(record.id, stream: record.stream), name: name,
                  id: { record.id }, type: { record.type })
    }

    /// The reference of `record` (its `at` was checked when it was recorded; the epoch if unreadable).
    public init(_ record: LedgerRecord) {
        self.init(record, name: EventName(record.type))
    }

    /// The reference made of its parts: `version` is the default id's (`nil`: the id is
    /// `id()`), `name` the type's (`nil`: the type is `type()`). `id` and `type` are called
    /// only when needed.
    init(seq: Int, stream: String, at: Timestamp, version: UInt32?, name: EventName?, id: () -> String, type: () -> String) {
        let packed = EventStamp(seq: seq, at: at, idVersion: version ?? 0, name: name)
        if let packed, version != nil, name != nil {
            stamp = packed
            text = stream
        } else {
            stamp = (packed ?? EventStamp(seq: seq, at: EventStamp.anyAt, idVersion: version ?? 0, name: name)!).rare
            text = RareParts(stream: stream, id: version == nil ? id() : nil, type: name == nil ? type() : nil,
                             at: packed == nil ? at : nil).text
        }
    }

    /// The reference of a usual stamp (`isRare` false) in `stream`.
    init(_ stamp: EventStamp, stream: String) {
        assert(!stamp.isRare, "a rare reference's parts are not in its stamp")
        self.stamp = stamp
        text = stream
    }

    /// Whether the reference has rare parts: an id a submitter chose, a type the catalogue
    /// does not know, or an `at` its stamp does not hold.
    var isRare: Bool { stamp.isRare }

    /// The event's `seq`.
    public var seq: Int {
        get { stamp.seq }
        set { stamp.seq = newValue }
    }

    /// When the act happened.
    public var at: Timestamp {
        get { stamp.isRare ? RareParts(text).at ?? stamp.at : stamp.at }
        set { self = EventReference(seq: seq, id: id, stream: stream, type: type, at: newValue) }
    }

    /// The type, when the catalogue knows it.
    public var name: EventName? { stamp.name }

    /// The event's stream.
    public var stream: String {
        get { stamp.isRare ? RareParts(text).stream : text }
        set { self = EventReference(seq: seq, id: id, stream: newValue, type: type, at: at) }
    }

    /// The event's `id`.
    public var id: String {
        get {
            if stamp.isRare, let id = RareParts(text).id { return id }
            return stream + "@" + String(stamp.idVersion)
        }
        set { self = EventReference(seq: seq, id: newValue, stream: stream, type: type, at: at) }
    }

    /// The event type.
    public var type: String {
        get { stamp.name?.rawValue ?? (stamp.isRare ? RareParts(text).type : nil) ?? "" }
        set { self = EventReference(seq: seq, id: id, stream: stream, type: newValue, at: at) }
    }

    /// The version of an id written `<stream>@<version>` by the ledger's default, if it is one.
    public var defaultIDVersion: Int? { stamp.idVersion == 0 ? nil : Int(stamp.idVersion) }

    /// This reference with its stream's name shared with `stream`, the same name held by
    /// the stream's state, so that the record's own copy can be freed.
    func sharing(_ stream: String) -> EventReference {
        guard !stamp.isRare else { return self }
        var shared = self
        shared.text = stream
        return shared
    }

    /// Equal when their `seq`, `at` (as an instant), stream, id and type are.
    public static func == (a: EventReference, b: EventReference) -> Bool {
        if !a.stamp.isRare, !b.stamp.isRare { return a.stamp == b.stamp && a.text == b.text }
        return a.seq == b.seq && a.at == b.at && a.stream == b.stream && a.id == b.id && a.type == b.type
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(seq)
        hasher.combine(at)
        hasher.combine(stream)
    }

    /// What a rare reference keeps beside its stamp, written in one string: each of the
    /// stream, the id and the type as its UTF-8 length, `:` and itself, or `-` when absent,
    /// then the `at` (seconds, nanoseconds and offset) when present.
    struct RareParts: Equatable {
        var stream: String
        /// The id, when not the default one.
        var id: String?
        /// The type, when the catalogue does not know it.
        var type: String?
        /// The `at`, when the stamp cannot pack it.
        var at: Timestamp?

        init(stream: String, id: String?, type: String?, at: Timestamp?) {
            self.stream = stream
            self.id = id
            self.type = type
            self.at = at
        }

        var text: String {
            var text = ""
            for part in [stream, id, type] {
                if let part { text += "\(part.utf8.count):" + part } else { text += "-" }
            }
            if let at { text += "\(at.seconds),\(at.nanoseconds),\(at.offsetSeconds)" }
            return text
        }

        /// The parts written in `text` (by `text`).
        init(_ text: String) {
            let bytes = Array(text.utf8)
            var i = 0
            func part() -> String? {
                if bytes[i] == UInt8(ascii: "-") {
                    i += 1
                    return nil
                }
                var count = 0
                while bytes[i] != UInt8(ascii: ":") {
                    count = count * 10 + Int(bytes[i] - 0x30)
                    i += 1
                }
                defer { i += 1 + count }
                return String(decoding: bytes[(i + 1)..<(i + 1 + count)], as: UTF8.self)
            }
            stream = part() ?? ""
            id = part()
            type = part()
            let numbers = bytes[i...].split(separator: UInt8(ascii: ",")).map { Int64(String(decoding: $0, as: UTF8.self))! }
            at = numbers.count == 3 ? Timestamp(seconds: numbers[0], nanoseconds: Int32(numbers[1]), offsetSeconds: Int32(numbers[2])) : nil
        }
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

/// What a reference holds besides its stream's name, packed in 24 bytes with no
/// allocation: its `seq`; its `at` (seconds, offset in whole minutes, nanoseconds); its
/// type's name; the version of a default id; and whether the reference is rare. A deadline
/// keeps its references so, its stream being its book's.
///
/// An `at` is packed when its seconds fit in 40 bits (±17,000 years) and its offset is in
/// whole minutes under ±273 hours, as every RFC 3339 time is; otherwise there is no stamp
/// of it (`init` fails) and the reference keeps its `at` among its rare parts.
struct EventStamp: Hashable, Sendable {
    var seq: Int
    /// From the high bits: the seconds (40 bits, two's complement), the offset in minutes
    /// plus 2^14 (15 bits), the `EventName?` (8 bits), whether rare (1 bit).
    private var word: UInt64
    /// The nanoseconds (low 32 bits) and the default id's version (high 32).
    private var more: UInt64

    init?(seq: Int, at: Timestamp, idVersion: UInt32, name: EventName?) {
        let minutes = Int(at.offsetSeconds) / 60
        guard at.seconds >= -(1 << 39), at.seconds < 1 << 39, minutes * 60 == Int(at.offsetSeconds),
              minutes > -(1 << 14), minutes < 1 << 14 else { return nil }
        self.seq = seq
        word = UInt64(bitPattern: at.seconds << 24) | UInt64(minutes + (1 << 14)) << 9
            | UInt64(unsafeBitCast(name, to: UInt8.self)) << 1
        more = UInt64(UInt32(bitPattern: at.nanoseconds)) | UInt64(idVersion) << 32
    }

    /// An `at` any stamp holds, for a reference whose own is among its rare parts.
    static let anyAt = Timestamp(seconds: 0)

    var at: Timestamp {
        Timestamp(seconds: Int64(bitPattern: word) >> 24, nanoseconds: Int32(bitPattern: UInt32(truncatingIfNeeded: more)),
                  offsetSeconds: Int32((Int(word >> 9 & 0x7FFF) - (1 << 14)) * 60))
    }

    /// The version in an id of the default form `<stream>@<version>`; 0 when the id is not one.
    var idVersion: UInt32 { UInt32(truncatingIfNeeded: more >> 32) }

    /// The type, when the catalogue knows it.
    var name: EventName? { unsafeBitCast(UInt8(truncatingIfNeeded: word >> 1), to: EventName?.self) }

    /// Whether the reference has parts the stamp does not hold (`EventReference.RareParts`).
    var isRare: Bool { word & 1 != 0 }

    /// This stamp, marked rare.
    var rare: EventStamp {
        var marked = self
        marked.word |= 1
        return marked
    }

    /// The bits of `word` that hold the offset, which equality leaves out as `Timestamp`'s does.
    private static let offsetBits: UInt64 = 0x7FFF << 9

    static func == (a: EventStamp, b: EventStamp) -> Bool {
        a.seq == b.seq && a.more == b.more && a.word & ~offsetBits == b.word & ~offsetBits
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(seq)
        hasher.combine(more)
        hasher.combine(word & ~EventStamp.offsetBits)
    }
}
