#if arch(x86_64)
import SHA256Accelerated
#endif

extension SHA256 {
    /// The digests of two messages, hashed together: on the SHA extensions their rounds
    /// interleave (`SHA256Extensions.compress(_:_:_:_:blocks:)`), which hides the latency of
    /// one message's rounds behind the other's; elsewhere it is two plain hashes.
    static func hash(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer,
                     with implementation: Implementation = processImplementation) -> (Digest, Digest) {
        #if arch(x86_64)
        if implementation == .shaExtensions { return hashPairOnExtensions(a, b) }
        #endif
        var x = SHA256(implementation: implementation), y = SHA256(implementation: implementation)
        x.update(a)
        y.update(b)
        return (x.finalize(), y.finalize())
    }

    #if arch(x86_64)
    /// One message's blocks: its whole blocks where they lie, then its last bytes and the
    /// padding (FIPS 180-4 section 5.1.1) in one or two blocks of `tail`.
    private struct PaddedMessage {
        let whole: UnsafeRawPointer?
        let wholeBlocks: Int
        let tail: UnsafeRawPointer
        let blocks: Int

        init(_ message: UnsafeRawBufferPointer, tail storage: UnsafeMutableRawPointer) {
            wholeBlocks = message.count / 64
            whole = message.baseAddress
            let rest = message.count - 64 * wholeBlocks
            let tailBlocks = rest < 56 ? 1 : 2
            if rest > 0 { storage.copyMemory(from: message.baseAddress! + 64 * wholeBlocks, byteCount: rest) }
            storage.storeBytes(of: 0x80, toByteOffset: rest, as: UInt8.self)
            (storage + rest + 1).initializeMemory(as: UInt8.self, repeating: 0, count: 64 * tailBlocks - 8 - rest - 1)
            storage.storeBytes(of: (UInt64(message.count) &* 8).bigEndian, toByteOffset: 64 * tailBlocks - 8, as: UInt64.self)
            tail = UnsafeRawPointer(storage)
            blocks = wholeBlocks + tailBlocks
        }

        /// Block `i` and how many blocks follow it contiguously (itself included).
        func run(from i: Int) -> (UnsafeRawPointer, Int) {
            i < wholeBlocks ? (whole! + 64 * i, wholeBlocks - i) : (tail + 64 * (i - wholeBlocks), blocks - i)
        }
    }

    private static func hashPairOnExtensions(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> (Digest, Digest) {
        var stateA = SHA256.initialState, stateB = SHA256.initialState
        var tails: (Block, Block, Block, Block) = ((0, 0, 0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0, 0, 0))
        withUnsafeMutableBytes(of: &tails) { tails in
            let x = PaddedMessage(a, tail: tails.baseAddress!), y = PaddedMessage(b, tail: tails.baseAddress! + 128)
            withUnsafeMutableBytes(of: &stateA) { sa in
                withUnsafeMutableBytes(of: &stateB) { sb in
                    let pa = sa.baseAddress!.assumingMemoryBound(to: UInt32.self), pb = sb.baseAddress!.assumingMemoryBound(to: UInt32.self)
                    var i = 0, j = 0
                    // Both messages' blocks side by side, as long as both have some; then the rest of the longer.
                    while i < x.blocks && j < y.blocks {
                        let (p, m) = x.run(from: i), (q, n) = y.run(from: j)
                        let k = min(m, n)
                        SHA256Extensions.compress(pa, p, pb, q, blocks: k)
                        i += k
                        j += k
                    }
                    while i < x.blocks {
                        let (p, m) = x.run(from: i)
                        SHA256Extensions.compress(pa, p, blocks: m)
                        i += m
                    }
                    while j < y.blocks {
                        let (q, n) = y.run(from: j)
                        SHA256Extensions.compress(pb, q, blocks: n)
                        j += n
                    }
                }
            }
        }
        return (Digest(state: stateA), Digest(state: stateB))
    }
    #endif
}
