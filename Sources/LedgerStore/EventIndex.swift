import Foundation
import LedgerCore

/// Where each event's line lies in the log, and which stream and id it has: the index
/// that lets an append or a lookup skip scanning the log.
///
/// On disk (all derived from the log alone, see `EventIndex+Files.swift`):
/// - `index/events.idx`: a 16-byte header, then one 32-byte entry per event in `seq` order;
/// - `index/events.idx.head`: the tag, a canonical JSON object `{"check", "end", "head",
///   "recorded", "seq"}` saying which `seq`, event hash and byte offset the entries reflect,
///   with a checksum of them (padded with spaces to 256 bytes);
/// - `index/links.idx`: for each entry, the position of the previous entry of its stream;
/// - `index/streams.tbl`, `index/ids.tbl`: hash tables from a stream's (an id's) key to
///   the position of its last entry. `ids.tbl` holds only the ids a submitter chose: an
///   event whose id is its default, `stream@version`, is found through its stream
///   (`position(ofID:key:where:)`), so a ledger recorded without ids keeps that table empty,
///   and an append writes to one table, not two.
///
/// A reader loads the entries whole and checks them against the tag's checksum and the
/// log (`load`); a writer, under the ledger's lock, may instead map the files and read only
/// the entries its lookups need (`openMapped`), when the tables say they reflect the tag
/// and were written in this boot. Either way, when the tag does not match the log, the
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

    // MARK: Entries

    /// `events.idx` mapped, holding entries `0..<base` (a mapped index only).
    var mappedEntries: MappedFile?
    /// How many entries come from `mappedEntries`; the rest are in `tail`.
    private(set) var base = 0
    /// The entries from `base` on, in memory (every entry, when nothing is mapped).
    var tail: [Entry] = []

    /// The event hash of the last indexed line.
    var head = SHA256.Digest.zero
    /// The byte offset just after the last indexed line.
    var end = 0
    /// `recorded` of the last indexed line ("" before the first).
    var lastRecorded = ""
    /// How many entries are on disk already (the rest are to be appended on save).
    var persisted = 0
    /// FNV-1a-64 over the 64-bit words of the first `persisted` entries (the tag's `check`).
    var persistedCheck = EventIndex.checkSeed

    var count: Int { base + tail.count }

    /// The index's files, once known (`save` and `openMapped` set them).
    var paths: Paths?
    /// The files `save` appends to and rewrites, kept open from one save to the next.
    var openFiles: (entries: POSIXFile, links: POSIXFile?, tag: POSIXFile, inode: ino_t)?

    /// Whether entries are read from the mapped files rather than held in memory.
    var isMapped: Bool { mappedEntries != nil }

    /// Whether this index reads or writes files that other writers change as they append
    /// (mapped entries, links or tables): then it may be used only while the log ends
    /// where the index does.
    var sharesFiles: Bool { mappedEntries != nil || mappedLinks != nil || streamTable?.file != nil || idTable?.file != nil }

    init() {}

    /// An index whose first `count` entries, links and tables are the mapped files'.
    init(mappedEntries: MappedFile, links: MappedFile, streams: PositionTable, ids: PositionTable, count: Int) {
        self.mappedEntries = mappedEntries
        mappedLinks = links
        streamTable = streams
        idTable = ids
        base = count
        linksBase = count
        tablesCount = count
        lookupsReady = true
    }

    /// The entry at `position` (0-based: `seq` - 1).
    @inline(__always)
    func entry(_ position: Int) -> Entry {
        if position >= base { return tail[position - base] }
        let file = mappedEntries!
        let at = 16 + position * EventIndex.entrySize
        return Entry(offset: file.load(at, as: UInt64.self), length: file.load(at + 8, as: UInt32.self),
                     version: file.load(at + 12, as: UInt32.self), streamKey: file.load(at + 16, as: UInt64.self),
                     idKey: file.load(at + 24, as: UInt64.self))
    }

    /// The capacity to reserve for an array of `count` entries (or links) that appends
    /// will extend: room for an eighth more, so that the first append after loading a large
    /// index does not copy every entry into a doubled array (0.1 s at 1,000,000 entries, a
    /// stall that the writer's first acknowledged append would pay).
    static func roomToGrow(_ count: Int) -> Int { count + max(1_024, count / 8) }

    /// The last entry, if any.
    var lastEntry: Entry? { count == 0 ? nil : entry(count - 1) }

    /// Every entry, in order (a whole pass; lookups use `entry(_:)`).
    var entries: [Entry] { base == 0 ? tail : (0..<count).map(entry) }

    /// A 64-bit FNV-1a key of a stream name or id; collisions are resolved by reading the line.
    static func key(_ text: String) -> UInt64 {
        if let h = text.utf8.withContiguousStorageIfAvailable({ bytes -> UInt64 in
            var h: UInt64 = 0xcbf29ce484222325
            for b in bytes {
                h ^= UInt64(b)
                h = h &* 0x100000001b3
            }
            return h
        }) {
            return h
        }
        var h: UInt64 = 0xcbf29ce484222325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100000001b3
        }
        return h
    }

    /// The key of the default id `stream@version` of an entry with `streamKey` and `version`:
    /// FNV-1a is a running hash, so the stream's key is where hashing its id carries on.
    static func defaultIDKey(streamKey: UInt64, version: UInt32) -> UInt64 {
        var h = (streamKey ^ UInt64(UInt8(ascii: "@"))) &* 0x100000001b3
        var divisor: UInt32 = 1
        while version / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            h = (h ^ UInt64(UInt8(ascii: "0") + UInt8(version / divisor % 10))) &* 0x100000001b3
            divisor /= 10
        }
        return h
    }

    /// Whether `entry`'s id is one a submitter chose, not its default `stream@version`, as
    /// far as the keys tell: those are the ids `ids.tbl` holds. (An append refuses a chosen id
    /// whose key is its default's, `StoreError.idKeyTaken`, so that the keys tell it right.)
    @inline(__always)
    static func hasChosenID(_ entry: Entry) -> Bool {
        entry.idKey != defaultIDKey(streamKey: entry.streamKey, version: entry.version)
    }

    /// The stream and version of `id` if it has the form of a default id, `stream@version`
    /// (the last `@`, then a version in canonical decimal that fits 32 bits).
    static func defaultIDParts(_ id: String) -> (stream: Substring, version: UInt32)? {
        guard let at = id.utf8.lastIndex(of: UInt8(ascii: "@")) else { return nil }
        let digits = id.utf8[id.utf8.index(after: at)...]
        guard let first = digits.first, first != UInt8(ascii: "0"), digits.count <= 10 else { return nil }
        var version: UInt64 = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            version = version * 10 + UInt64(digit - UInt8(ascii: "0"))
        }
        guard version <= UInt64(UInt32.max) else { return nil }
        return (id[..<at], UInt32(version))
    }

    /// Adds the entry of `record`, whose line is `length` bytes at `offset` with event hash
    /// `hash`; `keys` are its stream's and id's keys, when the caller has them.
    func add(_ record: LedgerRecord, offset: Int, length: Int, hash: SHA256.Digest, keys: (stream: UInt64, id: UInt64)? = nil) {
        let entry = Entry(offset: UInt64(offset), length: UInt32(length), version: UInt32(record.version),
                          streamKey: keys?.stream ?? EventIndex.key(record.stream), idKey: keys?.id ?? EventIndex.key(record.id))
        let position = count
        if lookupsReady {
            let previous = lastPosition(streamKey: entry.streamKey)
            linkTail.append(previous.map { UInt32($0 + 1) } ?? 0)
            recentStreams[entry.streamKey] = Int32(position)
            if EventIndex.hasChosenID(entry) { recentIDs[entry.idKey] = Int32(position) }
        }
        tail.append(entry)
        head = hash
        end = offset + length + 1
        lastRecorded = record.recorded
    }

    // MARK: Lookups

    /// Whether the links and tables below are built (always, for a mapped index).
    private(set) var lookupsReady = false
    private var lookups = 0
    /// `links.idx` mapped: links of entries `0..<linksBase`.
    var mappedLinks: MappedFile?
    private var linksBase = 0
    /// For each entry from `linksBase` on: the position + 1 of the previous entry with the
    /// same stream key, 0 for none.
    var linkTail: [UInt32] = []
    /// The last position of each stream key, and of each chosen id's key (`hasChosenID`),
    /// among entries `0..<tablesCount`.
    var streamTable: PositionTable?
    var idTable: PositionTable?
    var tablesCount = 0
    /// The last positions of the keys of entries `tablesCount...`, not in the tables yet
    /// (of chosen ids only, for ids).
    var recentStreams: [UInt64: Int32] = [:]
    var recentIDs: [UInt64: Int32] = [:]

    /// Positions (0-based: `seq` - 1) of the entries with stream key `key`, in order.
    ///
    /// A ledger's first few lookups scan the entries (cheap for a one-shot reader); after
    /// that the links and tables are built once (in one pass) and extended by `add`.
    func streamPositions(_ key: UInt64) -> [Int] {
        guard prepareLookup() else { return scan(key, streams: true) }
        var out: [Int] = []
        var next = lastPosition(streamKey: key)
        while let p = next {
            out.append(p)
            next = previousInStream(p)
        }
        return out.reversed()
    }

    /// Calls `body` with the positions of the entries with stream key `key`, the last first,
    /// until it returns `false`: a caller that wants the last few need not walk them all.
    func forEachStreamPositionBackward(_ key: UInt64, _ body: (Int) throws -> Bool) rethrows {
        guard prepareLookup() else {
            for p in scan(key, streams: true).reversed() where try !body(p) { return }
            return
        }
        var next = lastPosition(streamKey: key)
        while let p = next, try body(p) { next = previousInStream(p) }
    }

    /// The position of the entry with id `id` (whose key is `key`) that `matches` accepts (it
    /// reads the line: ids are unique, but two may share a key), the latest if several do.
    ///
    /// A chosen id is found in the id table; a default one, `stream@version`, through its
    /// stream's entries (all of them: another stream may share the stream's key).
    /// `chosenOnly` skips the second way, for a caller that knows the stream has no such version.
    func position(ofID id: String, key: UInt64, chosenOnly: Bool = false,
                  where matches: (Int) throws -> Bool) rethrows -> Int? {
        guard prepareLookup() else {
            for p in scan(key, streams: false).reversed() where try matches(p) { return p }
            return nil
        }
        var last: Int?
        if let p = recentIDs[key] {
            last = Int(p)
        } else {
            switch idTable!.find(key, limit: tablesCount, keyAt: { entry($0).idKey }) {
            case .none:
                if chosenOnly { return nil }
                return try position(ofDefaultID: id, key: key, where: matches)
            case .found(let p): last = p
            case .beyond: last = nil
            }
        }
        if let last, try matches(last) { return last }
        // Another id with the same key hides this one (or the table moved on): every entry.
        for p in scan(key, streams: false).reversed() where p != last {
            if try matches(p) { return p }
        }
        return nil
    }

    /// The position of the entry whose id is the default `id`, `stream@version`, that
    /// `matches` accepts, among its stream key's entries.
    private func position(ofDefaultID id: String, key: UInt64, where matches: (Int) throws -> Bool) rethrows -> Int? {
        guard let (stream, version) = EventIndex.defaultIDParts(id) else { return nil }
        var next = lastPosition(streamKey: EventIndex.key(String(stream)))
        while let p = next {
            let e = entry(p)
            if e.version == version, e.idKey == key, try matches(p) { return p }
            next = previousInStream(p)
        }
        return nil
    }

    /// The position of the last entry with stream key `key` (lookups ready).
    private func lastPosition(streamKey key: UInt64) -> Int? {
        if let p = recentStreams[key] { return Int(p) }
        switch streamTable!.find(key, limit: tablesCount, keyAt: { entry($0).streamKey }) {
        case .none: return nil
        case .found(let p): return p
        case .beyond: return scan(key, streams: true).last
        }
    }

    /// The position of the entry before `position` with the same stream key.
    @inline(__always)
    private func previousInStream(_ position: Int) -> Int? {
        let link = link(position)
        return link == 0 ? nil : Int(link) - 1
    }

    /// The link of entry `position`, as `links.idx` holds it.
    @inline(__always)
    func link(_ position: Int) -> UInt32 {
        position >= linksBase ? linkTail[position - linksBase] : mappedLinks!.load(16 + position * 4, as: UInt32.self)
    }

    /// Whether lookups go through the tables (building them now if it is time).
    private func prepareLookup() -> Bool {
        if lookupsReady { return true }
        if lookups < 8 {
            lookups += 1
            return false
        }
        buildLookups()
        return true
    }

    /// Builds the links and tables of every entry, in one pass, in memory (unless built).
    func buildLookups() {
        if !lookupsReady { rebuildLookups() }
    }

    /// Builds the links and tables of every entry anew, in one pass, in memory.
    func rebuildLookups() {
        var streams = PositionTable(forKeys: max(16, count / 4))
        var ids = PositionTable(bits: PositionTable.minimumBits)  // chosen ids only: often none
        var links: [UInt32] = []
        links.reserveCapacity(EventIndex.roomToGrow(count))
        func add(_ p: Int, _ e: Entry, _ keyAt: (Int) -> Entry) {
            if streams.isCrowded { streams = streams.grown() }
            let previous = streams.exchange(e.streamKey, position: p) { keyAt($0).streamKey }
            links.append(previous.map { UInt32($0 + 1) } ?? 0)
            guard EventIndex.hasChosenID(e) else { return }
            if ids.isCrowded { ids = ids.grown() }
            ids.exchange(e.idKey, position: p) { keyAt($0).idKey }
        }
        if base == 0 {
            tail.withUnsafeBufferPointer { all in
                for (p, e) in all.enumerated() { add(p, e) { all[$0] } }
            }
        } else {
            for p in 0..<count { add(p, entry(p), entry) }
        }
        mappedLinks = nil
        linksBase = 0
        linkTail = links
        streamTable = streams
        idTable = ids
        tablesCount = count
        recentStreams = [:]
        recentIDs = [:]
        lookupsReady = true
    }

    /// Positions of every entry with this stream key (or id key), in order: a pass over all.
    private func scan(_ key: UInt64, streams: Bool) -> [Int] {
        var out: [Int] = []
        if base == 0 {
            tail.withUnsafeBufferPointer { all in
                for (p, e) in all.enumerated() where (streams ? e.streamKey : e.idKey) == key { out.append(p) }
            }
            return out
        }
        for p in 0..<count {
            let e = entry(p)
            if (streams ? e.streamKey : e.idKey) == key { out.append(p) }
        }
        return out
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
}
