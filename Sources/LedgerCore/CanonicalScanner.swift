import Foundation
#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// Checks, byte by byte and without building values, that a line is the RFC 8785
/// canonical form of a JSON object, and says where its top-level members lie.
///
/// It accepts exactly what `CanonicalJSON.encode(JSONParser.parse(line)) == line`
/// accepts, at a fraction of the cost: the whole-log checks (`verify`, `rebuild`) run
/// it on every line. No white space; members in strictly increasing UTF-16 order of
/// their names (so none twice); strings valid UTF-8 with only the escapes RFC 8785
/// writes; numbers exactly as ECMAScript prints their double; `true`, `false`, `null`.
public struct CanonicalScanner {
    /// One top-level member: the byte ranges of its name (inside the quotes) and its value.
    public struct Member {
        public var name: Range<Int>
        public var value: Range<Int>
    }

    /// Why a line is not canonical, and at which byte.
    public struct Failure: Error, Equatable {
        public let offset: Int
        public let message: String
    }

    private let base: UnsafePointer<UInt8>
    private let end: Int
    private var pos = 0
    private let maxDepth: Int

    private init(_ bytes: UnsafeRawBufferPointer, maxDepth: Int) {
        base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(bitPattern: 1)!
        end = bytes.count
        self.maxDepth = maxDepth
    }

    /// Scans `line`, which must be one canonical JSON object, and returns its members in order.
    ///
    /// - Throws: `Failure` at the first byte that is not canonical.
    public static func scanObject(_ line: UnsafeRawBufferPointer, maxDepth: Int = JSONParser.defaultMaxDepth) throws -> [Member] {
        var scanner = CanonicalScanner(line, maxDepth: maxDepth)
        guard scanner.end > 0, scanner.base[0] == UInt8(ascii: "{") else {
            throw Failure(offset: 0, message: "a record line starts with '{'")
        }
        var members: [Member] = []
        members.reserveCapacity(12)
        try scanner.object(depth: 1) { name, value in members.append(Member(name: name, value: value)) }
        guard scanner.pos == scanner.end else { throw Failure(offset: scanner.pos, message: "bytes after the object") }
        return members
    }

    /// Whether `line` is one canonical JSON object, writing its first `members.count`
    /// top-level members into `members`, without allocating; `nil` when it is not canonical.
    ///
    /// - Returns: how many members the object has (more than were written, if it has more).
    static func scanObject(_ line: UnsafeRawBufferPointer, into members: UnsafeMutableBufferPointer<Member>,
                           maxDepth: Int = JSONParser.defaultMaxDepth) -> Int? {
        var scanner = CanonicalScanner(line, maxDepth: maxDepth)
        guard scanner.end > 0, scanner.base[0] == UInt8(ascii: "{") else { return nil }
        var count = 0
        do {
            try scanner.object(depth: 1) { name, value in
                if count < members.count { members[count] = Member(name: name, value: value) }
                count += 1
            }
        } catch {
            return nil
        }
        return scanner.pos == scanner.end ? count : nil
    }

    /// Whether `bytes` is the canonical form of some JSON value.
    public static func isCanonical(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = JSONParser.defaultMaxDepth) -> Bool {
        var scanner = CanonicalScanner(bytes, maxDepth: maxDepth)
        do {
            try scanner.value(depth: 0)
            return scanner.pos == scanner.end
        } catch {
            return false
        }
    }

    // MARK: Values

    @inline(__always)
    private func peek() -> UInt8? { pos < end ? base[pos] : nil }

    private func fail(_ message: String) -> Failure { Failure(offset: pos, message: message) }

    private mutating func value(depth: Int) throws {
        guard let c = peek() else { throw fail("a value was expected") }
        switch c {
        case UInt8(ascii: "{"): try object(depth: depth + 1) { _, _ in }
        case UInt8(ascii: "["): try array(depth: depth + 1)
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: try number()
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard end - pos >= n, memcmp(base + pos, word.utf8Start, n) == 0 else { throw fail("not a JSON literal") }
        pos += n
    }

    private mutating func object(depth: Int, _ member: (Range<Int>, Range<Int>) -> Void) throws {
        guard depth <= maxDepth else { throw fail("nested deeper than \(maxDepth)") }
        pos += 1  // {
        if peek() == UInt8(ascii: "}") { pos += 1; return }
        var previous: Range<Int>?
        var previousEscaped = false
        while true {
            guard peek() == UInt8(ascii: "\"") else { throw fail("a member name was expected") }
            let nameStart = pos + 1
            let escaped = try string()
            let name = nameStart..<(pos - 1)
            if let previous {
                guard try precedes(previous, name, escaped: escaped || previousEscaped) else {
                    throw Failure(offset: nameStart - 1, message: "members are not in RFC 8785 order (or a name repeats)")
                }
            }
            previous = name
            previousEscaped = escaped
            guard peek() == UInt8(ascii: ":") else { throw fail("':' was expected after a member name") }
            pos += 1
            let valueStart = pos
            try value(depth: depth)
            member(name, valueStart..<pos)
            guard let c = peek() else { throw fail("',' or '}' was expected") }
            pos += 1
            if c == UInt8(ascii: "}") { return }
            guard c == UInt8(ascii: ",") else { pos -= 1; throw fail("',' or '}' was expected") }
        }
    }

    private mutating func array(depth: Int) throws {
        guard depth <= maxDepth else { throw fail("nested deeper than \(maxDepth)") }
        pos += 1  // [
        if peek() == UInt8(ascii: "]") { pos += 1; return }
        while true {
            try value(depth: depth)
            guard let c = peek() else { throw fail("',' or ']' was expected") }
            pos += 1
            if c == UInt8(ascii: "]") { return }
            guard c == UInt8(ascii: ",") else { pos -= 1; throw fail("',' or ']' was expected") }
        }
    }

    /// Whether name `a` sorts strictly before name `b` in UTF-16 order.
    private func precedes(_ a: Range<Int>, _ b: Range<Int>, escaped: Bool) throws -> Bool {
        if escaped {
            let x = try JSONParser.parse(UnsafeRawBufferPointer(start: base + a.lowerBound - 1, count: a.count + 2))
            let y = try JSONParser.parse(UnsafeRawBufferPointer(start: base + b.lowerBound - 1, count: b.count + 2))
            guard case .string(let s) = x, case .string(let t) = y else { return false }
            return CanonicalJSON.utf16Precedes(s, t)
        }
        let common = min(a.count, b.count)
        var i = 0
        while i < common {
            let p = base[a.lowerBound + i], q = base[b.lowerBound + i]
            if p != q {
                if p >= 0xF0 && (q == 0xEE || q == 0xEF) { return true }
                if q >= 0xF0 && (p == 0xEE || p == 0xEF) { return false }
                return p < q
            }
            i += 1
        }
        return a.count < b.count
    }

    // MARK: Strings

    /// Scans a string; returns whether it holds an escape.
    @discardableResult
    private mutating func string() throws -> Bool {
        pos += 1  // "
        var escaped = false
        while pos < end {
            skipPlainASCII()
            guard pos < end else { break }
            let c = base[pos]
            if c == UInt8(ascii: "\"") { pos += 1; return escaped }
            if c == UInt8(ascii: "\\") {
                escaped = true
                try escape()
                continue
            }
            if c < 0x20 { throw fail("a control character must be escaped") }
            if c < 0x80 { pos += 1; continue }
            try utf8Sequence(c)
        }
        throw fail("the string is not closed")
    }

    /// Moves `pos` past bytes that stand for themselves in a canonical string (ASCII from
    /// 0x20, but not `"` or `\\`), sixteen (SSE2) or eight at a time: most of a line is such bytes.
    @inline(__always)
    private mutating func skipPlainASCII() {
        #if arch(x86_64)
        // SSE2 is part of x86-64, so this needs no check of the CPU. A signed compare with
        // 0x20 marks control characters and every byte from 0x80 at once.
        let quotes = _mm_set1_epi8(0x22), backslashes = _mm_set1_epi8(0x5c), space = _mm_set1_epi8(0x20)
        while end - pos >= 16 {
            let v = _mm_loadu_si128(UnsafeRawPointer(base + pos).assumingMemoryBound(to: __m128i.self))
            let special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quotes), _mm_cmpeq_epi8(v, backslashes)), _mm_cmplt_epi8(v, space))
            let marks = _mm_movemask_epi8(special)
            if marks != 0 {
                pos += marks.trailingZeroBitCount
                return
            }
            pos += 16
        }
        #endif
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while end - pos >= 8 {
            let w = UInt64(littleEndian: UnsafeRawPointer(base + pos).loadUnaligned(as: UInt64.self))
            // The high bit of a byte is set where it is `"`, `\\`, below 0x20 or from 0x80. Borrows
            // can mark bytes above the first marked one, never below it, so the lowest mark is exact.
            let quote = w ^ (ones &* 0x22), backslash = w ^ (ones &* 0x5c)
            let marks = ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (w &- ones &* 0x20) & ~w | w) & highs
            if marks != 0 {
                pos += marks.trailingZeroBitCount >> 3
                return
            }
            pos += 8
        }
    }

    private mutating func escape() throws {
        guard pos + 1 < end else { throw fail("an escape is cut off") }
        switch base[pos + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            pos += 2
        case UInt8(ascii: "u"):
            // RFC 8785 writes \u only for control characters without a short form: \u00xx, lowercase.
            guard pos + 5 < end, base[pos + 2] == 0x30, base[pos + 3] == 0x30,
                  let hi = hexDigit(base[pos + 4]), let lo = hexDigit(base[pos + 5]) else {
                throw fail("RFC 8785 writes \\u only as \\u00xx for a control character")
            }
            let code = hi << 4 | lo
            guard code < 0x20, ![0x08, 0x09, 0x0a, 0x0c, 0x0d].contains(code) else {
                throw fail("RFC 8785 writes this character literally or with its short escape")
            }
            pos += 6
        default:
            throw fail("RFC 8785 does not write this escape")
        }
    }

    /// A lowercase hex digit's value; `nil` for anything else (uppercase is not canonical).
    private func hexDigit(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }

    /// Checks one multi-byte UTF-8 sequence starting with `lead` (Unicode's Table 3-7).
    @inline(__always)
    private mutating func utf8Sequence(_ lead: UInt8) throws {
        func cont(_ i: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            pos + i < end && base[pos + i] >= lo && base[pos + i] <= hi
        }
        switch lead {
        case 0xC2...0xDF:
            guard cont(1) else { break }
            pos += 2; return
        case 0xE0:
            guard cont(1, 0xA0), cont(2) else { break }
            pos += 3; return
        case 0xE1...0xEC, 0xEE, 0xEF:
            guard cont(1), cont(2) else { break }
            pos += 3; return
        case 0xED:
            guard cont(1, 0x80, 0x9F), cont(2) else { break }
            pos += 3; return
        case 0xF0:
            guard cont(1, 0x90), cont(2), cont(3) else { break }
            pos += 4; return
        case 0xF1...0xF3:
            guard cont(1), cont(2), cont(3) else { break }
            pos += 4; return
        case 0xF4:
            guard cont(1, 0x80, 0x8F), cont(2), cont(3) else { break }
            pos += 4; return
        default:
            break
        }
        throw fail("invalid UTF-8")
    }

    // MARK: Numbers

    private mutating func number() throws {
        let start = pos
        var i = pos
        if i < end, base[i] == UInt8(ascii: "-") { i += 1 }
        let intStart = i
        while i < end, base[i] >= 0x30, base[i] <= 0x39 { i += 1 }
        let intDigits = i - intStart
        guard intDigits > 0 else { throw fail("a value was expected") }
        var simple = true
        if i < end, base[i] == UInt8(ascii: ".") {
            simple = false
            i += 1
            let f = i
            while i < end, base[i] >= 0x30, base[i] <= 0x39 { i += 1 }
            guard i > f else { throw Failure(offset: i, message: "digits were expected after '.'") }
        }
        if i < end, base[i] == UInt8(ascii: "e") || base[i] == UInt8(ascii: "E") {
            simple = false
            i += 1
            if i < end, base[i] == UInt8(ascii: "+") || base[i] == UInt8(ascii: "-") { i += 1 }
            let e = i
            while i < end, base[i] >= 0x30, base[i] <= 0x39 { i += 1 }
            guard i > e else { throw Failure(offset: i, message: "digits were expected in the exponent") }
        }
        pos = i
        let negative = base[start] == UInt8(ascii: "-")
        if simple, intDigits <= 15 {
            // An integer of up to 15 digits is its own shortest form, unless it has a
            // leading zero or is minus zero.
            if base[intStart] == 0x30 {
                guard intDigits == 1, !negative else { throw Failure(offset: start, message: "not the RFC 8785 form of this number") }
            }
            return
        }
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: i - start), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw Failure(offset: start, message: "a number beyond a double's range") }
        var canonical: [UInt8] = []
        CanonicalJSON.writeNumber(value, into: &canonical)
        guard canonical.count == i - start, memcmp(canonical, base + start, canonical.count) == 0 else {
            throw Failure(offset: start, message: "not the RFC 8785 form of this number")
        }
    }
}
