import Foundation
import LedgerCore

/// Where each event's line lies in the log, and which stream and id it has: the index
/// that lets an append or a lookup skip scanning the log.
///
/// On disk it is `index/events.idx`, a 16-byte header then one 32-byte entry per event
/// in `seq` order, and `index/events.idx.head`, a canonical JSON object
/// `{"end", "head", "recorded", "seq"}` tagging the `seq`, event hash and byte offset it
/// reflects. Both are derived from the log alone: when the tag does not match the log
/// the index is rebuilt, and when it is behind it is caught up.
struct EventIndex {
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

    var entries: [Entry] = []
    /// The event hash of the last indexed line.
    var head = SHA256.Digest.zero
    /// The byte offset just after the last indexed line.
    var end = 0
    /// `recorded` of the last indexed line ("" before the first).
    var lastRecorded = ""
    /// How many entries are on disk already (the rest are to be appended on save).
    var persisted = 0

    var count: Int { entries.count }

    /// A 64-bit FNV-1a key of a stream name or id; collisions are resolved by reading the line.
    static func key(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100000001b3
        }
        return h
    }

    mutating func add(_ record: LedgerRecord, offset: Int, length: Int, hash: SHA256.Digest) {
        entries.append(Entry(offset: UInt64(offset), length: UInt32(length), version: UInt32(record.version),
                             streamKey: EventIndex.key(record.stream), idKey: EventIndex.key(record.id)))
        head = hash
        end = offset + length + 1
        lastRecorded = record.recorded
    }

    // MARK: Files

    static func paths(in directory: String) -> (entries: String, tag: String) {
        let dir = (directory as NSString).appendingPathComponent("index")
        return ((dir as NSString).appendingPathComponent("events.idx"), (dir as NSString).appendingPathComponent("events.idx.head"))
    }

    /// Loads the index as stored, or `nil` when it is missing or unreadable (it is then rebuilt).
    static func load(directory: String) -> EventIndex? {
        let (entriesPath, tagPath) = paths(in: directory)
        guard let tagData = FileManager.default.contents(atPath: tagPath),
              let tag = try? JSONParser.parse(Array(tagData)),
              let seq = tag["seq"]?.intValue, let end = tag["end"]?.intValue,
              let headHex = tag["head"]?.stringValue, let head = SHA256.Digest(hex: headHex),
              let recorded = tag["recorded"]?.stringValue,
              let file = try? POSIXFile(path: entriesPath, flags: O_RDONLY),
              let size = try? file.size, size >= 16 + seq * entrySize,
              let bytes = try? file.read(count: 16 + seq * entrySize, at: 0),
              Array(bytes[0..<16]) == magic
        else { return nil }
        var index = EventIndex()
        index.entries.reserveCapacity(seq)
        bytes.withUnsafeBytes { raw in
            for i in 0..<seq {
                let p = 16 + i * entrySize
                index.entries.append(Entry(
                    offset: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: p, as: UInt64.self)),
                    length: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: p + 8, as: UInt32.self)),
                    version: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: p + 12, as: UInt32.self)),
                    streamKey: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: p + 16, as: UInt64.self)),
                    idKey: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: p + 24, as: UInt64.self))))
            }
        }
        index.head = head
        index.end = end
        index.lastRecorded = recorded
        index.persisted = seq
        return index
    }

    /// Writes the entries not yet on disk, then the tag (atomically, by rename).
    ///
    /// The index is derived data, so it is not fsync'd: after a crash it is checked
    /// against the log and caught up or rebuilt.
    mutating func save(directory: String) throws {
        let (entriesPath, tagPath) = EventIndex.paths(in: directory)
        let dir = (entriesPath as NSString).deletingLastPathComponent
        if !FileManager.default.fileExists(atPath: dir) {
            guard mkdir(dir, 0o755) == 0 || errno == EEXIST else { throw POSIXFile.error("create directory", dir) }
        }
        let file = try POSIXFile(path: entriesPath, flags: O_RDWR | O_CREAT)
        if persisted == 0 {
            try file.truncate(to: 0)
            try file.write(EventIndex.magic, at: 0)
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
            try file.truncate(to: 16 + entries.count * EventIndex.entrySize)
        }
        let tag: JSONValue = ["seq": .number(Double(entries.count)), "end": .number(Double(end)),
                              "head": .string(head.hex), "recorded": .string(lastRecorded)]
        try POSIXFile.writeAtomically(CanonicalJSON.encode(tag) + [0x0a], to: tagPath, durable: false)
        persisted = entries.count
    }
}
