#if arch(x86_64)
import _Builtin_intrinsics.intel

/// The SHA-256 compression function on the x86 SHA extensions (`sha256rnds2`,
/// `sha256msg1`, `sha256msg2`), with SSSE3 for the byte swap and SSE4.1 for blends.
///
/// This target alone is compiled with `-msha -mssse3 -msse4.1`, so every function in
/// it may use those instructions: call it only after `LedgerCore` has seen that the CPU
/// has them (CPUID), never at load time. `LedgerCore.SHA256` does the choosing.
///
/// The algorithm is FIPS 180-4 section 6.2.2 as Intel's SHA extensions white paper lays it
/// out: the eight working variables live in two vectors, ABEF and CDGH; each
/// `sha256rnds2` does two rounds, and `sha256msg1`/`sha256msg2` extend the message schedule
/// four words at a time.
public enum SHA256Extensions {
    /// Compresses `blocks` consecutive 64-byte blocks at `data` into the eight hash words
    /// at `state` (a, b, c, d, e, f, g, h, in that order, native-endian words).
    public static func compress(_ state: UnsafeMutablePointer<UInt32>, _ data: UnsafeRawPointer, blocks: Int) {
        // Lanes are numbered from the low end: ABEF holds (f, e, b, a), CDGH holds (h, g, d, c).
        var abef = vector(SIMD4<UInt32>(state[5], state[4], state[1], state[0]))
        var cdgh = vector(SIMD4<UInt32>(state[7], state[6], state[3], state[2]))
        // Reverses the bytes of each 32-bit word: the message words are big-endian.
        let byteSwap = _mm_set_epi64x(0x0c0d0e0f_08090a0b, 0x04050607_00010203)
        var p = data
        for _ in 0..<blocks {
            let savedABEF = abef, savedCDGH = cdgh
            var w0 = load(p, 0, byteSwap), w1 = load(p, 16, byteSwap), w2 = load(p, 32, byteSwap), w3 = load(p, 48, byteSwap)
            rounds(&abef, &cdgh, w0, 0xe9b5dba5_b5c0fbcf, 0x71374491_428a2f98)
            rounds(&abef, &cdgh, w1, 0xab1c5ed5_923f82a4, 0x59f111f1_3956c25b)
            rounds(&abef, &cdgh, w2, 0x550c7dc3_243185be, 0x12835b01_d807aa98)
            rounds(&abef, &cdgh, w3, 0xc19bf174_9bdc06a7, 0x80deb1fe_72be5d74)
            // Rounds 16 to 63: each group of four words follows from the four groups before it.
            schedule(&w0, w1, w2, w3); rounds(&abef, &cdgh, w0, 0x240ca1cc_0fc19dc6, 0xefbe4786_e49b69c1)
            schedule(&w1, w2, w3, w0); rounds(&abef, &cdgh, w1, 0x76f988da_5cb0a9dc, 0x4a7484aa_2de92c6f)
            schedule(&w2, w3, w0, w1); rounds(&abef, &cdgh, w2, 0xbf597fc7_b00327c8, 0xa831c66d_983e5152)
            schedule(&w3, w0, w1, w2); rounds(&abef, &cdgh, w3, 0x14292967_06ca6351, 0xd5a79147_c6e00bf3)
            schedule(&w0, w1, w2, w3); rounds(&abef, &cdgh, w0, 0x53380d13_4d2c6dfc, 0x2e1b2138_27b70a85)
            schedule(&w1, w2, w3, w0); rounds(&abef, &cdgh, w1, 0x92722c85_81c2c92e, 0x766a0abb_650a7354)
            schedule(&w2, w3, w0, w1); rounds(&abef, &cdgh, w2, 0xc76c51a3_c24b8b70, 0xa81a664b_a2bfe8a1)
            schedule(&w3, w0, w1, w2); rounds(&abef, &cdgh, w3, 0x106aa070_f40e3585, 0xd6990624_d192e819)
            schedule(&w0, w1, w2, w3); rounds(&abef, &cdgh, w0, 0x34b0bcb5_2748774c, 0x1e376c08_19a4c116)
            schedule(&w1, w2, w3, w0); rounds(&abef, &cdgh, w1, 0x682e6ff3_5b9cca4f, 0x4ed8aa4a_391c0cb3)
            schedule(&w2, w3, w0, w1); rounds(&abef, &cdgh, w2, 0x8cc70208_84c87814, 0x78a5636f_748f82ee)
            schedule(&w3, w0, w1, w2); rounds(&abef, &cdgh, w3, 0xc67178f2_bef9a3f7, 0xa4506ceb_90befffa)
            abef = _mm_add_epi32(abef, savedABEF)
            cdgh = _mm_add_epi32(cdgh, savedCDGH)
            p += 64
        }
        store(abef, cdgh, into: state)
    }

    /// Compresses `blocks` consecutive blocks of each of two messages into each one's state,
    /// the rounds of the two interleaved: one message's rounds wait on the latency of
    /// `sha256rnds2`, and the other's fill that time (about 1.4 times the throughput of two calls).
    public static func compress(_ stateA: UnsafeMutablePointer<UInt32>, _ dataA: UnsafeRawPointer,
                                _ stateB: UnsafeMutablePointer<UInt32>, _ dataB: UnsafeRawPointer, blocks: Int) {
        var abefA = vector(SIMD4<UInt32>(stateA[5], stateA[4], stateA[1], stateA[0]))
        var cdghA = vector(SIMD4<UInt32>(stateA[7], stateA[6], stateA[3], stateA[2]))
        var abefB = vector(SIMD4<UInt32>(stateB[5], stateB[4], stateB[1], stateB[0]))
        var cdghB = vector(SIMD4<UInt32>(stateB[7], stateB[6], stateB[3], stateB[2]))
        let byteSwap = _mm_set_epi64x(0x0c0d0e0f_08090a0b, 0x04050607_00010203)
        var p = dataA, q = dataB
        for _ in 0..<blocks {
            let savedA = (abefA, cdghA), savedB = (abefB, cdghB)
            var a0 = load(p, 0, byteSwap), a1 = load(p, 16, byteSwap), a2 = load(p, 32, byteSwap), a3 = load(p, 48, byteSwap)
            var b0 = load(q, 0, byteSwap), b1 = load(q, 16, byteSwap), b2 = load(q, 32, byteSwap), b3 = load(q, 48, byteSwap)
            rounds(&abefA, &cdghA, a0, &abefB, &cdghB, b0, 0xe9b5dba5_b5c0fbcf, 0x71374491_428a2f98)
            rounds(&abefA, &cdghA, a1, &abefB, &cdghB, b1, 0xab1c5ed5_923f82a4, 0x59f111f1_3956c25b)
            rounds(&abefA, &cdghA, a2, &abefB, &cdghB, b2, 0x550c7dc3_243185be, 0x12835b01_d807aa98)
            rounds(&abefA, &cdghA, a3, &abefB, &cdghB, b3, 0xc19bf174_9bdc06a7, 0x80deb1fe_72be5d74)
            schedule(&a0, a1, a2, a3); schedule(&b0, b1, b2, b3)
            rounds(&abefA, &cdghA, a0, &abefB, &cdghB, b0, 0x240ca1cc_0fc19dc6, 0xefbe4786_e49b69c1)
            schedule(&a1, a2, a3, a0); schedule(&b1, b2, b3, b0)
            rounds(&abefA, &cdghA, a1, &abefB, &cdghB, b1, 0x76f988da_5cb0a9dc, 0x4a7484aa_2de92c6f)
            schedule(&a2, a3, a0, a1); schedule(&b2, b3, b0, b1)
            rounds(&abefA, &cdghA, a2, &abefB, &cdghB, b2, 0xbf597fc7_b00327c8, 0xa831c66d_983e5152)
            schedule(&a3, a0, a1, a2); schedule(&b3, b0, b1, b2)
            rounds(&abefA, &cdghA, a3, &abefB, &cdghB, b3, 0x14292967_06ca6351, 0xd5a79147_c6e00bf3)
            schedule(&a0, a1, a2, a3); schedule(&b0, b1, b2, b3)
            rounds(&abefA, &cdghA, a0, &abefB, &cdghB, b0, 0x53380d13_4d2c6dfc, 0x2e1b2138_27b70a85)
            schedule(&a1, a2, a3, a0); schedule(&b1, b2, b3, b0)
            rounds(&abefA, &cdghA, a1, &abefB, &cdghB, b1, 0x92722c85_81c2c92e, 0x766a0abb_650a7354)
            schedule(&a2, a3, a0, a1); schedule(&b2, b3, b0, b1)
            rounds(&abefA, &cdghA, a2, &abefB, &cdghB, b2, 0xc76c51a3_c24b8b70, 0xa81a664b_a2bfe8a1)
            schedule(&a3, a0, a1, a2); schedule(&b3, b0, b1, b2)
            rounds(&abefA, &cdghA, a3, &abefB, &cdghB, b3, 0x106aa070_f40e3585, 0xd6990624_d192e819)
            schedule(&a0, a1, a2, a3); schedule(&b0, b1, b2, b3)
            rounds(&abefA, &cdghA, a0, &abefB, &cdghB, b0, 0x34b0bcb5_2748774c, 0x1e376c08_19a4c116)
            schedule(&a1, a2, a3, a0); schedule(&b1, b2, b3, b0)
            rounds(&abefA, &cdghA, a1, &abefB, &cdghB, b1, 0x682e6ff3_5b9cca4f, 0x4ed8aa4a_391c0cb3)
            schedule(&a2, a3, a0, a1); schedule(&b2, b3, b0, b1)
            rounds(&abefA, &cdghA, a2, &abefB, &cdghB, b2, 0x8cc70208_84c87814, 0x78a5636f_748f82ee)
            schedule(&a3, a0, a1, a2); schedule(&b3, b0, b1, b2)
            rounds(&abefA, &cdghA, a3, &abefB, &cdghB, b3, 0xc67178f2_bef9a3f7, 0xa4506ceb_90befffa)
            abefA = _mm_add_epi32(abefA, savedA.0)
            cdghA = _mm_add_epi32(cdghA, savedA.1)
            abefB = _mm_add_epi32(abefB, savedB.0)
            cdghB = _mm_add_epi32(cdghB, savedB.1)
            p += 64
            q += 64
        }
        store(abefA, cdghA, into: stateA)
        store(abefB, cdghB, into: stateB)
    }

    /// Sixteen message bytes at `p + offset` as four big-endian words.
    @inline(__always)
    private static func load(_ p: UnsafeRawPointer, _ offset: Int, _ byteSwap: __m128i) -> __m128i {
        _mm_shuffle_epi8(_mm_loadu_si128((p + offset).assumingMemoryBound(to: __m128i.self)), byteSwap)
    }

    /// Writes ABEF and CDGH back as the eight words a...h.
    @inline(__always)
    private static func store(_ abef: __m128i, _ cdgh: __m128i, into state: UnsafeMutablePointer<UInt32>) {
        let x = words(abef), y = words(cdgh)
        state[0] = x[3]; state[1] = x[2]; state[4] = x[1]; state[5] = x[0]
        state[2] = y[3]; state[3] = y[2]; state[6] = y[1]; state[7] = y[0]
    }

    /// `rounds` for two messages at once, their instructions interleaved.
    @inline(__always)
    private static func rounds(_ abefA: inout __m128i, _ cdghA: inout __m128i, _ wA: __m128i,
                               _ abefB: inout __m128i, _ cdghB: inout __m128i, _ wB: __m128i, _ kHigh: UInt64, _ kLow: UInt64) {
        let k = _mm_set_epi64x(Int64(bitPattern: kHigh), Int64(bitPattern: kLow))
        let wkA = _mm_add_epi32(wA, k), wkB = _mm_add_epi32(wB, k)
        cdghA = _mm_sha256rnds2_epu32(cdghA, abefA, wkA)
        cdghB = _mm_sha256rnds2_epu32(cdghB, abefB, wkB)
        abefA = _mm_sha256rnds2_epu32(abefA, cdghA, _mm_unpackhi_epi64(wkA, wkA))
        abefB = _mm_sha256rnds2_epu32(abefB, cdghB, _mm_unpackhi_epi64(wkB, wkB))
    }

    /// Four rounds on message words `w` (W[t] in lane t mod 4) with round constants
    /// K[t] and K[t+1] in `kLow`, K[t+2] and K[t+3] in `kHigh` (each pair high word first).
    @inline(__always)
    private static func rounds(_ abef: inout __m128i, _ cdgh: inout __m128i, _ w: __m128i, _ kHigh: UInt64, _ kLow: UInt64) {
        let wk = _mm_add_epi32(w, _mm_set_epi64x(Int64(bitPattern: kHigh), Int64(bitPattern: kLow)))
        cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk)
        // The next two rounds take W+K of lanes 2 and 3, moved down to lanes 0 and 1.
        abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_unpackhi_epi64(wk, wk))
    }

    /// Replaces `w` (words t-16...t-13) with words t...t+3 of the message schedule, given
    /// `x` (t-12...t-9), `y` (t-8...t-5) and `z` (t-4...t-1) (FIPS 180-4 section 6.2.2 step 1).
    @inline(__always)
    private static func schedule(_ w: inout __m128i, _ x: __m128i, _ y: __m128i, _ z: __m128i) {
        // Words t-7...t-4: the top three of y and the bottom one of z (palignr).
        let a = words(y), b = words(z)
        let t7 = vector(SIMD4<UInt32>(a[1], a[2], a[3], b[0]))
        w = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(w, x), t7), z)
    }

    @inline(__always)
    private static func words(_ v: __m128i) -> SIMD4<UInt32> { unsafeBitCast(v, to: SIMD4<UInt32>.self) }

    @inline(__always)
    private static func vector(_ v: SIMD4<UInt32>) -> __m128i { unsafeBitCast(v, to: __m128i.self) }
}
#endif
