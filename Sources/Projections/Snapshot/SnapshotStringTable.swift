import Foundation

/// The strings of one segment of a snapshot as the encoder meets them: each distinct string
/// gets the next index and is written once, into `bytes` (its varint length, then its UTF-8).
///
/// Two levels of lookup, because a snapshot holds millions of strings but only hundreds of
/// thousands of distinct ones: a small cache by the string's identity (its two words: the
/// characters themselves for strings of up to 15 bytes, else its storage, which the cache
/// keeps alive, so that equal words always mean equal strings), which finds member names and
/// the short names repeated everywhere without reading a character; then a hash table by
/// content.
struct SnapshotStringTable {
    /// The table as it is written: for each string, its varint byte length and its UTF-8 bytes.
    private(set) var bytes: [UInt8] = []
    /// The number of distinct strings.
    private(set) var count = 0

    /// For each string: where its UTF-8 starts in `bytes`, its length and its hash.
    private var starts: [Int32] = []
    private var lengths: [Int32] = []
    private var hashes: [UInt64] = []
    /// Open addressing by hash: an index into the arrays above plus one, 0 when free.
    private var slots: [Int32]
    private var mask: Int

    /// The identity cache: the words of a string, the string (kept alive), and its index.
    private static let cacheSize = 4096
    private var cacheWords: [(UInt64, UInt64)]
    private var cacheStrings: [String]
    private var cacheIndexes: [Int32]

    init() {
        slots = [Int32](repeating: 0, count: 1024)
        mask = 1023
        cacheWords = Array(repeating: (0, 0), count: Self.cacheSize)
        cacheStrings = Array(repeating: "", count: Self.cacheSize)
        cacheIndexes = Array(repeating: -1, count: Self.cacheSize)
    }

    /// The index of `string`, added to the table if it is new.
    @inline(__always)
    mutating func index(of string: String) -> Int {
        let words = unsafeBitCast(string, to: (UInt64, UInt64).self)
        let mixed = (words.0 ^ (words.1 &* 0x9E37_79B9_7F4A_7C15)) &* 0xBF58_476D_1CE4_E5B9
        let at = Int(truncatingIfNeeded: mixed >> 52) & (Self.cacheSize - 1)
        if cacheIndexes[at] >= 0, cacheWords[at] == words { return Int(cacheIndexes[at]) }
        let index = lookUp(string)
        cacheWords[at] = words
        cacheStrings[at] = string
        cacheIndexes[at] = Int32(index)
        return index
    }

    /// The index of `string` by its content.
    private mutating func lookUp(_ string: String) -> Int {
        var string = string
        return string.withUTF8 { utf8 in
            let hash = Self.hash(utf8)
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let entry = Int(slots[slot]) - 1
                if entry < 0 { break }
                if hashes[entry] == hash, Int(lengths[entry]) == utf8.count, holds(entry, utf8) { return entry }
                slot = (slot + 1) & mask
            }
            let entry = count
            count += 1
            SnapshotFormat.appendVarint(UInt64(utf8.count), to: &bytes)
            starts.append(Int32(bytes.count))
            lengths.append(Int32(utf8.count))
            hashes.append(hash)
            bytes.append(contentsOf: utf8)
            slots[slot] = Int32(entry + 1)
            if count * 2 > mask { grow() }
            return entry
        }
    }

    private func holds(_ entry: Int, _ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let other = utf8.baseAddress, !utf8.isEmpty else { return true }
        return bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + Int(starts[entry]), other, utf8.count) == 0 }
    }

    private mutating func grow() {
        mask = mask * 2 + 1
        slots = [Int32](repeating: 0, count: mask + 1)
        for entry in 0..<count {
            var slot = Int(truncatingIfNeeded: hashes[entry]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(entry + 1)
        }
    }

    /// A hash of UTF-8 bytes, 8 at a time.
    @inline(__always)
    static func hash(_ utf8: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(utf8.count)
        guard let base = utf8.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= utf8.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < utf8.count {
            tail |= UInt64(base[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xBF58_476D_1CE4_E5B9
        return h ^ h >> 31
    }
}
