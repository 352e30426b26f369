#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A record line already known to be canonical, its members found in place: what
/// `rebuild` reads of each line without building a `LedgerRecord` and its payload's
/// `JSONValue` tree.
///
/// `init?(line:)` succeeds exactly where `RecordHeader` does: on a line that is canonical
/// and whose eleven members have the right types and forms, so that `ChainVerifier.decode`
/// would read the same record from it. Anything else returns `nil`, and the caller takes
/// the slow path for the exact message.
public struct RecordLine {
    /// The line, without its `\n`. Valid only while the caller's buffer is.
    public let bytes: UnsafeRawBufferPointer
    public let seq: Int
    public let version: Int
    public let schema: Int
    public let prev: SHA256.Digest
    /// The bytes inside the quotes of each string member (escapes not yet decoded; the
    /// stream, `at` and `recorded` never hold one).
    public let stream: Range<Int>
    public let id: Range<Int>
    public let type: Range<Int>
    public let at: Range<Int>
    public let recorded: Range<Int>
    public let agency: Range<Int>
    public let officer: Range<Int>
    /// The payload object, braces included.
    public let payload: Range<Int>

    public init?(line: UnsafeRawBufferPointer) {
        guard let found = withUnsafeTemporaryAllocation(of: CanonicalScanner.Member.self, capacity: 11, { members -> RecordLine? in
            guard let fields = RecordHeader.Fields.read(line, members) else { return nil }
            return RecordLine(line, fields, members)
        }) else { return nil }
        self = found
    }

    private init?(_ line: UnsafeRawBufferPointer, _ fields: RecordHeader.Fields,
                  _ members: UnsafeMutableBufferPointer<CanonicalScanner.Member>) {
        bytes = line
        seq = fields.seq
        version = fields.version
        prev = fields.prev
        stream = fields.stream
        let reader = CanonicalValueReader(line)
        // `Fields.read` checked every form: the schema is a positive integer, the strings are strings.
        guard let schema = reader.int(members[6].value) else { return nil }
        self.schema = schema
        id = members[2].value.inner
        type = members[9].value.inner
        at = members[1].value.inner
        recorded = members[5].value.inner
        payload = members[3].value
        // The actor is exactly {"agency":"…","officer":"…"}, as `Fields.read` checked.
        let record = RecordBytes(base: line.baseAddress!.assumingMemoryBound(to: UInt8.self), count: line.count)
        guard let actor = record.actorStrings(members[0].value) else { return nil }
        agency = actor.agency
        officer = actor.officer
    }

    /// The text of the string member whose bytes inside the quotes are `r`, escapes decoded.
    public func string(_ r: Range<Int>) -> String {
        CanonicalValueReader(bytes).string((r.lowerBound - 1)..<(r.upperBound + 1)) ?? ""
    }
}

extension Range where Bound == Int {
    /// A quoted string's range without its quotes.
    var inner: Range<Int> { (lowerBound + 1)..<(upperBound - 1) }
}

/// Reads values out of bytes that are canonical JSON (RFC 8785, as `CanonicalScanner`
/// accepts), by their byte ranges, without building a `JSONValue`: the members a fold asks
/// of a stored payload.
///
/// Every read gives what the same read of the parsed `JSONValue` gives (`stringValue`,
/// `intValue`, `boolValue` ...): the common forms are read from the bytes, anything
/// unusual (an escape, a fraction or exponent) by parsing the value itself.
/// The bytes must be canonical; on other bytes the answers are unspecified but reading
/// stays inside `bytes`.
public struct CanonicalValueReader {
    public let bytes: UnsafeRawBufferPointer

    public init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Where the value starting at `start` ends (one past its last byte).
    public func end(ofValueAt start: Int) -> Int {
        let n = bytes.count
        guard start < n else { return n }
        switch bytes[start] {
        case 0x22:
            return end(ofStringAt: start)
        case 0x7b, 0x5b:
            var depth = 0
            var i = start
            while i < n {
                switch bytes[i] {
                case 0x22:
                    i = end(ofStringAt: i)
                    continue
                case 0x7b, 0x5b:
                    depth += 1
                case 0x7d, 0x5d:
                    depth -= 1
                    if depth == 0 { return i + 1 }
                default:
                    break
                }
                i += 1
            }
            return n
        default:
            // A number or literal runs to the next `,`, `}` or `]`.
            var i = start
            while i < n, bytes[i] != 0x2c, bytes[i] != 0x7d, bytes[i] != 0x5d { i += 1 }
            return i
        }
    }

    /// Where the string starting with the quote at `start` ends (past its closing quote).
    ///
    /// The closing quote is the first `"` not escaped: one after an even run of backslashes.
    func end(ofStringAt start: Int) -> Int {
        let n = bytes.count
        let base = bytes.baseAddress!
        var from = start + 1
        while from < n, let q = memchr(base + from, 0x22, n - from) {
            let quote = base.distance(to: UnsafeRawPointer(q))
            var backslashes = 0
            while quote - backslashes - 1 > start, bytes[quote - backslashes - 1] == 0x5c { backslashes += 1 }
            if backslashes % 2 == 0 { return quote + 1 }
            from = quote + 1
        }
        return n
    }

    /// The value of the member whose name's UTF-8 bytes are `name`, if the object at `object` has one.
    ///
    /// Canonical members are sorted by name, and for a name of ASCII characters, as every
    /// member name the domain asks for is, the byte order of UTF-8 agrees with the UTF-16
    /// order of RFC 8785; so the search stops at the first greater name (written without
    /// an escape, whose backslash would sort apart from the character it stands for).
    public func member(_ name: UnsafeRawBufferPointer, ofObject object: Range<Int>) -> Range<Int>? {
        guard object.count >= 2, bytes[object.lowerBound] == 0x7b else { return nil }
        if name.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5c }) {
            // A name canonical JSON writes with escapes: look for it as written.
            var written: [UInt8] = []
            CanonicalJSON.writeString(String(decoding: name, as: UTF8.self), into: &written)
            return written.withUnsafeBytes { find(UnsafeRawBufferPointer(rebasing: $0.dropFirst().dropLast()), in: object, sorted: false) }
        }
        return find(name, in: object, sorted: !name.contains { $0 >= 0x80 })
    }

    /// The value of the member whose name is written `name` (escapes and all) in the object at `object`.
    private func find(_ name: UnsafeRawBufferPointer, in object: Range<Int>, sorted ascii: Bool) -> Range<Int>? {
        var i = object.lowerBound + 1
        let limit = object.upperBound
        while i < limit, bytes[i] == 0x22 {
            let nameEnd = end(ofStringAt: i)
            let valueStart = nameEnd + 1
            guard valueStart < limit else { return nil }
            let found = nameEnd - i - 2
            let order = memcmp(bytes.baseAddress! + i + 1, name.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, min(found, name.count))
            if order == 0, found == name.count { return valueStart..<end(ofValueAt: valueStart) }
            if ascii, order > 0 || (order == 0 && found > name.count),
               memchr(bytes.baseAddress! + i + 1, 0x5c, found) == nil { return nil }
            let valueEnd = end(ofValueAt: valueStart)
            guard valueEnd < limit, bytes[valueEnd] == 0x2c else { return nil }
            i = valueEnd + 1
        }
        return nil
    }

    /// The elements of the array at `array`; `nil` if it is not an array.
    public func elements(ofArray array: Range<Int>) -> [Range<Int>]? {
        guard array.count >= 2, bytes[array.lowerBound] == 0x5b else { return nil }
        var out: [Range<Int>] = []
        var i = array.lowerBound + 1
        guard bytes[i] != 0x5d else { return out }
        while i < array.upperBound {
            let end = end(ofValueAt: i)
            out.append(i..<end)
            guard end < array.upperBound, bytes[end] == 0x2c else { break }
            i = end + 1
        }
        return out
    }

    /// The string at `r` (quotes included), as `JSONValue.stringValue` reads it.
    public func string(_ r: Range<Int>) -> String? {
        guard r.count >= 2, bytes[r.lowerBound] == 0x22 else { return nil }
        let inner = UnsafeRawBufferPointer(rebasing: bytes[(r.lowerBound + 1)..<(r.upperBound - 1)])
        if inner.isEmpty { return "" }
        if memchr(inner.baseAddress!, 0x5c, inner.count) == nil {
            return String(decoding: inner, as: UTF8.self)
        }
        return value(r)?.stringValue
    }

    /// The number at `r` as `JSONValue.intValue` reads it.
    public func int(_ r: Range<Int>) -> Int? {
        guard !r.isEmpty else { return nil }
        var i = r.lowerBound
        let negative = bytes[i] == 0x2d
        if negative { i += 1 }
        let digits = r.upperBound - i
        if digits >= 1, digits <= 15 {
            var n = 0
            var plain = true
            while i < r.upperBound {
                let d = bytes[i] &- 0x30
                guard d < 10 else { plain = false; break }
                n = n * 10 + Int(d)
                i += 1
            }
            if plain { return negative ? -n : n }
        }
        let first = bytes[r.lowerBound]
        guard first == 0x2d || first &- 0x30 < 10 else { return nil }
        return value(r)?.intValue
    }

    /// The literal at `r` as `JSONValue.boolValue` reads it.
    public func bool(_ r: Range<Int>) -> Bool? {
        switch r.count {
        case 4 where bytes[r.lowerBound] == 0x74: return true
        case 5 where bytes[r.lowerBound] == 0x66: return false
        default: return nil
        }
    }

    /// The value at `r`, parsed.
    public func value(_ r: Range<Int>) -> JSONValue? {
        try? JSONParser.parse(UnsafeRawBufferPointer(rebasing: bytes[r]))
    }
}
