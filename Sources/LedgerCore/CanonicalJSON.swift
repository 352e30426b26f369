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
            out.append(UInt8(ascii: "{"))
            // Sorting the dictionary's indices (plain integers) rather than copies of
            // its (name, value) pairs saves retaining and releasing at every swap.
            var order = Array(members.indices)
            order.sort { utf16Precedes(members.keys[$0], members.keys[$1]) }
            for (position, index) in order.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                writeString(members.keys[index], into: &out)
                out.append(UInt8(ascii: ":"))
                write(members.values[index], into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
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
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for i in 0..<utf8.count {
                let c = utf8[i]
                guard c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
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
                runStart = i &+ 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        out.append(UInt8(ascii: "\""))
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

    @inline(__always)
    static func appendLiteral(_ literal: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}
