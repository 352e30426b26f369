/// Lowercase hexadecimal encoding and decoding.
///
/// The ledger writes every hash as lowercase hex (FORMAT.md); decoding accepts
/// either case, and `isLowercaseHex` is the strict check for reading the format.
public enum Hex {
    /// Each byte as two lowercase hex digits.
    public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        if let text = bytes.withContiguousStorageIfAvailable({ raw in
            String(unsafeUninitializedCapacity: raw.count * 2) { out in
                for (i, b) in raw.enumerated() {
                    out[2 * i] = digit(b >> 4)
                    out[2 * i + 1] = digit(b & 0x0f)
                }
                return raw.count * 2
            }
        }) {
            return text
        }
        let digits: StaticString = "0123456789abcdef"
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        digits.withUTF8Buffer { d in
            for b in bytes {
                out.append(d[Int(b >> 4)])
                out.append(d[Int(b & 0x0f)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends each byte of `bytes` as two lowercase hex digits to `out`.
    public static func write(_ bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        for b in bytes {
            out.append(digit(b >> 4))
            out.append(digit(b & 0x0f))
        }
    }

    @inline(__always)
    private static func digit(_ v: UInt8) -> UInt8 { v < 10 ? UInt8(ascii: "0") &+ v : UInt8(ascii: "a") &+ (v &- 10) }

    /// The bytes that pairs of hex digits (either case) stand for; `nil` for an odd count or a non-digit.
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
