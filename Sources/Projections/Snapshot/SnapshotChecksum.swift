/// A 64-bit checksum, fed bytes in pieces of any length.
///
/// Each 8-byte word `w` takes the state `h` to `rotl((h ^ w) * K, 29)`, a bijection of `h`
/// for any `w` and of `w` for any `h`: a change confined to one word (any flip of bits in
/// it) always changes the result. Not a cryptographic hash (the file's tag has the body's
/// SHA-256): it catches damage, at a few bytes a cycle, where reading the body must not
/// wait for SHA-256.
struct SnapshotChecksum {
    private var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    /// Bytes of a word not yet complete, low byte first.
    private var pending: UInt64 = 0
    private var pendingCount = 0
    private var total = 0

    @inline(__always) private mutating func mix(_ word: UInt64) {
        let h = (state ^ word) &* 0x9FB2_1C65_1E98_DF25
        state = h << 29 | h >> 35
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        total += count
        var i = 0
        while pendingCount > 0, i < count {
            pending |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << (8 * UInt64(pendingCount))
            pendingCount += 1
            i += 1
            if pendingCount == 8 { mix(pending); pending = 0; pendingCount = 0 }
        }
        while i + 8 <= count {
            mix(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i += 8
        }
        while i < count {
            pending |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << (8 * UInt64(pendingCount))
            pendingCount += 1
            i += 1
        }
    }

    func finalize() -> UInt64 {
        var copy = self
        if copy.pendingCount > 0 { copy.mix(copy.pending) }
        copy.mix(UInt64(total))
        return copy.state ^ copy.state >> 31
    }

    /// The checksum of `bytes`.
    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var checksum = SnapshotChecksum()
        checksum.update(bytes)
        return checksum.finalize()
    }
}
