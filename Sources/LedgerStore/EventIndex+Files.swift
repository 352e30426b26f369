import Foundation
import LedgerCore

extension EventIndex {
    /// The paths of the index's files in a ledger directory.
    struct Paths {
        let ledger: String
        let directory: String
        let entries: String
        let tag: String
        let links: String
        let streams: String
        let ids: String

        init(ledger: String) {
            let directory = (ledger as NSString).appendingPathComponent("index")
            func file(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
            self.ledger = ledger
            self.directory = directory
            entries = file("events.idx")
            tag = file("events.idx.head")
            links = file("links.idx")
            streams = file("streams.tbl")
            ids = file("ids.tbl")
        }
    }

    static let linksMagic: [UInt8] = Array("IPLLNK01".utf8) + [UInt8](repeating: 0, count: 8)

    static func paths(in directory: String) -> (entries: String, tag: String) {
        let paths = Paths(ledger: directory)
        return (paths.entries, paths.tag)
    }

    /// What the tag file says.
    struct Tag {
        var seq: Int
        var end: Int
        var head: SHA256.Digest
        var recorded: String
        var check: String

        /// The first 8 bytes of `head`, as the tables' headers hold it.
        var headPrefix: UInt64 { EventIndex.prefix(head) }
    }

    static func prefix(_ digest: SHA256.Digest) -> UInt64 {
        digest.bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    static func readTag(_ path: String) -> Tag? {
        guard let file = try? POSIXFile(path: path, flags: O_RDONLY),
              let data = try? file.read(count: tagWidth * 2, at: 0),
              let tag = try? JSONParser.parse(data),
              let seq = tag["seq"]?.intValue, seq >= 0, let end = tag["end"]?.intValue,
              let headHex = tag["head"]?.stringValue, let head = SHA256.Digest(hex: headHex),
              let recorded = tag["recorded"]?.stringValue, let check = tag["check"]?.stringValue
        else { return nil }
        return Tag(seq: seq, end: end, head: head, recorded: recorded, check: check)
    }

    /// Loads the index as stored, every entry, or `nil` when it is missing, unreadable or
    /// inconsistent with itself (its checksum, or lines that do not follow one another): it
    /// is then rebuilt. Its lookups are built in memory when it needs them.
    static func load(directory: String) -> EventIndex? {
        let paths = Paths(ledger: directory)
        guard let tag = readTag(paths.tag),
              let file = try? POSIXFile(path: paths.entries, flags: O_RDONLY),
              let size = try? file.size, size >= 16 + tag.seq * entrySize,
              let bytes = try? file.read(count: 16 + tag.seq * entrySize, at: 0),
              bytes.count == 16 + tag.seq * entrySize,
              Array(bytes[0..<16]) == magic
        else { return nil }
        let index = EventIndex()
        index.tail.reserveCapacity(EventIndex.roomToGrow(tag.seq))
        var expectedOffset: UInt64 = 0
        var contiguous = true
        bytes.withUnsafeBytes { raw in
            for i in 0..<tag.seq {
                let p = 16 + i * entrySize
                let entry = Entry(
                    offset: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: p, as: UInt64.self)),
                    length: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: p + 8, as: UInt32.self)),
                    version: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: p + 12, as: UInt32.self)),
                    streamKey: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: p + 16, as: UInt64.self)),
                    idKey: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: p + 24, as: UInt64.self)))
                if entry.offset != expectedOffset || entry.version == 0 { contiguous = false }
                expectedOffset = entry.offset &+ UInt64(entry.length) &+ 1
                index.tail.append(entry)
            }
        }
        let sum = EventIndex.check(checkSeed, index.tail)
        guard contiguous, Int(expectedOffset) == tag.end, hex(sum) == tag.check else { return nil }
        index.head = tag.head
        index.end = tag.end
        index.lastRecorded = tag.recorded
        index.persisted = tag.seq
        index.persistedCheck = sum
        return index
    }

    /// The index as stored, its files mapped rather than read, for a writer holding the
    /// ledger's lock: only the entries its lookups touch are read, whatever the log's size.
    ///
    /// Taken on trust, as far as this goes: the tables' headers must say they reflect exactly
    /// the tag's `seq` and head, that they were written in this boot (so no write to them
    /// was lost, though none was fsync'd) and that no update of them was cut short; the
    /// entries file and links must be long enough, and the last entry must end where the tag
    /// says. The caller then checks the tag against the log. `nil` otherwise (or when the
    /// boot is unknown): the caller loads and checks the whole index instead.
    static func openMapped(directory: String) -> EventIndex? {
        guard BootID.isKnown else { return nil }
        let paths = Paths(ledger: directory)
        guard let tag = readTag(paths.tag), let check = UInt64(tag.check, radix: 16) else { return nil }
        let header = PositionTable.Header(count: tag.seq, head: tag.headPrefix, boot: BootID.current)
        guard let streams = PositionTable.open(path: paths.streams, expecting: header),
              let ids = PositionTable.open(path: paths.ids, expecting: header),
              let entries = try? MappedFile(path: paths.entries, length: 16 + tag.seq * entrySize, writable: false),
              let links = try? MappedFile(path: paths.links, length: 16 + tag.seq * 4, writable: false),
              memcmp(entries.pointer, magic, 16) == 0, memcmp(links.pointer, linksMagic, 16) == 0
        else { return nil }
        let index = EventIndex(mappedEntries: entries, links: links, streams: streams, ids: ids, count: tag.seq)
        index.paths = paths
        if let last = index.lastEntry {
            guard Int(last.offset) + Int(last.length) + 1 == tag.end else { return nil }
        } else {
            guard tag.end == 0 else { return nil }
        }
        index.head = tag.head
        index.end = tag.end
        index.lastRecorded = tag.recorded
        index.persisted = tag.seq
        index.persistedCheck = check
        return index
    }

    /// Writes the entries not yet on disk, the tag, then the links and tables.
    ///
    /// The index is derived data, so it is not fsync'd: after a crash it is checked
    /// against the log and caught up or rebuilt, and its tables are trusted only in the boot
    /// that wrote them. Files another process may have mapped are extended, or replaced
    /// by renaming a new file over them, never truncated. Runs under the ledger's lock only.
    func save(directory: String) throws {
        if paths?.ledger != directory { paths = Paths(ledger: directory) }
        let paths = self.paths!
        // Entries are appended to the file only while it is there (`index/` may have been
        // deleted): then the entries are written whole. Files kept open are opened again
        // when another writer has put a new file in their place.
        var st = stat()
        let present = stat(paths.entries, &st) == 0
        if persisted > 0 && !present { persisted = 0 }
        if persisted == 0 || !present || st.st_ino != openFiles?.inode { openFiles = nil }
        if persisted == 0 {
            var bytes = EventIndex.magic
            bytes.reserveCapacity(16 + count * EventIndex.entrySize)
            EventIndex.append(entries, to: &bytes)
            try EventIndex.replace(paths.entries, with: bytes, in: paths.directory)
            persistedCheck = EventIndex.check(EventIndex.checkSeed, entries)
        } else if persisted < count {
            var bytes = [UInt8]()
            bytes.reserveCapacity((count - persisted) * EventIndex.entrySize)
            let new = (persisted..<count).map(entry)
            EventIndex.append(new, to: &bytes)
            try files(paths).entries.write(bytes, at: 16 + persisted * EventIndex.entrySize)
            persistedCheck = EventIndex.check(persistedCheck, new)
        }
        // Entries past `seq` left by an interrupted save are never read, and are overwritten.
        // The tag is rewritten in place, padded to a fixed width: a create and a rename per
        // append cost as much as the log's fsync. A tag torn by a crash, or read half-written,
        // fails its checks against the log and the entries, and the index is rebuilt.
        let tag = try files(paths).tag
        let text = tagBytes()
        try tag.write(text, at: 0)
        let wasPersisted = persisted
        persisted = count
        if BootID.isKnown { try saveLookups(paths, previouslyPersisted: wasPersisted) }
    }

    /// The open files of `paths`, opened once and kept.
    private func files(_ paths: Paths) throws -> (entries: POSIXFile, links: POSIXFile?, tag: POSIXFile, inode: ino_t) {
        if let open = openFiles { return open }
        let entries = try POSIXFile(path: paths.entries, flags: O_RDWR)
        var st = stat()
        guard fstat(entries.fd, &st) == 0 else { throw POSIXFile.error("stat", paths.entries) }
        // The tag is written whole in place at every save: a longer one left by another
        // version is cut to its width once, here.
        let tag = try POSIXFile(path: paths.tag, flags: O_WRONLY | O_CREAT)
        if try tag.size > EventIndex.tagWidth { try tag.truncate(to: EventIndex.tagWidth) }
        let open = (entries: entries, links: try? POSIXFile(path: paths.links, flags: O_RDWR), tag: tag, inode: st.st_ino)
        openFiles = open
        return open
    }

    /// The tag: `{"check","end","head","recorded","seq"}` in canonical form, padded with
    /// spaces to `tagWidth` - 1 bytes, and `\n`.
    func tagBytes() -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity(EventIndex.tagWidth)
        CanonicalJSON.appendLiteral("{\"check\":", to: &text)
        CanonicalJSON.writeString(EventIndex.hex(persistedCheck), into: &text)
        CanonicalJSON.appendLiteral(",\"end\":", to: &text)
        CanonicalJSON.writeNumber(Double(end), into: &text)
        CanonicalJSON.appendLiteral(",\"head\":", to: &text)
        CanonicalJSON.writeString(head.hex, into: &text)
        CanonicalJSON.appendLiteral(",\"recorded\":", to: &text)
        CanonicalJSON.writeString(lastRecorded, into: &text)
        CanonicalJSON.appendLiteral(",\"seq\":", to: &text)
        CanonicalJSON.writeNumber(Double(count), into: &text)
        text.append(UInt8(ascii: "}"))
        if text.count < EventIndex.tagWidth - 1 {
            text += [UInt8](repeating: 0x20, count: EventIndex.tagWidth - 1 - text.count)
        }
        text.append(0x0a)
        return text
    }

    /// Brings `links.idx` and the tables up to every entry: the new entries only, when the
    /// mapped tables hold all the others; otherwise all of them, written anew.
    private func saveLookups(_ paths: Paths, previouslyPersisted: Int) throws {
        let header = PositionTable.Header(count: count, head: EventIndex.prefix(head), boot: BootID.current)
        if let streams = streamTable, let ids = idTable, streams.file != nil, ids.file != nil,
           tablesCount == previouslyPersisted, previouslyPersisted > 0, !streams.overfull, !ids.overfull {
            var bytes = [UInt8]()
            bytes.reserveCapacity((count - tablesCount) * 4)
            for p in tablesCount..<count { withUnsafeBytes(of: link(p).littleEndian) { bytes += $0 } }
            let links = try files(paths).links ?? POSIXFile(path: paths.links, flags: O_RDWR)
            try links.write(bytes, at: 16 + tablesCount * 4)
            try foldRecentIntoTables(paths, header: header, rewrite: false)
            if !(streamTable?.overfull ?? false) && !(idTable?.overfull ?? false) { return }
            // A damaged table (it had no room its header promised): everything anew.
            rebuildLookups()
        }
        // Tables that cannot be trusted go first, so that a crash leaves none.
        unlink(paths.streams)
        unlink(paths.ids)
        if streamTable?.overfull ?? false || idTable?.overfull ?? false { rebuildLookups() } else { buildLookups() }
        var links = EventIndex.linksMagic
        links.reserveCapacity(16 + count * 4)
        for p in 0..<count { withUnsafeBytes(of: link(p).littleEndian) { links += $0 } }
        try EventIndex.replace(paths.links, with: links, in: paths.directory)
        openFiles = nil  // the links file is a new one
        try foldRecentIntoTables(paths, header: header, rewrite: true)
    }

    /// Puts the keys of the entries from `tablesCount` on into the tables, and writes them:
    /// in place when they are mapped (marked as being updated meanwhile), else (or to
    /// `rewrite` them) as new files.
    private func foldRecentIntoTables(_ paths: Paths, header: PositionTable.Header, rewrite: Bool) throws {
        guard var streams = streamTable, var ids = idTable else { return }
        let adding = count - tablesCount
        streams.markUpdating()
        ids.markUpdating()
        // Grown tables are new files (marked as being updated until the end).
        while (streams.used + adding + 1) * 4 > streams.capacity * 3 { streams = streams.grown() }
        while (ids.used + recentIDs.count + 1) * 4 > ids.capacity * 3 { ids = ids.grown() }
        // In entry order, so that the same entries make the same files.
        for p in tablesCount..<count { streams.exchange(entry(p).streamKey, position: p) { entry($0).streamKey } }
        // `recentIDs` holds a key for each chosen id among them: none, for acts recorded without ids.
        if !recentIDs.isEmpty {
            for p in tablesCount..<count where EventIndex.hasChosenID(entry(p)) {
                ids.exchange(entry(p).idKey, position: p) { entry($0).idKey }
            }
        }
        streamTable = streams
        idTable = ids
        // A damaged table (no room where its header promised some) stays marked: the caller builds anew.
        if streams.overfull || ids.overfull { return }
        if rewrite || streams.file == nil { streams = try streams.written(to: paths.streams, header: header) }
        if rewrite || ids.file == nil { ids = try ids.written(to: paths.ids, header: header) }
        streams.markWhole(header)
        ids.markWhole(header)
        streamTable = streams
        idTable = ids
        tablesCount = count
        recentStreams.removeAll(keepingCapacity: true)
        recentIDs.removeAll(keepingCapacity: true)
    }

    private static func append(_ entries: [Entry], to bytes: inout [UInt8]) {
        for e in entries {
            withUnsafeBytes(of: e.offset.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: e.length.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: e.version.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: e.streamKey.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: e.idKey.littleEndian) { bytes += $0 }
        }
    }

    /// Writes `bytes` as a new file at `path` (a temporary file renamed over it: a process
    /// that has the old one mapped keeps reading it whole), creating `index/` if needed.
    private static func replace(_ path: String, with bytes: [UInt8], in directory: String) throws {
        if mkdir(directory, 0o755) != 0 && errno != EEXIST { throw POSIXFile.error("create directory", directory) }
        try POSIXFile.writeAtomically(bytes, to: path, durable: false)
    }
}
