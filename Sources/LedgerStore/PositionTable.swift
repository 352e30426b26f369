import Foundation
import LedgerCore

/// An open-addressing hash table (linear probing) from a 64-bit key (the FNV-1a of a stream
/// name or an id) to the position of the last index entry with that key.
///
/// A slot is 8 bytes: the key's low 32 bits (its fingerprint) above the position + 1
/// (0: an empty slot). A fingerprint match is confirmed against the entry's full key
/// (`keyAt`), so keys that share a fingerprint coexist; keys that share all 64 bits share a
/// slot, and the lines tell them apart (the callers read them). The home slot comes from
/// the fingerprint alone, so the table grows without reading the entries again.
///
/// In memory (`init(bits:)`), or mapped from its file in `index/` (see `EventIndex`), where
/// a 64-byte header says which state of the index the slots reflect.
final class PositionTable {
    /// What a lookup found.
    enum Lookup: Equatable {
        /// No entry has the key.
        case none
        /// The last entry with the key.
        case found(Int)
        /// A slot names a position at or past `limit`, which the caller does not know (another
        /// writer extended the file since): the caller must look some other way.
        case beyond
    }

    static let headerSize = 64
    /// `02`: the id table holds chosen ids only (see `EventIndex`); a table of the first
    /// kind is not opened, and so is built anew.
    static let magic: [UInt8] = Array("IPLTBL02".utf8)
    /// The fewest slots a table has: 2^4.
    static let minimumBits = 4

    /// The table has 2^bits slots.
    let bits: Int
    /// How many slots are taken.
    private(set) var used: Int
    private let slots: UnsafeMutablePointer<UInt64>
    /// The mapped file, when the table lives in one.
    let file: MappedFile?

    /// An empty table in memory with 2^bits slots.
    init(bits: Int) {
        self.bits = max(PositionTable.minimumBits, bits)
        used = 0
        slots = calloc(1 << self.bits, 8)!.bindMemory(to: UInt64.self, capacity: 1 << self.bits)
        file = nil
    }

    /// A table with room for `count` keys below three quarters full.
    convenience init(forKeys count: Int) {
        var bits = PositionTable.minimumBits
        while (1 << bits) * 3 < count * 4 + 4 { bits += 1 }
        self.init(bits: bits)
    }

    private init(file: MappedFile, bits: Int, used: Int) {
        self.bits = bits
        self.used = used
        slots = (file.pointer + PositionTable.headerSize).bindMemory(to: UInt64.self, capacity: 1 << bits)
        self.file = file
    }

    deinit {
        if file == nil { free(slots) }
    }

    var capacity: Int { 1 << bits }

    /// Whether one more key would fill the table past three quarters.
    var isCrowded: Bool { (used + 1) * 4 > capacity * 3 }

    @inline(__always)
    private func home(_ fingerprint: UInt32) -> Int {
        Int(truncatingIfNeeded: (UInt64(fingerprint) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
    }

    /// The last position with `key`, among positions below `limit`.
    @inline(__always)
    func find(_ key: UInt64, limit: Int, keyAt: (Int) -> UInt64) -> Lookup {
        let fingerprint = UInt32(truncatingIfNeeded: key)
        let mask = capacity - 1
        var i = home(fingerprint)
        for _ in 0..<capacity {
            let slot = UInt64(littleEndian: slots[i])
            if slot == 0 { return .none }
            if UInt32(truncatingIfNeeded: slot >> 32) == fingerprint {
                let position = Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1
                if position >= limit { return .beyond }
                if keyAt(position) == key { return .found(position) }
            }
            i = (i + 1) & mask
        }
        return .beyond  // every slot taken: a damaged file; the caller looks some other way
    }

    /// Whether an `exchange` found no free slot (a damaged file whose header miscounts its
    /// slots): the table no longer holds every key, and must be built again.
    private(set) var overfull = false

    /// Makes `position` the last with `key`, and returns the one it replaces (`nil`: the key
    /// is new). Every position in the table must be one `keyAt` knows; the table must not be
    /// crowded (`isCrowded`: grow it first), else `overfull` may be set.
    @discardableResult
    func exchange(_ key: UInt64, position: Int, keyAt: (Int) -> UInt64) -> Int? {
        let fingerprint = UInt32(truncatingIfNeeded: key)
        let mask = capacity - 1
        let value = (UInt64(fingerprint) << 32 | UInt64(position + 1)).littleEndian
        var i = home(fingerprint)
        for _ in 0..<capacity {
            let slot = UInt64(littleEndian: slots[i])
            if slot == 0 {
                slots[i] = value
                used += 1
                return nil
            }
            if UInt32(truncatingIfNeeded: slot >> 32) == fingerprint {
                let old = Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1
                if old < position, keyAt(old) == key {
                    slots[i] = value
                    return old
                }
            }
            i = (i + 1) & mask
        }
        overfull = true
        return nil
    }

    /// The same slots in a table (in memory) with twice as many.
    func grown() -> PositionTable {
        let bigger = PositionTable(bits: bits + 1)
        bigger.used = used
        let mask = bigger.capacity - 1
        for i in 0..<capacity {
            let slot = slots[i]
            guard slot != 0 else { continue }
            var j = bigger.home(UInt32(truncatingIfNeeded: UInt64(littleEndian: slot) >> 32))
            while bigger.slots[j] != 0 { j = (j + 1) & mask }
            bigger.slots[j] = slot
        }
        return bigger
    }

    // MARK: The file

    /// The header: what the slots reflect.
    struct Header: Equatable {
        /// The number of index entries the slots hold.
        var count: Int
        /// The first 8 bytes of the event hash of the last of them.
        var head: UInt64
        /// The boot the file was last written in (`BootID`).
        var boot: [UInt8]
    }

    /// Writes the table as a new file at `path` (a temporary file renamed over it), and
    /// returns the table mapped from it.
    func written(to path: String, header: Header) throws -> PositionTable {
        let temporary = path + ".tmp"
        do {
            let out = try POSIXFile(path: temporary, flags: O_RDWR | O_CREAT | O_TRUNC)
            try out.write(PositionTable.headerBytes(header, bits: bits, used: used, updating: false), at: 0)
            try out.write(UnsafeRawBufferPointer(start: slots, count: capacity * 8), at: PositionTable.headerSize)
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = POSIXFile.error("rename \(temporary) to", path)
            unlink(temporary)
            throw error
        }
        return PositionTable(file: try MappedFile(path: path, length: PositionTable.headerSize + capacity * 8, writable: true),
                             bits: bits, used: used)
    }

    /// The table in the file at `path`, mapped for writing, if its header says it reflects
    /// `header` exactly and was written in this boot, and no update of it was cut short.
    static func open(path: String, expecting header: Header) -> PositionTable? {
        guard let file = try? POSIXFile(path: path, flags: O_RDONLY),
              let bytes = try? file.read(count: headerSize, at: 0), bytes.count == headerSize,
              Array(bytes[0..<8]) == magic else { return nil }
        func word(_ at: Int) -> UInt64 {
            bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        }
        let bits = Int(word(16)), used = Int(word(24))
        guard word(8) == UInt64(header.count), word(32) == header.head, Array(bytes[40..<56]) == header.boot,
              word(56) == 0, bits >= minimumBits, bits < 40, used < 1 << bits,
              let size = try? file.size, size == headerSize + (8 << bits),
              let mapped = try? MappedFile(path: path, length: size, writable: true)
        else { return nil }
        return PositionTable(file: mapped, bits: bits, used: used)
    }

    /// Marks the mapped file as being updated: should the update be cut short, `open` refuses it.
    func markUpdating() {
        file?.store(UInt64(1), at: 56)
    }

    /// Records in the mapped file's header what its slots now reflect, and that they are whole.
    func markWhole(_ header: Header) {
        guard let file else { return }
        file.store(UInt64(header.count), at: 8)
        file.store(UInt64(used), at: 24)
        file.store(header.head, at: 32)
        header.boot.withUnsafeBytes { (file.pointer + 40).copyMemory(from: $0.baseAddress!, byteCount: min(16, $0.count)) }
        file.store(UInt64(0), at: 56)
    }

    private static func headerBytes(_ header: Header, bits: Int, used: Int, updating: Bool) -> [UInt8] {
        var out = magic
        for word in [UInt64(header.count), UInt64(bits), UInt64(used), header.head] {
            withUnsafeBytes(of: word.littleEndian) { out += $0 }
        }
        out += header.boot.prefix(16) + [UInt8](repeating: 0, count: max(0, 16 - header.boot.count))
        withUnsafeBytes(of: UInt64(updating ? 1 : 0).littleEndian) { out += $0 }
        return out
    }
}

/// This boot of the machine, from `/proc/sys/kernel/random/boot_id` (16 bytes; all zero
/// when it cannot be read).
///
/// Within one boot the page cache is coherent: what a process wrote to a file is what any
/// process reads, even if it never reached the disk, and even if the writer was killed.
/// After a power cut, writes that were not fsync'd may be lost in any order. So derived
/// files that are not fsync'd are trusted without a whole check only in the boot that wrote them.
enum BootID {
    static let current: [UInt8] = {
        guard let file = try? POSIXFile(path: "/proc/sys/kernel/random/boot_id", flags: O_RDONLY),
              let bytes = try? file.read(count: 64, at: 0) else { return [UInt8](repeating: 0, count: 16) }
        var out: [UInt8] = []
        var high: UInt8?
        for c in bytes {
            let v: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = c - UInt8(ascii: "a") + 10
            default: continue
            }
            if let h = high {
                out.append(h << 4 | v)
                high = nil
            } else {
                high = v
            }
        }
        return out.count == 16 ? out : [UInt8](repeating: 0, count: 16)
    }()

    /// Whether the boot is known: an unknown one never vouches for a file.
    static var isKnown: Bool { current.contains { $0 != 0 } }
}
