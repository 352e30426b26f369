/// The members of a record that the chain checks need, read from a canonical line
/// without parsing the payload.
///
/// `init?(line:)` succeeds only on a line that is canonical and whose eleven members
/// have the right types and forms; anything else returns `nil`, and the caller takes
/// the slow path (`ChainVerifier.decode`) for the exact message.
public struct RecordHeader: Sendable {
    public var seq: Int
    public var stream: String
    public var version: Int
    public var prev: SHA256.Digest

    public init?(line: UnsafeRawBufferPointer) {
        guard let fields = Fields(line: line) else { return nil }
        seq = fields.seq
        stream = String(decoding: UnsafeRawBufferPointer(rebasing: line[fields.stream]), as: UTF8.self)
        version = fields.version
        prev = fields.prev
    }

    /// The header with the stream left as a byte range of the line: what the parallel
    /// verifier needs from every line, found without allocating.
    ///
    /// It accepts a line only if `ChainVerifier.decode` would read it as a record whose
    /// canonical form is the line itself, with the same `seq`, `version`, `prev` and a
    /// `stream` whose UTF-8 bytes are `line[stream]`: the stream name is never escaped here.
    struct Fields {
        var seq: Int
        var version: Int
        var prev: SHA256.Digest
        /// The stream name's bytes, inside the quotes.
        var stream: Range<Int>

        init?(line: UnsafeRawBufferPointer) {
            guard let found = withUnsafeTemporaryAllocation(of: CanonicalScanner.Member.self, capacity: 11, { members in
                RecordHeader.Fields.read(line, members)
            }) else { return nil }
            self = found
        }

        init(seq: Int, version: Int, prev: SHA256.Digest, stream: Range<Int>) {
            self.seq = seq
            self.version = version
            self.prev = prev
            self.stream = stream
        }

        /// Reads `line`, leaving its eleven members' ranges in `members` (room for 11).
        static func read(_ line: UnsafeRawBufferPointer, _ members: UnsafeMutableBufferPointer<CanonicalScanner.Member>) -> Fields? {
            guard line.count >= 8, CanonicalScanner.scanObject(line, into: members) == 11,
                  let base = line.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
            let bytes = RecordBytes(base: base, count: line.count)
            // Canonical order of the eleven names: actor, at, id, payload, prev, recorded, schema, seq, stream, type, version.
            let names = RecordHeader.memberNameWords
            for i in 0..<11 where !bytes.isShortName(members[i].name, names[i]) { return nil }
            guard let seq = bytes.positive(members[7].value), let version = bytes.positive(members[10].value),
                  bytes.positive(members[6].value) != nil,
                  let stream = bytes.plainString(members[8].value),
                  bytes.isNonEmptyString(members[9].value), bytes.isNonEmptyString(members[2].value),
                  let at = bytes.plainString(members[1].value), bytes.isRFC3339(at),
                  let recorded = bytes.plainString(members[5].value), bytes.isRFC3339(recorded), base[recorded.upperBound - 1] == UInt8(ascii: "Z"),
                  let prev = bytes.lowercaseHexDigest(members[4].value),
                  base[members[3].value.lowerBound] == UInt8(ascii: "{"),
                  bytes.isActor(members[0].value)
            else { return nil }
            return Fields(seq: seq, version: version, prev: prev, stream: stream)
        }
    }

    /// Each record member name's bytes (all are at most eight) as a little-endian word, in canonical order.
    static let memberNameWords: [(word: UInt64, count: Int)] = LedgerRecord.memberNames.map { name in
        var word: UInt64 = 0
        for (i, byte) in name.utf8.enumerated() { word |= UInt64(byte) << (8 * i) }
        return (word, name.utf8.count)
    }
}

/// Byte-level readers over one canonical line, for `RecordHeader.Fields` (and its tests).
struct RecordBytes {
    let base: UnsafePointer<UInt8>
    let count: Int

    /// Whether the name at `r` is `expected`, a name of at most eight bytes.
    @inline(__always)
    func isShortName(_ r: Range<Int>, _ expected: (word: UInt64, count: Int)) -> Bool {
        guard r.count == expected.count else { return false }
        // A name is followed by `":` and a value, so eight bytes from its start are in the line
        // unless the line is very short; then compare byte by byte.
        guard r.lowerBound + 8 <= count else {
            for i in 0..<r.count where UInt64(base[r.lowerBound + i]) != (expected.word >> (8 * i)) & 0xff { return false }
            return true
        }
        let word = UInt64(littleEndian: UnsafeRawPointer(base + r.lowerBound).loadUnaligned(as: UInt64.self))
        let mask: UInt64 = r.count == 8 ? ~0 : (1 << (8 * UInt64(r.count))) - 1
        return word & mask == expected.word
    }

    /// The bytes inside a string value without escapes and not empty; `nil` for anything else.
    @inline(__always)
    func plainString(_ r: Range<Int>) -> Range<Int>? {
        guard r.count >= 3, base[r.lowerBound] == 0x22, memchr(base + r.lowerBound, 0x5c, r.count) == nil else { return nil }
        return (r.lowerBound + 1)..<(r.upperBound - 1)
    }

    /// Whether the value is a string of at least one character (escaped or not).
    @inline(__always)
    func isNonEmptyString(_ r: Range<Int>) -> Bool { r.count >= 3 && base[r.lowerBound] == 0x22 }

    /// A canonical number that is an integer from 1 with at most 15 digits.
    @inline(__always)
    func positive(_ r: Range<Int>) -> Int? {
        guard r.count <= 15, !r.isEmpty else { return nil }
        var n = 0
        for i in r {
            let d = base[i] &- 0x30
            guard d < 10 else { return nil }
            n = n * 10 + Int(d)
        }
        return n >= 1 ? n : nil
    }

    /// A quoted string of exactly 64 lowercase hex digits, decoded eight digits at a time.
    func lowercaseHexDigest(_ r: Range<Int>) -> SHA256.Digest? {
        guard r.count == 66, base[r.lowerBound] == 0x22 else { return nil }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        /// The high bit of each byte set where the byte (below 0x80) is at least `n`.
        func atLeast(_ w: UInt64, _ n: UInt64) -> UInt64 { (w &+ ones &* (0x80 - n)) & highs }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let valid = withUnsafeMutableBytes(of: &words) { out -> Bool in
            var bad: UInt64 = 0
            for k in 0..<8 {
                let w = UInt64(littleEndian: UnsafeRawPointer(base + r.lowerBound + 1 + 8 * k).loadUnaligned(as: UInt64.self))
                let digit = atLeast(w, 0x30) & ~atLeast(w, 0x3a)
                let letter = atLeast(w, 0x61) & ~atLeast(w, 0x67)
                bad |= w & highs | ~(digit | letter) & highs
                // Each byte's value: its low four bits, plus 9 for a letter (a = 0x61 -> 1 + 9).
                let nibbles = (w & (ones &* 0x0f)) &+ (letter >> 7) &* 9
                // Pairs of nibbles (high first) into bytes, then the four bytes together.
                var v = (nibbles & 0x000f_000f_000f_000f) << 4 | (nibbles >> 8) & 0x000f_000f_000f_000f
                v = (v | v >> 8) & 0x0000_ffff_0000_ffff
                v = (v | v >> 16) & 0x0000_0000_ffff_ffff
                out.storeBytes(of: UInt32(truncatingIfNeeded: v).littleEndian, toByteOffset: 4 * k, as: UInt32.self)
            }
            return bad == 0
        }
        guard valid else { return nil }
        return withUnsafeBytes(of: words) { SHA256.Digest(copying: $0) }
    }

    /// Whether the bytes at `r` are what `Timestamp(rfc3339:)` accepts:
    /// `YYYY-MM-DD(T|t)HH:MM:SS[.fraction](Z|z|±HH:MM)`, a real date, no leap second.
    func isRFC3339(_ r: Range<Int>) -> Bool {
        let p = base + r.lowerBound, n = r.count
        guard n >= 20 else { return false }
        /// The digit at `i` as a number; 10 or more when it is not a digit.
        @inline(__always) func digit(_ i: Int) -> Int { Int(p[i] &- 0x30) }
        let y0 = digit(0), y1 = digit(1), y2 = digit(2), y3 = digit(3), mo0 = digit(5), mo1 = digit(6), d0 = digit(8), d1 = digit(9)
        let h0 = digit(11), h1 = digit(12), mi0 = digit(14), mi1 = digit(15), s0 = digit(17), s1 = digit(18)
        guard max(y0, y1, y2, y3, mo0, mo1, d0, d1, h0, h1, mi0, mi1, s0, s1) < 10,
              p[4] == 0x2d, p[7] == 0x2d, p[10] == 0x54 || p[10] == 0x74, p[13] == 0x3a, p[16] == 0x3a else { return false }
        let year = ((y0 * 10 + y1) * 10 + y2) * 10 + y3, month = mo0 * 10 + mo1, day = d0 * 10 + d1
        guard month >= 1, month <= 12, day >= 1, day <= Timestamp.daysInMonth(year: year, month: month),
              h0 * 10 + h1 < 24, mi0 * 10 + mi1 < 60, s0 * 10 + s1 < 60 else { return false }
        var i = 19
        if p[i] == 0x2e {
            i += 1
            let start = i
            while i < n, p[i] &- 0x30 < 10 { i += 1 }
            guard i > start else { return false }
        }
        guard i < n else { return false }
        if p[i] == 0x5a || p[i] == 0x7a { return i + 1 == n }
        guard p[i] == 0x2b || p[i] == 0x2d, i + 6 == n, p[i + 3] == 0x3a else { return false }
        let oh0 = digit(i + 1), oh1 = digit(i + 2), om0 = digit(i + 4), om1 = digit(i + 5)
        return max(oh0, oh1, om0, om1) < 10 && oh0 * 10 + oh1 < 24 && om0 * 10 + om1 < 60
    }

    /// Whether the (canonical) value at `r` is exactly `{"agency":"…","officer":"…"}` with both strings non-empty.
    func isActor(_ r: Range<Int>) -> Bool { actorStrings(r) != nil }

    /// The bytes inside the quotes of the agency and the officer, when the (canonical)
    /// value at `r` is exactly `{"agency":"…","officer":"…"}` with both strings non-empty.
    func actorStrings(_ r: Range<Int>) -> (agency: Range<Int>, officer: Range<Int>)? {
        let agencyPrefix: StaticString = #"{"agency":""#, officerPrefix: StaticString = #"","officer":""#
        guard r.count >= agencyPrefix.utf8CodeUnitCount + officerPrefix.utf8CodeUnitCount + 3,
              memcmp(base + r.lowerBound, agencyPrefix.utf8Start, agencyPrefix.utf8CodeUnitCount) == 0 else { return nil }
        // The strings are canonical, so a quote ends one unless a backslash escapes it.
        func stringEnd(_ from: Int) -> Int? {
            var i = from
            while i < r.upperBound {
                switch base[i] {
                case 0x22: return i
                case 0x5c: i += 2
                default: i += 1
                }
            }
            return nil
        }
        let agencyStart = r.lowerBound + agencyPrefix.utf8CodeUnitCount
        guard let agencyEnd = stringEnd(agencyStart), agencyEnd > agencyStart,
              agencyEnd + officerPrefix.utf8CodeUnitCount <= r.upperBound,
              memcmp(base + agencyEnd, officerPrefix.utf8Start, officerPrefix.utf8CodeUnitCount) == 0 else { return nil }
        let officerStart = agencyEnd + officerPrefix.utf8CodeUnitCount
        guard let officerEnd = stringEnd(officerStart), officerEnd > officerStart,
              officerEnd + 2 == r.upperBound && base[officerEnd + 1] == UInt8(ascii: "}") else { return nil }
        return (agencyStart..<agencyEnd, officerStart..<officerEnd)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
