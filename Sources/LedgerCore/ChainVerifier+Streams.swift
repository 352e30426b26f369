import Foundation

/// The version each stream has reached, keyed by the stream name's UTF-8 bytes, for the
/// chain checks: one probe per line, without making a `String`.
///
/// Names are told apart as Swift strings are (canonical equivalence), as a `[String: Int]`
/// would: an ASCII name is its own bytes; any other name is looked up by its canonical
/// decomposition (NFD), which is the ASCII name when it is equivalent to one (`case/K`
/// written with the Kelvin sign is `case/K`), and otherwise is kept in a dictionary.
///
/// An open-addressing table of words: each slot holds 32 bits of the name's hash and where
/// the stream's entry starts in `entries`; an entry is its version, its name's length and
/// its name's bytes, so a probe usually touches one slot and one entry.
struct StreamVersions {
    /// Slot: 0 when empty, else (hash's top 32 bits) << 32 | (entry index + 1).
    private var slots: [UInt64] = Array(repeating: 0, count: 1024)
    /// Entries one after the other: version, name length, then the name's bytes padded to 8.
    private var entries: [UInt64] = []
    /// Streams whose names are not ASCII and not equivalent to an ASCII name.
    private var others: [String: Int] = [:]
    /// How many ASCII-keyed streams `slots` holds.
    private var asciiCount = 0
    /// A per-process key, so that no log can be written to make the probes collide.
    private static let seed = UInt64.random(in: .min ... .max)

    /// How many streams there are.
    var count: Int { asciiCount + others.count }

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

    /// The version stream `name` has reached (0 for a stream not seen yet), and its slot to pass to `set`.
    ///
    /// `hash` is `StreamVersions.hash(name)`; `name` must be ASCII (`version(of:)` takes any name).
    func version(ofASCII name: UnsafeRawBufferPointer, hash: UInt64) -> (version: Int, slot: Int) {
        let mask = slots.count - 1
        let tag = hash >> 32
        var i = Int(truncatingIfNeeded: hash) & mask
        return entries.withUnsafeBufferPointer { entries in
            slots.withUnsafeBufferPointer { slots in
                while true {
                    let slot = slots[i]
                    if slot == 0 { return (0, i) }
                    if slot >> 32 == tag {
                        let entry = Int(truncatingIfNeeded: slot & 0xffff_ffff) - 1
                        if Int(entries[entry + 1]) == name.count,
                           memcmp(UnsafeRawPointer(entries.baseAddress! + entry + 2), name.baseAddress!, name.count) == 0 {
                            return (Int(entries[entry]), i)
                        }
                    }
                    i = (i + 1) & mask
                }
            }
        }
    }

    /// Records that ASCII stream `name` has reached `version`, given what `version(ofASCII:hash:)` returned.
    mutating func set(ascii name: UnsafeRawBufferPointer, hash: UInt64, version: Int, found: (version: Int, slot: Int)) {
        let slot = slots[found.slot]
        if slot != 0 {
            entries[Int(truncatingIfNeeded: slot & 0xffff_ffff) - 1] = UInt64(version)
            return
        }
        let entry = entries.count
        precondition(entry < Int(UInt32.max), "too many streams for the version table")
        entries.append(UInt64(version))
        entries.append(UInt64(name.count))
        let words = (name.count + 7) / 8
        entries.append(contentsOf: repeatElement(0, count: words))
        entries.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: 8 * (entry + 2)).copyMemory(from: name.baseAddress!, byteCount: name.count) }
        slots[found.slot] = (hash >> 32) << 32 | UInt64(entry + 1)
        asciiCount += 1
        if asciiCount * 4 > slots.count * 3 { grow() }
    }

    /// Doubles the table, placing every entry again.
    private mutating func grow() {
        var bigger = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = bigger.count - 1
        entries.withUnsafeBytes { raw in
            var entry = 0
            let words = raw.count / 8
            while entry < words {
                let length = Int(raw.load(fromByteOffset: 8 * (entry + 1), as: UInt64.self))
                let hash = StreamVersions.hash(UnsafeRawBufferPointer(rebasing: raw[(8 * (entry + 2))..<(8 * (entry + 2) + length)]))
                var i = Int(truncatingIfNeeded: hash) & mask
                while bigger[i] != 0 { i = (i + 1) & mask }
                bigger[i] = (hash >> 32) << 32 | UInt64(entry + 1)
                entry += 2 + (length + 7) / 8
            }
        }
        slots = bigger
    }

    /// The version stream `name` has reached (0 for a stream not seen yet): for any name.
    func version(of name: String) -> Int {
        switch key(name) {
        case .ascii(let bytes):
            return bytes.withUnsafeBytes { version(ofASCII: $0, hash: StreamVersions.hash($0)).version }
        case .other(let name):
            return others[name] ?? 0
        }
    }

    /// Records that stream `name` (any name) has reached `version`.
    mutating func set(_ name: String, version: Int) {
        switch key(name) {
        case .ascii(let bytes):
            bytes.withUnsafeBytes { raw in
                let hash = StreamVersions.hash(raw)
                set(ascii: raw, hash: hash, version: version, found: self.version(ofASCII: raw, hash: hash))
            }
        case .other(let name):
            others[name] = version
        }
    }

    /// Where a name is kept: by its ASCII bytes, or by Swift string equality.
    private enum Key {
        case ascii([UInt8])
        case other(String)
    }

    private func key(_ name: String) -> Key {
        let bytes = Array(name.utf8)
        if bytes.allSatisfy({ $0 < 0x80 }) { return .ascii(bytes) }
        let decomposed = Array(name.decomposedStringWithCanonicalMapping.utf8)
        return decomposed.allSatisfy({ $0 < 0x80 }) ? .ascii(decomposed) : .other(name)
    }

    /// Every stream and its version, as a dictionary.
    var dictionary: [String: Int] {
        var out = others
        out.reserveCapacity(count)
        entries.withUnsafeBytes { raw in
            var entry = 0
            let words = raw.count / 8
            while entry < words {
                let version = Int(raw.load(fromByteOffset: 8 * entry, as: UInt64.self))
                let length = Int(raw.load(fromByteOffset: 8 * (entry + 1), as: UInt64.self))
                let name = String(decoding: UnsafeRawBufferPointer(rebasing: raw[(8 * (entry + 2))..<(8 * (entry + 2) + length)]), as: UTF8.self)
                out[name] = version
                entry += 2 + (length + 7) / 8
            }
        }
        return out
    }
}
