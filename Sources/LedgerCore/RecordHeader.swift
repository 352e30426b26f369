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
        guard let members = try? CanonicalScanner.scanObject(line), members.count == 11,
              let base = line.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        // Canonical order of the eleven names: actor, at, id, payload, prev, recorded, schema, seq, stream, type, version.
        func name(_ i: Int, _ expected: StaticString) -> Bool {
            let r = members[i].name
            return r.count == expected.utf8CodeUnitCount && memcmp(base + r.lowerBound, expected.utf8Start, r.count) == 0
        }
        guard name(0, "actor"), name(1, "at"), name(2, "id"), name(3, "payload"), name(4, "prev"), name(5, "recorded"),
              name(6, "schema"), name(7, "seq"), name(8, "stream"), name(9, "type"), name(10, "version") else { return nil }
        func plainString(_ r: Range<Int>) -> String? {
            guard r.count >= 3, base[r.lowerBound] == 0x22, memchr(base + r.lowerBound, 0x5c, r.count) == nil else { return nil }
            return String(decoding: UnsafeBufferPointer(start: base + r.lowerBound + 1, count: r.count - 2), as: UTF8.self)
        }
        func positive(_ r: Range<Int>) -> Int? {
            guard r.count <= 15 else { return nil }
            var n = 0
            for i in r {
                let c = base[i]
                guard c >= 0x30, c <= 0x39 else { return nil }
                n = n * 10 + Int(c - 0x30)
            }
            return n >= 1 ? n : nil
        }
        func isString(_ r: Range<Int>) -> Bool { r.count >= 3 && base[r.lowerBound] == 0x22 }
        /// A quoted string of exactly 64 lowercase hex digits, decoded without making a String.
        func lowercaseHexDigest(_ r: Range<Int>) -> SHA256.Digest? {
            guard r.count == 66, base[r.lowerBound] == 0x22 else { return nil }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { out -> SHA256.Digest? in
                func nibble(_ c: UInt8) -> UInt8? {
                    switch c {
                    case 0x30...0x39: return c &- 0x30
                    case 0x61...0x66: return c &- 0x61 &+ 10
                    default: return nil
                    }
                }
                var p = r.lowerBound + 1
                for i in 0..<32 {
                    guard let hi = nibble(base[p]), let lo = nibble(base[p + 1]) else { return nil }
                    out[i] = hi << 4 | lo
                    p += 2
                }
                return SHA256.Digest(copying: UnsafeRawBufferPointer(out))
            }
        }
        guard let seq = positive(members[7].value), let version = positive(members[10].value),
              positive(members[6].value) != nil,
              let stream = plainString(members[8].value), isString(members[9].value), isString(members[2].value),
              let at = plainString(members[1].value), Timestamp(rfc3339: at) != nil,
              let recorded = plainString(members[5].value), recorded.hasSuffix("Z"),
              let recordedTime = Timestamp(rfc3339: recorded), recordedTime.offsetSeconds == 0,
              let prev = lowercaseHexDigest(members[4].value),
              base[members[3].value.lowerBound] == UInt8(ascii: "{")
        else { return nil }
        // actor: exactly {"agency": non-empty string, "officer": non-empty string}.
        let actor = members[0].value
        guard base[actor.lowerBound] == UInt8(ascii: "{"),
              let inner = try? CanonicalScanner.scanObject(UnsafeRawBufferPointer(start: base + actor.lowerBound, count: actor.count)),
              inner.count == 2 else { return nil }
        let actorBase = base + actor.lowerBound
        func innerName(_ i: Int, _ expected: StaticString) -> Bool {
            let r = inner[i].name
            return r.count == expected.utf8CodeUnitCount && memcmp(actorBase + r.lowerBound, expected.utf8Start, r.count) == 0
        }
        guard innerName(0, "agency"), innerName(1, "officer"),
              inner[0].value.count >= 3, actorBase[inner[0].value.lowerBound] == 0x22,
              inner[1].value.count >= 3, actorBase[inner[1].value.lowerBound] == 0x22 else { return nil }
        self.seq = seq
        self.stream = stream
        self.version = version
        self.prev = prev
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
