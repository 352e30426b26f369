import Dispatch
import Foundation
import LedgerCore

/// A fast `Decoder` for projection snapshots: the JSON is first cut into a flat tape of
/// nodes (no dictionaries, no strings made until asked for), then decoded by walking it.
/// Keyed containers look for the member after the last one read first, so members read in
/// the order `SnapshotEncoder` wrote them are found at once; any order works. Large
/// dictionaries keyed by strings are decoded in slices on all cores.
public enum SnapshotDecoder {
    /// Decodes a `T` from JSON bytes.
    ///
    /// - Throws: `DecodingError.dataCorrupted` when the bytes are not JSON, or the
    ///   errors of `T`'s own decoding (a missing member, a value of another type).
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try bytes.withUnsafeBytes { try decode(type, from: $0) }
    }

    /// Decodes a `T` from JSON bytes in memory it does not own (a mapped file): nothing
    /// decoded refers to them afterwards.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer) throws -> T {
        let tape = try Tape(bytes)
        return try Reader(tape: tape, index: 0).decodeValue(T.self)
    }

    /// One JSON value on the tape, in 8 bytes.
    struct Node {
        enum Kind: UInt8 { case object, array, string, escapedString, number, `true`, `false`, null }
        /// For strings and numbers: the first byte (after the opening quote). For objects and
        /// arrays: the number of members or elements.
        var start: Int32
        /// The kind (top 3 bits) and, below, the length of a string or number, or for a
        /// container the index just after its last descendant.
        private var word: UInt32

        init(kind: Kind, start: Int32, length: Int32) {
            self.start = start
            word = UInt32(kind.rawValue) << 29 | UInt32(truncatingIfNeeded: length) & 0x1FFF_FFFF
        }

        var kind: Kind { Kind(rawValue: UInt8(word >> 29))! }
        var length: Int32 {
            get { Int32(word & 0x1FFF_FFFF) }
            set { word = word & 0xE000_0000 | UInt32(truncatingIfNeeded: newValue) & 0x1FFF_FFFF }
        }
    }

    static func corrupted(_ message: String) -> DecodingError {
        .dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: message))
    }

    /// Cuts JSON bytes into nodes.
    struct Parser {
        let base: UnsafeRawBufferPointer
        var nodes: [Node] = []

        init(base: UnsafeRawBufferPointer) { self.base = base }

        @inline(__always) func byte(_ i: Int) -> UInt8 { base[i] }


        func skipSpace(_ i: inout Int, _ count: Int) {
            while i < count, byte(i) == 0x20 || byte(i) == 0x0a || byte(i) == 0x0d || byte(i) == 0x09 { i += 1 }
        }

        mutating func parseValue(_ i: inout Int, _ count: Int) throws {
            skipSpace(&i, count)
            guard i < count else { throw corrupted("the JSON ends early") }
            switch byte(i) {
            case 0x7b: try parseContainer(&i, count, object: true)
            case 0x5b: try parseContainer(&i, count, object: false)
            case 0x22: try parseString(&i, count)
            case 0x74: try literal(&i, count, "true", .true)
            case 0x66: try literal(&i, count, "false", .false)
            case 0x6e: try literal(&i, count, "null", .null)
            default:
                let start = i
                func isNumberByte(_ b: UInt8) -> Bool {
                    (b >= 0x30 && b <= 0x39) || b == 0x2d || b == 0x2b || b == 0x2e || b == 0x65 || b == 0x45
                }
                while i < count, isNumberByte(byte(i)) { i += 1 }
                guard i > start else { throw corrupted("unexpected byte \(byte(i)) at offset \(i)") }
                nodes.append(Node(kind: .number, start: Int32(start), length: Int32(i - start)))
            }
        }

        mutating func literal(_ i: inout Int, _ count: Int, _ text: StaticString, _ kind: Node.Kind) throws {
            let n = text.utf8CodeUnitCount
            guard i + n <= count, memcmp(base.baseAddress! + i, text.utf8Start, n) == 0 else {
                throw corrupted("unexpected bytes at offset \(i)")
            }
            i += n
            nodes.append(Node(kind: kind, start: Int32(i - n), length: Int32(n)))
        }

        mutating func parseString(_ i: inout Int, _ count: Int) throws {
            i += 1
            let start = i
            var escaped = false
            while true {
                guard i < count else { throw corrupted("a string does not end") }
                let b = byte(i)
                if b == 0x22 { break }
                if b == 0x5c { escaped = true; i += 2; continue }
                i += 1
            }
            nodes.append(Node(kind: escaped ? .escapedString : .string, start: Int32(start), length: Int32(i - start)))
            i += 1
        }

        mutating func parseContainer(_ i: inout Int, _ count: Int, object: Bool) throws {
            let at = nodes.count
            nodes.append(Node(kind: object ? .object : .array, start: 0, length: 0))
            i += 1
            var members: Int32 = 0
            skipSpace(&i, count)
            let close: UInt8 = object ? 0x7d : 0x5d
            if i < count, byte(i) == close {
                i += 1
            } else {
                while true {
                    if object {
                        skipSpace(&i, count)
                        guard i < count, byte(i) == 0x22 else { throw corrupted("expected a member name at offset \(i)") }
                        try parseString(&i, count)
                        skipSpace(&i, count)
                        guard i < count, byte(i) == 0x3a else { throw corrupted("expected : at offset \(i)") }
                        i += 1
                    }
                    try parseValue(&i, count)
                    members += 1
                    skipSpace(&i, count)
                    guard i < count else { throw corrupted("a container does not end") }
                    if byte(i) == 0x2c { i += 1; continue }
                    guard byte(i) == close else { throw corrupted("expected , or \(object ? "}" : "]") at offset \(i)") }
                    i += 1
                    break
                }
            }
            nodes[at].start = members
            nodes[at].length = Int32(nodes.count)
        }

    }

    /// The parsed document: its bytes and its nodes in document order.
    final class Tape {
        /// The document's bytes, borrowed for the time of the decoding.
        let base: UnsafeRawBufferPointer
        /// Set once parsed (a constant, so reading it needs no exclusivity checks).
        let nodes: [Node]

        init(_ bytes: UnsafeRawBufferPointer) throws {
            guard bytes.count < Int(Int32.max), bytes.baseAddress != nil else {
                throw corrupted(bytes.isEmpty ? "the JSON ends early" : "a document of \(bytes.count) bytes is too large for a snapshot")
            }
            base = bytes
            var parser = Parser(base: bytes)
            // About one value in six bytes; untouched capacity costs no memory.
            parser.nodes.reserveCapacity(bytes.count / 5 + 16)
            var i = 0
            try parser.parseValue(&i, bytes.count)
            parser.skipSpace(&i, bytes.count)
            guard i == bytes.count else { throw corrupted("bytes after the JSON value at offset \(i)") }
            nodes = parser.nodes
        }

        @inline(__always) func byte(_ i: Int) -> UInt8 { base[i] }

        /// The index just after the value at `index` and its descendants.
        @inline(__always) func after(_ index: Int) -> Int {
            let node = nodes[index]
            return node.kind == .object || node.kind == .array ? Int(node.length) : index + 1
        }

        func string(at index: Int) throws -> String {
            let node = nodes[index]
            let raw = UnsafeRawBufferPointer(rebasing: base[Int(node.start)..<Int(node.start + node.length)])
            switch node.kind {
            case .string: return String(decoding: raw, as: UTF8.self)
            case .escapedString: return try unescape(raw)
            default: throw corrupted("expected a string")
            }
        }

        /// Whether the string at `index` is exactly `key` (bytes compared; escaped names are decoded first).
        func matches(_ index: Int, _ key: String) -> Bool {
            let node = nodes[index]
            if node.kind == .escapedString { return (try? string(at: index)) == key }
            var key = key
            return key.withUTF8 { k in
                k.count == Int(node.length) && memcmp(base.baseAddress! + Int(node.start), k.baseAddress!, k.count) == 0
            }
        }

        func unescape(_ raw: UnsafeRawBufferPointer) throws -> String {
            var out: [UInt8] = []
            out.reserveCapacity(raw.count)
            var i = 0
            while i < raw.count {
                let b = raw[i]
                guard b == 0x5c, i + 1 < raw.count else { out.append(b); i += 1; continue }
                let e = raw[i + 1]
                i += 2
                switch e {
                case 0x22, 0x5c, 0x2f: out.append(e)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0c)
                case 0x6e: out.append(0x0a)
                case 0x72: out.append(0x0d)
                case 0x74: out.append(0x09)
                case 0x75:
                    func hex4(_ at: Int) throws -> UInt32 {
                        guard at + 4 <= raw.count else { throw corrupted("a bad \\u escape") }
                        let digits = String(decoding: UnsafeRawBufferPointer(rebasing: raw[at..<(at + 4)]), as: UTF8.self)
                        guard let v = UInt32(digits, radix: 16) else { throw corrupted("a bad \\u escape") }
                        return v
                    }
                    var scalar = try hex4(i)
                    i += 4
                    if (0xD800..<0xDC00).contains(scalar), i + 6 <= raw.count, raw[i] == 0x5c, raw[i + 1] == 0x75 {
                        let low = try hex4(i + 2)
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                    out += Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
                default:
                    throw corrupted("a bad escape \\\(Unicode.Scalar(e))")
                }
            }
            return String(decoding: out, as: UTF8.self)
        }

        func integer(at index: Int) throws -> Int {
            let node = nodes[index]
            guard node.kind == .number else { throw corrupted("expected a number") }
            var i = Int(node.start)
            let end = i + Int(node.length)
            var negative = false
            if byte(i) == 0x2d { negative = true; i += 1 }
            var n = 0
            while i < end {
                let b = byte(i)
                guard b >= 0x30 && b <= 0x39 else {
                    guard let d = try? double(at: index), d == d.rounded(), abs(d) < 9.2e18 else { throw corrupted("expected an integer") }
                    return Int(d)
                }
                let (m, o1) = n.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int(b - 0x30))
                guard !o1, !o2 else { throw corrupted("an integer too large") }
                n = s
                i += 1
            }
            return negative ? -n : n
        }

        func double(at index: Int) throws -> Double {
            let node = nodes[index]
            guard node.kind == .number else { throw corrupted("expected a number") }
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: base[Int(node.start)..<Int(node.start + node.length)]),
                              as: UTF8.self)
            guard let d = Double(text) else { throw corrupted("a bad number \(text)") }
            return d
        }
    }

    /// A position on the tape, as a `Decoder`.
    struct Reader: Decoder {
        let tape: Tape
        let index: Int
        var codingPath: [CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
            if T.self == String.self { return unsafeBitCast(try tape.string(at: index), to: T.self) }
            if T.self == Int.self { return unsafeBitCast(try tape.integer(at: index), to: T.self) }
            if T.self == Bool.self { return unsafeBitCast(try bool(), to: T.self) }
            if T.self == Timestamp.self {
                let text = try tape.string(at: index)
                guard let t = Timestamp(rfc3339: text) else { throw corrupted("expected an RFC 3339 date-time, found \"\(text)\"") }
                return unsafeBitCast(t, to: T.self)
            }
            let node = tape.nodes[index]
            if node.kind == .object, Int(node.start) >= SnapshotEncoder.Writer.parallelFrom,
               let parallel = T.self as? ParallelDecodable.Type {
                return try parallel.decodeInParallel(tape: tape, object: index) as! T
            }
            return try T(from: self)
        }

        func bool() throws -> Bool {
            switch tape.nodes[index].kind {
            case .true: return true
            case .false: return false
            default: throw corrupted("expected true or false")
            }
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            guard tape.nodes[index].kind == .object else { throw corrupted("expected an object for \(Key.self)") }
            return KeyedDecodingContainer(Keyed<Key>(tape: tape, object: index))
        }

        func unkeyedContainer() throws -> UnkeyedDecodingContainer {
            guard tape.nodes[index].kind == .array else { throw corrupted("expected an array") }
            return Unkeyed(tape: tape, array: index)
        }

        func singleValueContainer() throws -> SingleValueDecodingContainer { Single(reader: self) }
    }

    final class Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let tape: Tape
        /// The object's tape index, and its number of members.
        let object: Int
        let count: Int
        /// The tape index of the name of the member after the last one found (looked at
        /// first), and that member's position.
        var cursor: Int
        var cursorMember = 0
        var codingPath: [CodingKey] { [] }

        init(tape: Tape, object: Int) {
            self.tape = tape
            self.object = object
            count = Int(tape.nodes[object].start)
            cursor = object + 1
        }

        var allKeys: [Key] {
            var keys: [Key] = []
            var at = object + 1
            for _ in 0..<count {
                if let key = (try? tape.string(at: at)).flatMap(Key.init(stringValue:)) { keys.append(key) }
                at = tape.after(at + 1)
            }
            return keys
        }

        /// The tape index of the value of `key`, if present.
        func find(_ key: Key) -> Int? {
            let name = key.stringValue
            if cursorMember < count, tape.matches(cursor, name) {
                let value = cursor + 1
                cursor = tape.after(value)
                cursorMember += 1
                return value
            }
            var at = object + 1
            for m in 0..<count {
                if tape.matches(at, name) {
                    cursor = tape.after(at + 1)
                    cursorMember = m + 1
                    return at + 1
                }
                at = tape.after(at + 1)
            }
            return nil
        }

        func value(_ key: Key) throws -> Int {
            guard let at = find(key) else {
                throw DecodingError.keyNotFound(key, DecodingError.Context(codingPath: [],
                                                                           debugDescription: "no member \(key.stringValue)"))
            }
            return at
        }

        func contains(_ key: Key) -> Bool {
            let saved = (cursor, cursorMember)
            defer { (cursor, cursorMember) = saved }
            return find(key) != nil
        }

        func decodeNil(forKey key: Key) throws -> Bool { tape.nodes[try value(key)].kind == .null }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try tape.string(at: try value(key)) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try tape.integer(at: try value(key)) }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try Reader(tape: tape, index: try value(key)).bool() }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try Reader(tape: tape, index: try value(key)).decodeValue(T.self)
        }

        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            guard let at = find(key), tape.nodes[at].kind != .null else { return nil }
            return try Reader(tape: tape, index: at).decodeValue(T.self)
        }

        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
            guard let at = find(key), tape.nodes[at].kind != .null else { return nil }
            return try tape.string(at: at)
        }

        func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
            guard let at = find(key), tape.nodes[at].kind != .null else { return nil }
            return try tape.integer(at: at)
        }

        func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
            guard let at = find(key), tape.nodes[at].kind != .null else { return nil }
            return try Reader(tape: tape, index: at).bool()
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type,
                                                   forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try Reader(tape: tape, index: try value(key)).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
            try Reader(tape: tape, index: try value(key)).unkeyedContainer()
        }

        func superDecoder() throws -> Decoder { Reader(tape: tape, index: try value(Key(stringValue: "super")!)) }
        func superDecoder(forKey key: Key) throws -> Decoder { Reader(tape: tape, index: try value(key)) }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let tape: Tape
        let end: Int
        var next: Int
        let count: Int?
        var currentIndex = 0
        var codingPath: [CodingKey] { [] }

        init(tape: Tape, array: Int) {
            self.tape = tape
            count = Int(tape.nodes[array].start)
            next = array + 1
            end = tape.after(array)
        }

        var isAtEnd: Bool { currentIndex >= count! }

        mutating func take() throws -> Int {
            guard !isAtEnd else { throw corrupted("the array has only \(count!) elements") }
            let at = next
            next = tape.after(at)
            currentIndex += 1
            return at
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd else { throw corrupted("the array has only \(count!) elements") }
            if tape.nodes[next].kind == .null { _ = try take(); return true }
            return false
        }

        mutating func decode(_ type: String.Type) throws -> String { try tape.string(at: try take()) }
        mutating func decode(_ type: Int.Type) throws -> Int { try tape.integer(at: try take()) }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try Reader(tape: tape, index: try take()).decodeValue(T.self) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try Reader(tape: tape, index: try take()).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
            try Reader(tape: tape, index: try take()).unkeyedContainer()
        }
        mutating func superDecoder() throws -> Decoder { Reader(tape: tape, index: try take()) }
    }

    struct Single: SingleValueDecodingContainer {
        let reader: Reader
        var codingPath: [CodingKey] { [] }

        func decodeNil() -> Bool { reader.tape.nodes[reader.index].kind == .null }
        func decode(_ type: Bool.Type) throws -> Bool { try reader.bool() }
        func decode(_ type: String.Type) throws -> String { try reader.tape.string(at: reader.index) }
        func decode(_ type: Int.Type) throws -> Int { try reader.tape.integer(at: reader.index) }
        func decode(_ type: Int32.Type) throws -> Int32 {
            let n = try reader.tape.integer(at: reader.index)
            guard let v = Int32(exactly: n) else { throw corrupted("\(n) does not fit an Int32") }
            return v
        }
        func decode(_ type: Int64.Type) throws -> Int64 { Int64(try reader.tape.integer(at: reader.index)) }
        func decode(_ type: Double.Type) throws -> Double { try reader.tape.double(at: reader.index) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try reader.decodeValue(T.self) }
    }
}

/// A dictionary keyed by strings that the decoder may read in slices on several threads.
protocol ParallelDecodable {
    static func decodeInParallel(tape: SnapshotDecoder.Tape, object: Int) throws -> Any
}

extension Dictionary: ParallelDecodable where Key == String, Value: Decodable {
    static func decodeInParallel(tape: SnapshotDecoder.Tape, object: Int) throws -> Any {
        // The members' name indexes, then slices decoded on all cores and merged.
        let count = Int(tape.nodes[object].start)
        var names: [Int] = []
        names.reserveCapacity(count)
        var at = object + 1
        for _ in 0..<count {
            names.append(at)
            at = tape.after(at + 1)
        }
        let slices = Swift.max(1, Swift.min(16, ProcessInfo.processInfo.activeProcessorCount * 2))
        var parts = [[(String, Value)]](repeating: [], count: slices)
        var failure: Error?
        let lock = NSLock()
        parts.withUnsafeMutableBufferPointer { out in
            let out = out
            DispatchQueue.concurrentPerform(iterations: slices) { s in
                var part: [(String, Value)] = []
                let from = count * s / slices, to = count * (s + 1) / slices
                part.reserveCapacity(to - from)
                do {
                    for i in from..<to {
                        part.append((try tape.string(at: names[i]),
                                     try SnapshotDecoder.Reader(tape: tape, index: names[i] + 1).decodeValue(Value.self)))
                    }
                } catch {
                    lock.lock(); failure = error; lock.unlock()
                }
                out[s] = part
            }
        }
        if let failure { throw failure }
        var result: [String: Value] = [:]
        result.reserveCapacity(count)
        for part in parts { for (key, value) in part { result[key] = value } }
        return result
    }
}
