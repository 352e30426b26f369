/// Strings for `JSONReader`: UTF-8 validation, escapes and surrogate pairs.
///
/// A string without escapes is scanned eight bytes at a time while they are plain
/// ASCII, checked where they are not, and decoded straight from the input. A string
/// with escapes is rebuilt in the reader's reused scratch buffer.
extension JSONReader {
    /// Reads a string; `pos` is at its opening quote and ends just past the closing one.
    mutating func parseString() throws -> String {
        let start = pos &+ 1
        var i = start
        while true {
            while i &+ 8 <= count {
                let word = UnsafeRawPointer(bytes + i).loadUnaligned(as: UInt64.self)
                if Self.needsAttention(word) { break }
                i &+= 8
            }
            guard i < count else { throw unterminated(start: start &- 1) }
            let c = bytes[i]
            if c == ASCII.quote {
                pos = i &+ 1
                return String(decoding: UnsafeBufferPointer(start: bytes + start, count: i &- start), as: UTF8.self)
            } else if c == ASCII.backslash {
                return try parseEscapedString(start: start, firstEscape: i)
            } else if c < 0x20 {
                throw controlCharacter(at: i)
            } else if c < 0x80 {
                i &+= 1
            } else {
                i = try skipUTF8Sequence(at: i)
            }
        }
    }

    /// Whether any of eight bytes is a quote, a backslash, a control character or
    /// not ASCII (the classic "has a zero byte" bit trick; exact, no false negatives).
    @inline(__always)
    static func needsAttention(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quotes = word ^ (ones &* UInt64(ASCII.quote))
        let backslashes = word ^ (ones &* UInt64(ASCII.backslash))
        let hasQuote = (quotes &- ones) & ~quotes
        let hasBackslash = (backslashes &- ones) & ~backslashes
        let hasControl = (word &- ones &* 0x20) & ~word
        return ((hasQuote | hasBackslash | hasControl) & highs) | (word & highs) != 0
    }

    /// The rest of a string from its first backslash, rebuilt in `scratch`.
    private mutating func parseEscapedString(start: Int, firstEscape: Int) throws -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(start: bytes + start, count: firstEscape &- start))
        var i = firstEscape
        var runStart = i
        while i < count {
            let c = bytes[i]
            if c == ASCII.quote {
                scratch.append(contentsOf: UnsafeBufferPointer(start: bytes + runStart, count: i &- runStart))
                pos = i &+ 1
                return String(decoding: scratch, as: UTF8.self)
            } else if c == ASCII.backslash {
                scratch.append(contentsOf: UnsafeBufferPointer(start: bytes + runStart, count: i &- runStart))
                i = try readEscape(at: i, stringStart: start &- 1)
                runStart = i
            } else if c < 0x20 {
                throw controlCharacter(at: i)
            } else if c < 0x80 {
                i &+= 1
            } else {
                i = try skipUTF8Sequence(at: i)
            }
        }
        throw unterminated(start: start &- 1)
    }

    /// Decodes the escape whose backslash is at `i` into `scratch`; returns the index after it.
    private mutating func readEscape(at i: Int, stringStart: Int) throws -> Int {
        let j = i &+ 1
        guard j < count else { throw unterminated(start: stringStart) }
        let decoded: UInt8
        switch bytes[j] {
        case ASCII.quote: decoded = ASCII.quote
        case ASCII.backslash: decoded = ASCII.backslash
        case ASCII.slash: decoded = ASCII.slash
        case UInt8(ascii: "b"): decoded = 0x08
        case UInt8(ascii: "f"): decoded = 0x0C
        case UInt8(ascii: "n"): decoded = ASCII.lineFeed
        case UInt8(ascii: "r"): decoded = ASCII.carriageReturn
        case UInt8(ascii: "t"): decoded = ASCII.tab
        case UInt8(ascii: "u"): return try readUnicodeEscape(at: i)
        default:
            throw failure("invalid escape: expected one of \" \\ / b f n r t u after '\\', found \(describe(at: j))",
                          at: j)
        }
        scratch.append(decoded)
        return j &+ 1
    }

    /// Decodes `\uXXXX`, or a surrogate pair `\uD83D\uDE00`, starting at the backslash `i`.
    private mutating func readUnicodeEscape(at i: Int) throws -> Int {
        let unit = try readHex4(at: i &+ 2)
        var next = i &+ 6
        var scalar = unit
        switch unit {
        case 0xD800...0xDBFF:
            guard next &+ 1 < count, bytes[next] == ASCII.backslash, bytes[next &+ 1] == UInt8(ascii: "u") else {
                throw failure("lone high surrogate \\u\(hex(unit, digits: 4)): expected '\\u' and a low surrogate "
                              + "(DC00-DFFF) after it, found \(describe(at: next))", at: i)
            }
            let low = try readHex4(at: next &+ 2)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw failure("lone high surrogate \\u\(hex(unit, digits: 4)): expected a low surrogate "
                              + "(DC00-DFFF) after it, found \\u\(hex(low, digits: 4))", at: i)
            }
            scalar = 0x10000 &+ ((unit &- 0xD800) << 10) &+ (low &- 0xDC00)
            next &+= 6
        case 0xDC00...0xDFFF:
            throw failure("lone low surrogate \\u\(hex(unit, digits: 4)): expected a high surrogate "
                          + "(D800-DBFF) before it", at: i)
        default:
            break
        }
        appendUTF8(scalar)
        return next
    }

    /// The value of four hex digits at `i`, or an error at the first one that is not.
    private func readHex4(at i: Int) throws -> UInt32 {
        var value: UInt32 = 0
        for k in 0..<4 {
            let at = i &+ k
            let digit: UInt8
            let c: UInt8 = at < count ? bytes[at] : 0
            switch c {
            case ASCII.zero...ASCII.nine: digit = c &- ASCII.zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c &- UInt8(ascii: "A") &+ 10
            default:
                throw failure("expected four hex digits after '\\u', found \(describe(at: at))", at: at)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Appends the UTF-8 form of a scalar value (never a surrogate) to `scratch`.
    private mutating func appendUTF8(_ v: UInt32) {
        if v < 0x80 {
            scratch.append(UInt8(truncatingIfNeeded: v))
        } else if v < 0x800 {
            scratch.append(UInt8(truncatingIfNeeded: 0xC0 | v >> 6))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | v & 0x3F))
        } else if v < 0x10000 {
            scratch.append(UInt8(truncatingIfNeeded: 0xE0 | v >> 12))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | v >> 6 & 0x3F))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | v & 0x3F))
        } else {
            scratch.append(UInt8(truncatingIfNeeded: 0xF0 | v >> 18))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | v >> 12 & 0x3F))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | v >> 6 & 0x3F))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | v & 0x3F))
        }
    }

    /// The index after the valid UTF-8 sequence starting at `i`, or an error there.
    @inline(__always)
    private func skipUTF8Sequence(at i: Int) throws -> Int {
        let end = validUTF8Sequence(at: i)
        guard end > i else {
            throw failure("expected UTF-8 text in a string (I-JSON), found \(describe(at: i))", at: i)
        }
        return end
    }

    /// The index after the well-formed UTF-8 sequence at `i` (Unicode table 3-7: no
    /// overlong forms, no surrogates, nothing above U+10FFFF), or `i` itself if there is none.
    func validUTF8Sequence(at i: Int) -> Int {
        let lead = bytes[i]
        let second: ClosedRange<UInt8>
        let length: Int
        switch lead {
        case 0x00...0x7F: return i &+ 1
        case 0xC2...0xDF: second = 0x80...0xBF; length = 2
        case 0xE0: second = 0xA0...0xBF; length = 3
        case 0xE1...0xEC, 0xEE...0xEF: second = 0x80...0xBF; length = 3
        case 0xED: second = 0x80...0x9F; length = 3
        case 0xF0: second = 0x90...0xBF; length = 4
        case 0xF1...0xF3: second = 0x80...0xBF; length = 4
        case 0xF4: second = 0x80...0x8F; length = 4
        default: return i
        }
        guard count &- i >= length, second.contains(bytes[i &+ 1]) else { return i }
        var k = 2
        while k < length {
            guard bytes[i &+ k] & 0xC0 == 0x80 else { return i }
            k &+= 1
        }
        return i &+ length
    }

    private func unterminated(start: Int) -> JSONError {
        let (line, column) = location(of: start)
        return failure("expected '\"' to close the string that starts at line \(line), column \(column), "
                       + "found end of input", at: count)
    }

    private func controlCharacter(at i: Int) -> JSONError {
        failure("expected an escape such as \\n or \\u00XX for a control character in a string, "
                + "found \(describe(at: i))", at: i)
    }
}
