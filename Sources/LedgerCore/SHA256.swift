/// SHA-256 as FIPS 180-4 defines it, streaming: feed bytes in any pieces, then finalize.
///
/// Whole 64-byte blocks are compressed straight from the caller's buffer; only a
/// partial block is copied, into storage inside the hasher itself, so hashing
/// allocates nothing. On an x86 CPU with the SHA extensions the compression function runs
/// on them (`SHA256+Implementation.swift`); elsewhere, or with `IPLEDGER_SHA256=portable`,
/// it is the portable one below, fully unrolled with the round constants as literals
/// (FIPS 180-4 section 6.2.2).
public struct SHA256: Sendable {
    /// The digest's size in bytes.
    public static let digestSize = 32
    /// The size in bytes of the blocks the compression function takes.
    public static let blockSize = 64

    typealias State = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)
    /// 64 bytes of storage for a partial block.
    typealias Block = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    /// FIPS 180-4 section 5.3.3: the initial hash value.
    static let initialState: State = (0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)
    private var state: State = SHA256.initialState
    private var buffer: Block = (0, 0, 0, 0, 0, 0, 0, 0)
    private var buffered = 0
    private var totalLength: UInt64 = 0
    private let implementation: Implementation

    /// A hasher that has been fed nothing yet.
    public init() {
        implementation = SHA256.processImplementation
    }

    /// A hasher that runs `implementation`, which the CPU must have (`isAvailable`): for the
    /// tests that hold the implementations to each other.
    init(implementation: Implementation) {
        precondition(implementation.isAvailable, "this CPU cannot run the \(implementation) SHA-256")
        self.implementation = implementation
    }

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

    /// Feeds `bytes`; a sequence without contiguous storage is copied first.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil {
            let array = Array(bytes)
            array.withUnsafeBytes { update($0) }
        }
    }

    /// Feeds the 32 bytes of a digest, e.g. a child's hash in a Merkle tree.
    public mutating func update(_ digest: Digest) {
        digest.withUnsafeBytes { update($0) }
    }

    /// Feeds the bytes of a raw buffer.
    public mutating func update(_ input: UnsafeRawBufferPointer) {
        guard input.count > 0, let base = input.baseAddress else { return }
        totalLength &+= UInt64(input.count)
        var offset = 0
        var remaining = input.count
        if buffered > 0 {
            let take = min(64 - buffered, remaining)
            withUnsafeMutableBytes(of: &buffer) { block in
                block.baseAddress!.advanced(by: buffered).copyMemory(from: base, byteCount: take)
                if buffered + take == 64 {
                    SHA256.compress(&state, UnsafeRawPointer(block.baseAddress!), blocks: 1, with: implementation)
                }
            }
            buffered = (buffered + take) % 64
            offset = take
            remaining -= take
        }
        if remaining >= 64 {
            let blocks = remaining / 64
            SHA256.compress(&state, base.advanced(by: offset), blocks: blocks, with: implementation)
            offset += blocks * 64
            remaining -= blocks * 64
        }
        if remaining > 0 {
            withUnsafeMutableBytes(of: &buffer) { block in
                block.baseAddress!.copyMemory(from: base.advanced(by: offset), byteCount: remaining)
            }
            buffered = remaining
        }
    }

    /// Finishes the hash (FIPS 180-4 section 5.1.1 padding). The hasher must not be used afterwards.
    public mutating func finalize() -> Digest {
        let bitLength = totalLength &* 8
        var tail: (Block, Block) = (buffer, (0, 0, 0, 0, 0, 0, 0, 0))
        let blocks = buffered < 56 ? 1 : 2
        withUnsafeMutableBytes(of: &tail) { t in
            let p = t.baseAddress!
            p.storeBytes(of: 0x80, toByteOffset: buffered, as: UInt8.self)
            (p + buffered + 1).initializeMemory(as: UInt8.self, repeating: 0, count: 64 * blocks - 8 - buffered - 1)
            p.storeBytes(of: bitLength.bigEndian, toByteOffset: 64 * blocks - 8, as: UInt64.self)
            SHA256.compress(&state, UnsafeRawPointer(p), blocks: blocks, with: implementation)
        }
        return Digest(state: state)
    }

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

    @inline(__always)
    private static func sigma0(_ x: UInt32) -> UInt32 { rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3) }

    @inline(__always)
    private static func sigma1(_ x: UInt32) -> UInt32 { rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10) }

    /// One round (FIPS 180-4 section 6.2.2 step 3); the caller rotates the variables' roles
    /// instead of moving eight values, so only `d` (the next `e`) and `h` (the next `a`) change.
    @inline(__always)
    private static func step(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
                             _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32) {
        let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ (g ^ (e & (f ^ g))) &+ kw
        let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) | (c & (a | b)))
        d = d &+ t1
        h = t1 &+ t2
    }

    @inline(__always)
    private static func word(_ p: UnsafeRawPointer, _ t: Int) -> UInt32 {
        UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self))
    }

    /// Compresses `blocks` consecutive 64-byte blocks at `p` into `state`, in portable Swift.
    static func compressPortable(_ state: inout State, _ p: UnsafeRawPointer, blocks: Int) {
        var (a, b, c, d, e, f, g, h) = state
        var p = p
        for _ in 0..<blocks {
            let (a0, b0, c0, d0, e0, f0, g0, h0) = (a, b, c, d, e, f, g, h)
            var w0 = word(p, 0), w1 = word(p, 1), w2 = word(p, 2), w3 = word(p, 3)
            var w4 = word(p, 4), w5 = word(p, 5), w6 = word(p, 6), w7 = word(p, 7)
            var w8 = word(p, 8), w9 = word(p, 9), w10 = word(p, 10), w11 = word(p, 11)
            var w12 = word(p, 12), w13 = word(p, 13), w14 = word(p, 14), w15 = word(p, 15)
            step(a, b, c, &d, e, f, g, &h, 0x428a2f98 &+ w0)
            step(h, a, b, &c, d, e, f, &g, 0x71374491 &+ w1)
            step(g, h, a, &b, c, d, e, &f, 0xb5c0fbcf &+ w2)
            step(f, g, h, &a, b, c, d, &e, 0xe9b5dba5 &+ w3)
            step(e, f, g, &h, a, b, c, &d, 0x3956c25b &+ w4)
            step(d, e, f, &g, h, a, b, &c, 0x59f111f1 &+ w5)
            step(c, d, e, &f, g, h, a, &b, 0x923f82a4 &+ w6)
            step(b, c, d, &e, f, g, h, &a, 0xab1c5ed5 &+ w7)
            step(a, b, c, &d, e, f, g, &h, 0xd807aa98 &+ w8)
            step(h, a, b, &c, d, e, f, &g, 0x12835b01 &+ w9)
            step(g, h, a, &b, c, d, e, &f, 0x243185be &+ w10)
            step(f, g, h, &a, b, c, d, &e, 0x550c7dc3 &+ w11)
            step(e, f, g, &h, a, b, c, &d, 0x72be5d74 &+ w12)
            step(d, e, f, &g, h, a, b, &c, 0x80deb1fe &+ w13)
            step(c, d, e, &f, g, h, a, &b, 0x9bdc06a7 &+ w14)
            step(b, c, d, &e, f, g, h, &a, 0xc19bf174 &+ w15)
            w0 = w0 &+ sigma0(w1) &+ w9 &+ sigma1(w14)
            step(a, b, c, &d, e, f, g, &h, 0xe49b69c1 &+ w0)
            w1 = w1 &+ sigma0(w2) &+ w10 &+ sigma1(w15)
            step(h, a, b, &c, d, e, f, &g, 0xefbe4786 &+ w1)
            w2 = w2 &+ sigma0(w3) &+ w11 &+ sigma1(w0)
            step(g, h, a, &b, c, d, e, &f, 0x0fc19dc6 &+ w2)
            w3 = w3 &+ sigma0(w4) &+ w12 &+ sigma1(w1)
            step(f, g, h, &a, b, c, d, &e, 0x240ca1cc &+ w3)
            w4 = w4 &+ sigma0(w5) &+ w13 &+ sigma1(w2)
            step(e, f, g, &h, a, b, c, &d, 0x2de92c6f &+ w4)
            w5 = w5 &+ sigma0(w6) &+ w14 &+ sigma1(w3)
            step(d, e, f, &g, h, a, b, &c, 0x4a7484aa &+ w5)
            w6 = w6 &+ sigma0(w7) &+ w15 &+ sigma1(w4)
            step(c, d, e, &f, g, h, a, &b, 0x5cb0a9dc &+ w6)
            w7 = w7 &+ sigma0(w8) &+ w0 &+ sigma1(w5)
            step(b, c, d, &e, f, g, h, &a, 0x76f988da &+ w7)
            w8 = w8 &+ sigma0(w9) &+ w1 &+ sigma1(w6)
            step(a, b, c, &d, e, f, g, &h, 0x983e5152 &+ w8)
            w9 = w9 &+ sigma0(w10) &+ w2 &+ sigma1(w7)
            step(h, a, b, &c, d, e, f, &g, 0xa831c66d &+ w9)
            w10 = w10 &+ sigma0(w11) &+ w3 &+ sigma1(w8)
            step(g, h, a, &b, c, d, e, &f, 0xb00327c8 &+ w10)
            w11 = w11 &+ sigma0(w12) &+ w4 &+ sigma1(w9)
            step(f, g, h, &a, b, c, d, &e, 0xbf597fc7 &+ w11)
            w12 = w12 &+ sigma0(w13) &+ w5 &+ sigma1(w10)
            step(e, f, g, &h, a, b, c, &d, 0xc6e00bf3 &+ w12)
            w13 = w13 &+ sigma0(w14) &+ w6 &+ sigma1(w11)
            step(d, e, f, &g, h, a, b, &c, 0xd5a79147 &+ w13)
            w14 = w14 &+ sigma0(w15) &+ w7 &+ sigma1(w12)
            step(c, d, e, &f, g, h, a, &b, 0x06ca6351 &+ w14)
            w15 = w15 &+ sigma0(w0) &+ w8 &+ sigma1(w13)
            step(b, c, d, &e, f, g, h, &a, 0x14292967 &+ w15)
            w0 = w0 &+ sigma0(w1) &+ w9 &+ sigma1(w14)
            step(a, b, c, &d, e, f, g, &h, 0x27b70a85 &+ w0)
            w1 = w1 &+ sigma0(w2) &+ w10 &+ sigma1(w15)
            step(h, a, b, &c, d, e, f, &g, 0x2e1b2138 &+ w1)
            w2 = w2 &+ sigma0(w3) &+ w11 &+ sigma1(w0)
            step(g, h, a, &b, c, d, e, &f, 0x4d2c6dfc &+ w2)
            w3 = w3 &+ sigma0(w4) &+ w12 &+ sigma1(w1)
            step(f, g, h, &a, b, c, d, &e, 0x53380d13 &+ w3)
            w4 = w4 &+ sigma0(w5) &+ w13 &+ sigma1(w2)
            step(e, f, g, &h, a, b, c, &d, 0x650a7354 &+ w4)
            w5 = w5 &+ sigma0(w6) &+ w14 &+ sigma1(w3)
            step(d, e, f, &g, h, a, b, &c, 0x766a0abb &+ w5)
            w6 = w6 &+ sigma0(w7) &+ w15 &+ sigma1(w4)
            step(c, d, e, &f, g, h, a, &b, 0x81c2c92e &+ w6)
            w7 = w7 &+ sigma0(w8) &+ w0 &+ sigma1(w5)
            step(b, c, d, &e, f, g, h, &a, 0x92722c85 &+ w7)
            w8 = w8 &+ sigma0(w9) &+ w1 &+ sigma1(w6)
            step(a, b, c, &d, e, f, g, &h, 0xa2bfe8a1 &+ w8)
            w9 = w9 &+ sigma0(w10) &+ w2 &+ sigma1(w7)
            step(h, a, b, &c, d, e, f, &g, 0xa81a664b &+ w9)
            w10 = w10 &+ sigma0(w11) &+ w3 &+ sigma1(w8)
            step(g, h, a, &b, c, d, e, &f, 0xc24b8b70 &+ w10)
            w11 = w11 &+ sigma0(w12) &+ w4 &+ sigma1(w9)
            step(f, g, h, &a, b, c, d, &e, 0xc76c51a3 &+ w11)
            w12 = w12 &+ sigma0(w13) &+ w5 &+ sigma1(w10)
            step(e, f, g, &h, a, b, c, &d, 0xd192e819 &+ w12)
            w13 = w13 &+ sigma0(w14) &+ w6 &+ sigma1(w11)
            step(d, e, f, &g, h, a, b, &c, 0xd6990624 &+ w13)
            w14 = w14 &+ sigma0(w15) &+ w7 &+ sigma1(w12)
            step(c, d, e, &f, g, h, a, &b, 0xf40e3585 &+ w14)
            w15 = w15 &+ sigma0(w0) &+ w8 &+ sigma1(w13)
            step(b, c, d, &e, f, g, h, &a, 0x106aa070 &+ w15)
            w0 = w0 &+ sigma0(w1) &+ w9 &+ sigma1(w14)
            step(a, b, c, &d, e, f, g, &h, 0x19a4c116 &+ w0)
            w1 = w1 &+ sigma0(w2) &+ w10 &+ sigma1(w15)
            step(h, a, b, &c, d, e, f, &g, 0x1e376c08 &+ w1)
            w2 = w2 &+ sigma0(w3) &+ w11 &+ sigma1(w0)
            step(g, h, a, &b, c, d, e, &f, 0x2748774c &+ w2)
            w3 = w3 &+ sigma0(w4) &+ w12 &+ sigma1(w1)
            step(f, g, h, &a, b, c, d, &e, 0x34b0bcb5 &+ w3)
            w4 = w4 &+ sigma0(w5) &+ w13 &+ sigma1(w2)
            step(e, f, g, &h, a, b, c, &d, 0x391c0cb3 &+ w4)
            w5 = w5 &+ sigma0(w6) &+ w14 &+ sigma1(w3)
            step(d, e, f, &g, h, a, b, &c, 0x4ed8aa4a &+ w5)
            w6 = w6 &+ sigma0(w7) &+ w15 &+ sigma1(w4)
            step(c, d, e, &f, g, h, a, &b, 0x5b9cca4f &+ w6)
            w7 = w7 &+ sigma0(w8) &+ w0 &+ sigma1(w5)
            step(b, c, d, &e, f, g, h, &a, 0x682e6ff3 &+ w7)
            w8 = w8 &+ sigma0(w9) &+ w1 &+ sigma1(w6)
            step(a, b, c, &d, e, f, g, &h, 0x748f82ee &+ w8)
            w9 = w9 &+ sigma0(w10) &+ w2 &+ sigma1(w7)
            step(h, a, b, &c, d, e, f, &g, 0x78a5636f &+ w9)
            w10 = w10 &+ sigma0(w11) &+ w3 &+ sigma1(w8)
            step(g, h, a, &b, c, d, e, &f, 0x84c87814 &+ w10)
            w11 = w11 &+ sigma0(w12) &+ w4 &+ sigma1(w9)
            step(f, g, h, &a, b, c, d, &e, 0x8cc70208 &+ w11)
            w12 = w12 &+ sigma0(w13) &+ w5 &+ sigma1(w10)
            step(e, f, g, &h, a, b, c, &d, 0x90befffa &+ w12)
            w13 = w13 &+ sigma0(w14) &+ w6 &+ sigma1(w11)
            step(d, e, f, &g, h, a, b, &c, 0xa4506ceb &+ w13)
            w14 = w14 &+ sigma0(w15) &+ w7 &+ sigma1(w12)
            step(c, d, e, &f, g, h, a, &b, 0xbef9a3f7 &+ w14)
            w15 = w15 &+ sigma0(w0) &+ w8 &+ sigma1(w13)
            step(b, c, d, &e, f, g, h, &a, 0xc67178f2 &+ w15)
            a = a &+ a0; b = b &+ b0; c = c &+ c0; d = d &+ d0
            e = e &+ e0; f = f &+ f0; g = g &+ g0; h = h &+ h0
            p += 64
        }
        state = (a, b, c, d, e, f, g, h)
    }
}
