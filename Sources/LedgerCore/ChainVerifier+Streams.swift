import Foundation

/// The version each stream has reached, keyed by the stream name's UTF-8 bytes, for the
/// chain checks: one probe per line, without making a `String`.
///
/// Names are told apart as Swift strings are (canonical equivalence), as a `[String: Int]`
/// would: an ASCII name is its own bytes; any other name is looked up by its canonical
/// decomposition (NFD), which is the ASCII name when it is equivalent to one (`case/K`
/// written with the Kelvin sign is `case/K`), and otherwise is kept in a dictionary.
///
/// Each ASCII-named stream has a number, 0, 1, 2 … in order of first appearance, and its
/// version is `versions[number]`: the checks in log order touch only that dense array.
/// Finding the number is an open-addressing table of words: each slot holds the top 32
/// bits of the name's hash (whose top bits are also the slot's place, so the table grows
/// without reading a name) and where the stream's entry starts in `entries`; an entry is
/// its number and its name's length in one word, then the name's bytes.
struct StreamVersions {
    /// Slot: 0 when empty, else (hash >> 32) << 32 | (entry's first word + 1).
    private var slots: [UInt64] = Array(repeating: 0, count: 1 << StreamVersions.initialBits)
    /// log2 of `slots.count`.
    private var bits = StreamVersions.initialBits
    /// Entries one after the other: name length << 32 | stream number, then the name's bytes padded to 8.
    private var entries: [UInt64] = []
    /// The version of each ASCII-named stream, by number.
    private var versions: [Int] = []
    /// Streams whose names are not ASCII and not equivalent to an ASCII name.
    private var others: [String: Int] = [:]
    private static let initialBits = 10
    /// A per-process key, so that no log can be written to make the probes collide.
    private static let seed = UInt64.random(in: .min ... .max)

    /// How many streams there are.
    var count: Int { versions.count + others.count }

    /// The hash of a name's bytes, computed wherever the line is read (any thread).
    static func hash(_ name: UnsafeRawBufferPointer) -> UInt64 {
        var h = seed ^ UInt64(name.count) &* 0x9e37_79b9_7f4a_7c15
        var i = 0
        let n = name.count
        while n - i >= 8 {
            h = mix(h, UInt64(littleEndian: name.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i += 8
        }
        if i < n {
            var tail: UInt64 = 0
            for k in i..<n { tail |= UInt64(name[k]) << (8 * UInt64(k - i)) }
            h = mix(h, tail)
        }
        return mix(h, 0x2d35_8dcc_aa6c_78a5)
    }

    @inline(__always)
    private static func mix(_ h: UInt64, _ w: UInt64) -> UInt64 {
        let product = (h ^ w).multipliedFullWidth(by: 0xa076_1d64_78bd_642f ^ seed)
        return product.high ^ product.low
    }

    /// `hash(name)` when `name` is ASCII, else `nil` (the name is then looked up as Swift
    /// compares strings, by `advance(_:to:)`).
    static func asciiHash(_ name: UnsafeRawBufferPointer) -> UInt64? {
        isASCII(name) ? hash(name) : nil
    }

    /// Whether every byte of `name` is ASCII.
    static func isASCII(_ name: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while name.count - i >= 8 {
            if name.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < name.count {
            if name[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    /// The number of ASCII stream `name` (whose `hash` is `StreamVersions.hash(name)`), and
    /// the slot where it is or would go.
    func find(ascii name: UnsafeRawBufferPointer, hash: UInt64) -> (stream: Int?, slot: Int) {
        withReader { $0.find(ascii: name, hash: hash) }
    }

    /// Calls `body` with a reader of the table, which any number of threads may use at once
    /// (it touches no reference counts) while `body` runs and nothing changes the table.
    func withReader<R>(_ body: (Reader) throws -> R) rethrows -> R {
        try entries.withUnsafeBytes { entries in
            try slots.withUnsafeBufferPointer { slots in
                try body(Reader(slots: slots, entries: entries, bits: bits))
            }
        }
    }

    /// Finds names in the table without changing it.
    struct Reader {
        let slots: UnsafeBufferPointer<UInt64>
        let entries: UnsafeRawBufferPointer
        let bits: Int

        /// As `StreamVersions.find(ascii:hash:)`.
        func find(ascii name: UnsafeRawBufferPointer, hash: UInt64) -> (stream: Int?, slot: Int) {
            let tag = hash >> 32
            let mask = slots.count - 1
            var i = Int(truncatingIfNeeded: tag >> (32 - UInt64(bits)))
            while true {
                let slot = slots[i]
                if slot == 0 { return (nil, i) }
                if slot >> 32 == tag, let stream = stream(named: name, at: Int(truncatingIfNeeded: slot & 0xffff_ffff) - 1) {
                    return (stream, i)
                }
                i = (i + 1) & mask
            }
        }

        /// The number of the stream whose entry starts at word `entry`, if its name is `name`.
        @inline(__always)
        private func stream(named name: UnsafeRawBufferPointer, at entry: Int) -> Int? {
            let header = entries.load(fromByteOffset: 8 * entry, as: UInt64.self)
            guard Int(header >> 32) == name.count else { return nil }
            let stored = entries.baseAddress! + 8 * (entry + 1)
            var i = 0
            while name.count - i >= 8 {
                guard name.loadUnaligned(fromByteOffset: i, as: UInt64.self) == stored.load(fromByteOffset: i, as: UInt64.self) else { return nil }
                i += 8
            }
            while i < name.count {
                guard name[i] == stored.load(fromByteOffset: i, as: UInt8.self) else { return nil }
                i += 1
            }
            return Int(header & 0xffff_ffff)
        }
    }

    /// Adds ASCII stream `name`, not in the table, at `version`; `slot` is where `find` said it would go.
    private mutating func add(ascii name: UnsafeRawBufferPointer, hash: UInt64, version: Int, slot: Int) {
        let entry = entries.count, stream = versions.count
        precondition(entry < Int(UInt32.max) && stream < Int(UInt32.max) && name.count < Int(UInt32.max),
                     "too many streams for the version table")
        entries.append(UInt64(name.count) << 32 | UInt64(stream))
        entries.append(contentsOf: repeatElement(0, count: (name.count + 7) / 8))
        entries.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: 8 * (entry + 1)).copyMemory(from: name.baseAddress!, byteCount: name.count) }
        versions.append(version)
        slots[slot] = (hash >> 32) << 32 | UInt64(entry + 1)
        if versions.count * 4 > slots.count * 3 && bits < 32 { grow() }
    }

    /// Doubles the table: each slot's place follows from its own top bits.
    private mutating func grow() {
        bits += 1
        var bigger = [UInt64](repeating: 0, count: 1 << bits)
        let mask = bigger.count - 1
        bigger.withUnsafeMutableBufferPointer { bigger in
            for slot in slots where slot != 0 {
                var i = Int(truncatingIfNeeded: (slot >> 32) >> (32 - UInt64(bits)))
                while bigger[i] != 0 { i = (i + 1) & mask }
                bigger[i] = slot
            }
        }
        slots = bigger
    }

    /// Moves stream `name` (any name) on to `version` if that is the version after the one
    /// it has reached, and returns the one it had reached (0 for a new stream) either way.
    mutating func advance(_ name: String, to version: Int) -> Int {
        var name = name
        if name.withUTF8({ StreamVersions.isASCII(UnsafeRawBufferPointer($0)) }) {
            return name.withUTF8 { advance(ascii: UnsafeRawBufferPointer($0), to: version) }
        }
        // Swift holds equal the names with the same canonical decomposition (NFD): an ASCII
        // one when it decomposes to ASCII (as `case/` and the Kelvin sign does to `case/K`).
        var decomposed = name.decomposedStringWithCanonicalMapping
        if decomposed.withUTF8({ StreamVersions.isASCII(UnsafeRawBufferPointer($0)) }) {
            return decomposed.withUTF8 { advance(ascii: UnsafeRawBufferPointer($0), to: version) }
        }
        let current = others[name] ?? 0
        if version == current + 1 { others[name] = version }
        return current
    }

    /// `advance(_:to:)` for an ASCII name; `stream` is its number if a `find` before found it.
    @inline(__always)
    mutating func advance(ascii name: UnsafeRawBufferPointer, hash: UInt64? = nil, stream: Int? = nil, to version: Int) -> Int {
        var number = stream
        var hash = hash
        var slot = 0
        if number == nil {
            let h = hash ?? StreamVersions.hash(name)
            (number, slot) = find(ascii: name, hash: h)
            hash = h
        }
        guard let number else {
            if version == 1 { add(ascii: name, hash: hash!, version: 1, slot: slot) }
            return 0
        }
        let current = versions[number]
        if version == current + 1 { versions[number] = version }
        return current
    }

    /// Every stream and its version, as a dictionary.
    var dictionary: [String: Int] {
        var out = others
        out.reserveCapacity(count)
        entries.withUnsafeBytes { raw in
            var entry = 0
            let words = raw.count / 8
            while entry < words {
                let header = raw.load(fromByteOffset: 8 * entry, as: UInt64.self)
                let length = Int(header >> 32)
                let name = String(decoding: UnsafeRawBufferPointer(rebasing: raw[(8 * (entry + 1))..<(8 * (entry + 1) + length)]), as: UTF8.self)
                out[name] = versions[Int(header & 0xffff_ffff)]
                entry += 1 + (length + 7) / 8
            }
        }
        return out
    }
}
