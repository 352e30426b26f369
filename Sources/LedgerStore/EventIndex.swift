import Foundation
import LedgerCore

/// Where each event's line lies in the log, and which stream and id it has: the index
/// that lets an append or a lookup skip scanning the log.
///
/// On disk it is `index/events.idx`, a 16-byte header then one 32-byte entry per event
/// in `seq` order, and `index/events.idx.head`, a canonical JSON object
/// `{"check", "end", "head", "recorded", "seq"}` tagging the `seq`, event hash and byte
/// offset it reflects, with a checksum of the entries (padded with spaces to 256 bytes). Both are derived from the log
/// alone: when the tag does not match the log, or the entries not the checksum, the
/// index is rebuilt; when it is behind, it is caught up.
///
/// A reference type on purpose: a long-lived ledger extends one index in place, append
/// after append, instead of copying every entry on each write.
final class EventIndex {
    /// One event's place: 32 bytes on disk, little-endian.
    struct Entry: Equatable {
        var offset: UInt64
        var length: UInt32
        var version: UInt32
        var streamKey: UInt64
        var idKey: UInt64
    }

    static let magic: [UInt8] = Array("IPLIDX01".utf8) + [UInt8](repeating: 0, count: 8)
    static let entrySize = 32
    /// The tag file's size: its JSON object, spaces, and `\n`.
    static let tagWidth = 256

    private(set) var entries: [Entry] = []
    /// The event hash of the last indexed line.
    private(set) var head = SHA256.Digest.zero
    /// The byte offset just after the last indexed line.
    private(set) var end = 0
    /// `recorded` of the last indexed line ("" before the first).
    private(set) var lastRecorded = ""
    /// How many entries are on disk already (the rest are to be appended on save).
    private(set) var persisted = 0
    /// FNV-1a-64 over the 64-bit words of the first `persisted` entries (the tag's `check`).
    private var persistedCheck = EventIndex.checkSeed

    /// Positions by stream key and by id key, built on first use and kept up to date.
    private var streamPositions: [UInt64: [Int32]]?
    private var idPositions: [UInt64: [Int32]]?
    private var lookups = 0

    var count: Int { entries.count }

    init() {}

    /// A 64-bit FNV-1a key of a stream name or id; collisions are resolved by reading the line.
    static func key(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100000001b3
        }
        return h
    }

    func add(_ record: LedgerRecord, offset: Int, length: Int, hash: SHA256.Digest) {
        let entry = Entry(offset: UInt64(offset), length: UInt32(length), version: UInt32(record.version),
                          streamKey: EventIndex.key(record.stream), idKey: EventIndex.key(record.id))
        let position = Int32(entries.count)
        entries.append(entry)
        streamPositions?[entry.streamKey, default: []].append(position)
        idPositions?[entry.idKey, default: []].append(position)
        head = hash
        end = offset + length + 1
        lastRecorded = record.recorded
    }

    /// Positions (0-based: `seq` - 1) of the entries with this stream key (or id key), in order.
    ///
    /// The first few lookups scan the entries (cheap for a one-shot process); after that
    /// the hash maps are built once and extended by `add`.
    func positions(key: UInt64, streams: Bool) -> [Int32] {
        if streamPositions == nil && lookups < 8 {
            lookups += 1
            var out: [Int32] = []
            for (i, e) in entries.enumerated() where (streams ? e.streamKey : e.idKey) == key { out.append(Int32(i)) }
            return out
        }
        if streamPositions == nil {
            var s: [UInt64: [Int32]] = [:]
            var d: [UInt64: [Int32]] = [:]
            s.reserveCapacity(entries.count / 8 + 16)
            d.reserveCapacity(entries.count + 16)
            for (i, e) in entries.enumerated() {
                s[e.streamKey, default: []].append(Int32(i))
                d[e.idKey, default: []].append(Int32(i))
            }
            streamPositions = s
            idPositions = d
        }
        return (streams ? streamPositions : idPositions)?[key] ?? []
    }

    // MARK: Checksum

    static let checkSeed: UInt64 = 0xcbf29ce484222325

    /// Folds entries into an FNV-1a-64 checksum, one 64-bit word at a time.
    static func check<S: Sequence>(_ seed: UInt64, _ entries: S) -> UInt64 where S.Element == Entry {
        var h = seed
        @inline(__always) func mix(_ w: UInt64) { h = (h ^ w) &* 0x100000001b3 }
        for e in entries {
            mix(e.offset)
            mix(UInt64(e.length) | UInt64(e.version) << 32)
            mix(e.streamKey)
            mix(e.idKey)
        }
        return h
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    // MARK: Files

    static func paths(in directory: String) -> (entries: String, tag: String) {
        let dir = (directory as NSString).appendingPathComponent("index")
        return ((dir as NSString).appendingPathComponent("events.idx"), (dir as NSString).appendingPathComponent("events.idx.head"))
    }

    /// Loads the index as stored, or `nil` when it is missing, unreadable or inconsistent
    /// with itself (its checksum, or lines that do not follow one another): it is then rebuilt.
    static func load(directory: String) -> EventIndex? {
        let (entriesPath, tagPath) = paths(in: directory)
        guard let tagData = FileManager.default.contents(atPath: tagPath),
              let tag = try? JSONParser.parse(Array(tagData)),
              let seq = tag["seq"]?.intValue, seq >= 0, let end = tag["end"]?.intValue,
              let headHex = tag["head"]?.stringValue, let head = SHA256.Digest(hex: headHex),
              let recorded = tag["recorded"]?.stringValue, let check = tag["check"]?.stringValue,
              let file = try? POSIXFile(path: entriesPath, flags: O_RDONLY),
              let size = try? file.size, size >= 16 + seq * entrySize,
              let bytes = try? file.read(count: 16 + seq * entrySize, at: 0),
              bytes.count == 16 + seq * entrySize,
              Array(bytes[0..<16]) == magic
        else { return nil }
        let index = EventIndex()
        index.entries.reserveCapacity(seq)
        var expectedOffset: UInt64 = 0
        var contiguous = true
        bytes.withUnsafeBytes { raw in
            for i in 0..<seq {
                let p = 16 + i * entrySize
                let entry = Entry(
                    offset: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: p, as: UInt64.self)),
                    length: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: p + 8, as: UInt32.self)),
                    version: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: p + 12, as: UInt32.self)),
                    streamKey: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: p + 16, as: UInt64.self)),
                    idKey: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: p + 24, as: UInt64.self)))
                if entry.offset != expectedOffset || entry.version == 0 { contiguous = false }
                expectedOffset = entry.offset &+ UInt64(entry.length) &+ 1
                index.entries.append(entry)
            }
        }
        let sum = EventIndex.check(checkSeed, index.entries)
        guard contiguous, Int(expectedOffset) == end, hex(sum) == check else { return nil }
        index.head = head
        index.end = end
        index.lastRecorded = recorded
        index.persisted = seq
        index.persistedCheck = sum
        return index
    }

    /// Writes the entries not yet on disk, then the tag.
    ///
    /// The index is derived data, so it is not fsync'd: after a crash it is checked
    /// against the log and caught up or rebuilt. Runs under the ledger's lock only.
    func save(directory: String) throws {
        let (entriesPath, tagPath) = EventIndex.paths(in: directory)
        let file: POSIXFile
        do {
            file = try POSIXFile(path: entriesPath, flags: O_RDWR | O_CREAT)
        } catch {
            let dir = (entriesPath as NSString).deletingLastPathComponent
            guard mkdir(dir, 0o755) == 0 || errno == EEXIST else { throw POSIXFile.error("create directory", dir) }
            file = try POSIXFile(path: entriesPath, flags: O_RDWR | O_CREAT)
        }
        var check = persistedCheck
        if persisted == 0 {
            try file.truncate(to: 0)
            try file.write(EventIndex.magic, at: 0)
            check = EventIndex.checkSeed
        }
        if persisted < entries.count {
            var bytes = [UInt8]()
            bytes.reserveCapacity((entries.count - persisted) * EventIndex.entrySize)
            for e in entries[persisted...] {
                withUnsafeBytes(of: e.offset.littleEndian) { bytes += $0 }
                withUnsafeBytes(of: e.length.littleEndian) { bytes += $0 }
                withUnsafeBytes(of: e.version.littleEndian) { bytes += $0 }
                withUnsafeBytes(of: e.streamKey.littleEndian) { bytes += $0 }
                withUnsafeBytes(of: e.idKey.littleEndian) { bytes += $0 }
            }
            try file.write(bytes, at: 16 + persisted * EventIndex.entrySize)
            check = EventIndex.check(check, entries[persisted...])
        }
        // Entries past `seq` left by an interrupted save are never read, and are overwritten.
        let tag: JSONValue = ["seq": .number(Double(entries.count)), "end": .number(Double(end)),
                              "head": .string(head.hex), "recorded": .string(lastRecorded),
                              "check": .string(EventIndex.hex(check))]
        // Rewritten in place, padded to a fixed width: a create and a rename per append
        // cost as much as the log's fsync. A tag torn by a crash, or read half-written,
        // fails its checks against the log and the entries, and the index is rebuilt.
        var text = CanonicalJSON.encode(tag)
        if text.count < EventIndex.tagWidth - 1 {
            text += [UInt8](repeating: 0x20, count: EventIndex.tagWidth - 1 - text.count)
        }
        text.append(0x0a)
        let tagFile = try POSIXFile(path: tagPath, flags: O_WRONLY | O_CREAT)
        try tagFile.write(text, at: 0)
        if try tagFile.size != text.count { try tagFile.truncate(to: text.count) }
        persisted = entries.count
        persistedCheck = check
    }
}
