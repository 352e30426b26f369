/// SHA-256 as FIPS 180-4 defines it, streaming: feed bytes in any pieces, then finalize.
///
/// Whole 64-byte blocks are compressed straight from the caller's buffer; only a
/// partial block is copied, so hashing allocates nothing per byte.
public struct SHA256: Sendable {
    /// The digest's size in bytes.
    public static let digestSize = 32

    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
        (0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)
    private var buffer = [UInt8](repeating: 0, count: 64)
    private var buffered = 0
    private var totalLength: UInt64 = 0

    public init() {}

    /// Hashes `bytes` in one call.
    public static func hash<Bytes: Sequence>(_ bytes: Bytes) -> Digest where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Hashes the bytes of a raw buffer in one call.
    public static func hash(_ buffer: UnsafeRawBufferPointer) -> Digest {
        var hasher = SHA256()
        hasher.update(buffer)
        return hasher.finalize()
    }

    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil {
            let array = Array(bytes)
            array.withUnsafeBytes { update($0) }
        }
    }

    public mutating func update(_ input: UnsafeRawBufferPointer) {
        guard input.count > 0, let base = input.baseAddress else { return }
        totalLength &+= UInt64(input.count)
        var offset = 0
        var remaining = input.count
        if buffered > 0 {
            let take = min(64 - buffered, remaining)
            buffer.withUnsafeMutableBytes { dst in
                dst.baseAddress!.advanced(by: buffered).copyMemory(from: base, byteCount: take)
            }
            buffered += take
            offset += take
            remaining -= take
            if buffered == 64 {
                buffer.withUnsafeBytes { compress(blocks: $0.baseAddress!, count: 1) }
                buffered = 0
            }
        }
        if remaining >= 64 {
            let blocks = remaining / 64
            compress(blocks: base.advanced(by: offset), count: blocks)
            offset += blocks * 64
            remaining -= blocks * 64
        }
        if remaining > 0 {
            buffer.withUnsafeMutableBytes { dst in
                dst.baseAddress!.copyMemory(from: base.advanced(by: offset), byteCount: remaining)
            }
            buffered = remaining
        }
    }

    /// Finishes the hash. The hasher must not be used afterwards.
    public mutating func finalize() -> Digest {
        let bitLength = totalLength &* 8
        var tail = [UInt8](repeating: 0, count: buffered < 56 ? 64 : 128)
        for i in 0..<buffered { tail[i] = buffer[i] }
        tail[buffered] = 0x80
        for i in 0..<8 { tail[tail.count - 1 - i] = UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i))) }
        tail.withUnsafeBytes { compress(blocks: $0.baseAddress!, count: tail.count / 64) }
        var out = [UInt8](repeating: 0, count: 32)
        let words = [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7]
        for (i, w) in words.enumerated() {
            out[4 * i] = UInt8(truncatingIfNeeded: w >> 24)
            out[4 * i + 1] = UInt8(truncatingIfNeeded: w >> 16)
            out[4 * i + 2] = UInt8(truncatingIfNeeded: w >> 8)
            out[4 * i + 3] = UInt8(truncatingIfNeeded: w)
        }
        return Digest(bytes: out)
    }

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

    private mutating func compress(blocks: UnsafeRawPointer, count: Int) {
        var (h0, h1, h2, h3, h4, h5, h6, h7) = state
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            SHA256.roundConstants.withUnsafeBufferPointer { k in
                for block in 0..<count {
                    let p = blocks.advanced(by: block * 64)
                    for t in 0..<16 {
                        let b = p.advanced(by: 4 * t)
                        w[t] = UInt32(b.load(fromByteOffset: 0, as: UInt8.self)) << 24
                            | UInt32(b.load(fromByteOffset: 1, as: UInt8.self)) << 16
                            | UInt32(b.load(fromByteOffset: 2, as: UInt8.self)) << 8
                            | UInt32(b.load(fromByteOffset: 3, as: UInt8.self))
                    }
                    for t in 16..<64 {
                        let s0 = SHA256.rotr(w[t - 15], 7) ^ SHA256.rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
                        let s1 = SHA256.rotr(w[t - 2], 17) ^ SHA256.rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
                        w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
                    }
                    var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
                    for t in 0..<64 {
                        let s1 = SHA256.rotr(e, 6) ^ SHA256.rotr(e, 11) ^ SHA256.rotr(e, 25)
                        let ch = (e & f) ^ (~e & g)
                        let t1 = h &+ s1 &+ ch &+ k[t] &+ w[t]
                        let s0 = SHA256.rotr(a, 2) ^ SHA256.rotr(a, 13) ^ SHA256.rotr(a, 22)
                        let maj = (a & b) ^ (a & c) ^ (b & c)
                        let t2 = s0 &+ maj
                        h = g; g = f; f = e; e = d &+ t1
                        d = c; c = b; b = a; a = t1 &+ t2
                    }
                    h0 = h0 &+ a; h1 = h1 &+ b; h2 = h2 &+ c; h3 = h3 &+ d
                    h4 = h4 &+ e; h5 = h5 &+ f; h6 = h6 &+ g; h7 = h7 &+ h
                }
            }
        }
        state = (h0, h1, h2, h3, h4, h5, h6, h7)
    }

    private static let roundConstants: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]
}

extension SHA256 {
    /// A 32-byte SHA-256 digest.
    public struct Digest: Hashable, Sendable, CustomStringConvertible {
        public let bytes: [UInt8]

        public init(bytes: [UInt8]) {
            precondition(bytes.count == 32, "a SHA-256 digest has 32 bytes")
            self.bytes = bytes
        }

        /// Parses 64 hex digits (either case); `nil` for anything else.
        public init?(hex: String) {
            guard let bytes = Hex.decode(hex), bytes.count == 32 else { return nil }
            self.bytes = bytes
        }

        /// 64 lowercase hex digits, as the ledger writes hashes.
        public var hex: String { Hex.encode(bytes) }
        public var description: String { hex }

        /// The digest of the empty string: the root of an empty Merkle tree.
        public static let empty = SHA256.hash([UInt8]())
        /// 32 zero bytes: `prev` of the first line.
        public static let zero = Digest(bytes: [UInt8](repeating: 0, count: 32))
    }
}

/// Lowercase hexadecimal encoding and decoding.
public enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func decode(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count / 2)
        var i = 0
        while i < utf8.count {
            guard let hi = value(utf8[i]), let lo = value(utf8[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    /// True when `text` is exactly `count` lowercase hex digits.
    public static func isLowercaseHex(_ text: String, count: Int) -> Bool {
        var n = 0
        for c in text.utf8 {
            guard (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) else { return false }
            n += 1
        }
        return n == count
    }

    private static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46: return c - 0x41 + 10
        default: return nil
        }
    }
}
