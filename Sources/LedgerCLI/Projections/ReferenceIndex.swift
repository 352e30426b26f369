import Foundation
import IPProtection
import LedgerCore
import LedgerStore

/// `projections/references.bin`: which records file their stream under each `StreamLinks`
/// key (the supervisions of a case, the cases of a respondent), so that a question about
/// one item finds the streams that refer to it without reading the whole log.
///
/// A snapshot file (`SnapshotFile`, tag name `references`) whose body is 16 bytes per
/// entry, little-endian: FNV-1a-64 of the key (u64), then the `seq` of the record that
/// filed its stream (u64), in log order. Derived from the log alone: set aside when its
/// tag does not fit the log, caught up with the lines after its tag before each use, and
/// saved again when it was new or caught up 1,000 lines or more. A key's hash may collide
/// with another's: the reader folds a stream too many, which changes no answer.
struct ReferenceIndex {
    static let name = "references"
    static let version = 1
    static let entrySize = 16

    /// The hashed keys, and beside each the `seq` of the record that filed its stream.
    private(set) var keys: [UInt64] = []
    private(set) var seqs: [Int] = []
    /// The last line read.
    private(set) var position: ProjectionSnapshots.Position?

    /// Where the index of `ledger` lives.
    static func path(_ ledger: FileLedger) -> String {
        (ledger.projectionsDirectory as NSString).appendingPathComponent("references.bin")
    }

    /// FNV-1a-64 of a key's UTF-8 bytes.
    static func hash(_ key: String) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in key.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100000001b3
        }
        return h
    }

    /// The `seq`s of the records (up to `last`) that filed their streams under `key`.
    func seqs(filedUnder key: String, through last: Int) -> [Int] {
        let h = Self.hash(key)
        var out: [Int] = []
        for i in keys.indices where keys[i] == h && seqs[i] <= last { out.append(seqs[i]) }
        return out
    }

    /// The index caught up with `ledger`'s log: the saved one and the lines after it, or
    /// the whole log read when there is none that fits. Saved again (if the directory may
    /// be written) when it was new or caught up `ProjectionSnapshots.saveAfter` lines or more.
    static func current(_ ledger: FileLedger, warn: (String) -> Void) throws -> ReferenceIndex {
        let saved = load(ledger, warn: warn)
        var index = saved ?? ReferenceIndex()
        let read = try index.catchUp(ledger)
        if saved == nil || read >= ProjectionSnapshots.saveAfter {
            // Derived data: a ledger directory one may not write (an auditor's copy) still answers.
            try? index.save(ledger)
        }
        return index
    }

    /// The saved index, if there is one that this log still holds; `warn` hears why one was set aside.
    static func load(_ ledger: FileLedger, warn: (String) -> Void) -> ReferenceIndex? {
        let path = path(ledger)
        let setAside = "; the references are read again from the log"
        do {
            guard let (tag, body) = try SnapshotFile.load(path, verifyBody: true) else { return nil }
            guard tag.name == name, tag.version == version else {
                warn("\(path) is of another version (\(tag.name) \(tag.version))" + setAside)
                return nil
            }
            guard try ledger.holds(tag) else {
                warn("\(path) was taken at seq \(tag.seq), which this log does not hold as it was" + setAside)
                return nil
            }
            guard body.count % entrySize == 0 else {
                warn("\(path) has a body of \(body.count) bytes, not a whole number of entries" + setAside)
                return nil
            }
            var index = ReferenceIndex()
            let count = body.count / entrySize
            index.keys.reserveCapacity(count)
            index.seqs.reserveCapacity(count)
            var ordered = true
            body.withUnsafeBytes { raw in
                for i in 0..<count {
                    index.keys.append(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * entrySize, as: UInt64.self)))
                    let seq = Int(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * entrySize + 8, as: UInt64.self)))
                    if seq < 1 || seq > tag.seq || seq < (index.seqs.last ?? 0) { ordered = false }
                    index.seqs.append(seq)
                }
            }
            guard ordered else {
                warn("\(path) has entries out of log order or past its tag's seq \(tag.seq)" + setAside)
                return nil
            }
            index.position = ProjectionSnapshots.Position(tag)
            return index
        } catch {
            warn("\(path) cannot be used (\(error))" + setAside)
            return nil
        }
    }

    /// Reads the log's lines after `position` and files what they link.
    ///
    /// Only lines that contain one of `StreamLinks.linkingTypes` (as JSON writes it) are
    /// decoded; no other line can file anything.
    /// - Returns: the number of lines read.
    /// - Throws: `CLIError` (integrity) when a linking line is not a record, or the first
    ///   line read does not continue the chain from the saved index.
    mutating func catchUp(_ ledger: FileLedger) throws -> Int {
        let needles = StreamLinks.linkingTypes.map { Array(("\"" + $0 + "\"").utf8) }
        let first = (position?.seq ?? 0) + 1
        let previous = position
        var last: (seq: Int, offset: Int, length: Int)?
        var defect: LogDefect?
        var read = 0
        var filed = self
        _ = try storeCall {
            try ledger.forEachLine(fromSeq: first) { line, number, offset in
                do {
                    if number == first, let previous {
                        let record = try ChainVerifier.decode(line, lineNumber: number)
                        guard record.prev == previous.hash.hex else {
                            defect = LogDefect(line: number, kind: .brokenChain, message: "prev does not continue the chain from the reference index")
                            return false
                        }
                    }
                    if needles.contains(where: { Self.contains(line, $0) }) {
                        filed.add(try ChainVerifier.decode(line, lineNumber: number))
                    }
                } catch let d as LogDefect {
                    defect = d
                    return false
                }
                last = (number, offset, line.count)
                read += 1
                return true
            }
        }
        if let defect {
            throw CLIError(.integrity, "\(ledger.eventsPath) is damaged at \(defect); run `ipledger verify`")
        }
        keys = filed.keys
        seqs = filed.seqs
        if let last {
            let line = try storeCall { try ledger.line(seq: last.seq) }
            let record = try line.withUnsafeBytes { bytes -> LedgerRecord in
                do {
                    return try ChainVerifier.decode(bytes, lineNumber: last.seq)
                } catch let d as LogDefect {
                    throw CLIError(.integrity, "\(ledger.eventsPath) is damaged at \(d); run `ipledger verify`")
                }
            }
            guard line.count == last.length, record.seq == last.seq else {
                throw CLIError(.integrity, "\(ledger.eventsPath) changed while it was read (line \(last.seq)); run `ipledger verify`")
            }
            position = ProjectionSnapshots.Position(seq: last.seq, offset: last.offset, length: last.length, hash: SHA256.hash(line),
                                                    recorded: record.recorded)
        }
        return read
    }

    /// Files the stream of `record` under its keys (records come in log order).
    mutating func add(_ record: LedgerRecord) {
        add(StreamLinks.keys(of: record).map(Self.hash), seq: record.seq)
    }

    /// Files the stream of the event at `seq` under the keys hashed (`hashedKeys(of:)`),
    /// which the rebuild's workers compute as they read the lines (events come in log order).
    mutating func add(_ hashedKeys: [UInt64], seq: Int) {
        for key in hashedKeys {
            keys.append(key)
            seqs.append(seq)
        }
    }

    /// The keys `event` files its stream under, hashed as the index keeps them.
    static func hashedKeys(of event: DomainEvent) -> [UInt64] {
        StreamLinks.keys(of: event).map(hash)
    }

    /// Notes that every line up to `position` has been added.
    mutating func reflect(_ position: ProjectionSnapshots.Position) {
        self.position = position
    }

    /// Writes the index atomically, tagged with the last line read (nothing for an empty log).
    func save(_ ledger: FileLedger) throws {
        guard let position else { return }
        var body: [UInt8] = []
        body.reserveCapacity(keys.count * Self.entrySize)
        for i in keys.indices {
            withUnsafeBytes(of: keys[i].littleEndian) { body += $0 }
            withUnsafeBytes(of: UInt64(seqs[i]).littleEndian) { body += $0 }
        }
        let tag = SnapshotTag(name: Self.name, version: Self.version, seq: position.seq, head: position.hash, offset: position.offset,
                              length: position.length, recorded: position.recorded)
        try SnapshotFile.save(body, tag: tag, to: Self.path(ledger))
    }

    /// Whether `haystack` contains the bytes of `needle` (two or more bytes, the second of
    /// them rare in the log, such as the capital that begins a type name after its `"`).
    static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        guard needle.count >= 2, let base = haystack.baseAddress, haystack.count >= needle.count else { return false }
        return needle.withUnsafeBytes { n in
            // Candidates are found by the needle's second byte; `at` is where the needle would begin.
            var at = 0
            let last = haystack.count - needle.count
            while at <= last {
                guard let hit = memchr(base + at + 1, Int32(needle[1]), last - at + 1) else { return false }
                let start = base.distance(to: UnsafeRawPointer(hit)) - 1
                if memcmp(base + start, n.baseAddress!, needle.count) == 0 { return true }
                at = start + 1
            }
            return false
        }
    }
}
