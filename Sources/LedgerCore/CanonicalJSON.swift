/// The RFC 8785 JSON Canonicalization Scheme writer.
///
/// No white space; object members sorted by the UTF-16 code units of their names;
/// strings with the minimal escaping of ECMAScript's `JSON.stringify` (`\"`, `\\`,
/// `\b`, `\f`, `\n`, `\r`, `\t`, other control characters as `\u00xx`, everything
/// else as literal UTF-8); numbers as ECMAScript's `Number.prototype.toString` writes
/// them (see `formatNumber`). Bytes are appended straight to the caller's buffer.
public enum CanonicalJSON {
    /// Appends the canonical form of `value` to `out`.
    ///
    /// NaN and the infinities have no JSON form; the parser never produces them, and
    /// should a value built in code hold one, it is written as `null`.
    public static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null:
            appendLiteral("null", to: &out)
        case .bool(let flag):
            appendLiteral(flag ? "true" : "false", to: &out)
        case .number(let number):
            writeNumber(number, into: &out)
        case .string(let text):
            writeString(text, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            writeObject(members, into: &out)
        }
    }

    /// Appends the canonical form of an object: its members sorted by the UTF-16 code units
    /// of their names.
    ///
    /// Names are sorted by their first eight UTF-8 bytes read as one big-endian integer,
    /// which orders them as `utf16Precedes` does whenever those integers differ and no byte
    /// of them is EE or above (where UTF-8 and UTF-16 order part); ties and such names are
    /// compared by `utf16Precedes`.
    public static func writeObject(_ members: [String: JSONValue], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        let count = members.count
        if count == 1, let (name, value) = members.first {
            writeString(name, into: &out)
            out.append(UInt8(ascii: ":"))
            write(value, into: &out)
        } else if count > 1 {
            withUnsafeTemporaryAllocation(of: (UInt64, Dictionary<String, JSONValue>.Index).self, capacity: count) { order in
                var n = 0
                var index = members.startIndex
                while index != members.endIndex {
                    order.initializeElement(at: n, to: (sortKey(members.keys[index]), index))
                    n += 1
                    members.formIndex(after: &index)
                }
                if n <= 16 {
                    // Insertion sort: most objects are small.
                    for i in 1..<n {
                        let item = order[i]
                        var j = i
                        while j > 0 && precedes(item, order[j - 1], in: members) {
                            order[j] = order[j - 1]
                            j -= 1
                        }
                        order[j] = item
                    }
                } else {
                    var all = UnsafeMutableBufferPointer(rebasing: order[0..<n])
                    all.sort { precedes($0, $1, in: members) }
                }
                for position in 0..<n {
                    if position > 0 { out.append(UInt8(ascii: ",")) }
                    let index = order[position].1
                    writeString(members.keys[index], into: &out)
                    out.append(UInt8(ascii: ":"))
                    write(members.values[index], into: &out)
                }
                _ = order.deinitialize()
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    /// A name's first eight UTF-8 bytes as a big-endian integer (zero-padded).
    @inline(__always)
    static func sortKey(_ name: String) -> UInt64 {
        var key: UInt64 = 0
        var taken = 0
        for byte in name.utf8 {
            key = key << 8 | UInt64(byte)
            taken += 1
            if taken == 8 { break }
        }
        return taken == 8 ? key : key << UInt64(8 * (8 - taken))
    }

    @inline(__always)
    private static func precedes(_ a: (UInt64, Dictionary<String, JSONValue>.Index),
                                 _ b: (UInt64, Dictionary<String, JSONValue>.Index),
                                 in members: [String: JSONValue]) -> Bool {
        if a.0 != b.0 && !mayPartFromUTF16(a.0) && !mayPartFromUTF16(b.0) { return a.0 < b.0 }
        return utf16Precedes(members.keys[a.1], members.keys[b.1])
    }

    /// Whether a sort key has a byte at or above EE (never, for ASCII names).
    @inline(__always)
    private static func mayPartFromUTF16(_ word: UInt64) -> Bool {
        guard word & 0x8080_8080_8080_8080 != 0 else { return false }
        var w = word
        for _ in 0..<8 {
            if w & 0xFF >= 0xEE { return true }
            w >>= 8
        }
        return false
    }

    /// The canonical form of `value` as UTF-8 bytes.
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        write(value, into: &out)
        return out
    }

    /// The canonical form of `value` as a string.
    public static func string(_ value: JSONValue) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }

    /// Appends `text` as a JSON string with RFC 8785's minimal escaping.
    public static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // In place (a copy of the string to call `withUTF8` on would retain its storage).
        if text.utf8.withContiguousStorageIfAvailable({ writeEscaped($0, into: &out) }) == nil {
            var text = text
            text.withUTF8 { writeEscaped($0, into: &out) }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends `utf8` with the escapes RFC 8785 requires: runs that need none are copied
    /// whole, found eight bytes at a time.
    private static func writeEscaped(_ utf8: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        let raw = UnsafeRawBufferPointer(utf8)
        var runStart = 0
        var i = 0
        while i < utf8.count {
            if utf8.count - i >= 8, !mayNeedEscape(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) {
                i &+= 8
                continue
            }
            let c = utf8[i]
            i &+= 1
            guard c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") else { continue }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<(i &- 1)]))
            out.append(UInt8(ascii: "\\"))
            switch c {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case 0x08: out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "f"))
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "t"))
            default:
                let hexDigits: StaticString = "0123456789abcdef"
                out.append(UInt8(ascii: "u"))
                out.append(UInt8(ascii: "0"))
                out.append(UInt8(ascii: "0"))
                out.append(hexDigits.utf8Start[Int(c >> 4)])
                out.append(hexDigits.utf8Start[Int(c & 0x0F)])
            }
            runStart = i
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
    }

    /// Whether any of the eight bytes of `word` is below 0x20, a quotation mark or a reverse
    /// solidus (exactly: the borrows that could mislead these tests only arise above a byte
    /// that already matched).
    @inline(__always)
    static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let control = (word &- ones &* 0x20) & ~word & highs
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5c)
        return (control | ((quote &- ones) & ~quote & highs) | ((backslash &- ones) & ~backslash & highs)) != 0
    }

    /// Whether member name `a` sorts before `b` in RFC 8785 order: by UTF-16 code units.
    ///
    /// Compares the UTF-8 bytes, which agrees with UTF-16 order except where a
    /// character beyond U+FFFF (UTF-8 lead byte F0-F4, UTF-16 surrogates D800-DBFF)
    /// meets one in U+E000-U+FFFF (lead byte EE or EF): in UTF-16 the former is smaller.
    /// Identical prefixes end on the same character boundary, so the first differing
    /// bytes are both lead bytes, or both continuation bytes after the same lead.
    public static func utf16Precedes(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = min(x.count, y.count)
                var i = 0
                while i < common {
                    let p = x[i]
                    let q = y[i]
                    if p != q {
                        if p >= 0xF0 && (q == 0xEE || q == 0xEF) { return true }
                        if q >= 0xF0 && (p == 0xEE || p == 0xEF) { return false }
                        return p < q
                    }
                    i &+= 1
                }
                return x.count < y.count
            }
        }
    }

    /// Appends the bytes of `literal` (member names and punctuation written as they are).
    @inline(__always)
    public static func appendLiteral(_ literal: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}
