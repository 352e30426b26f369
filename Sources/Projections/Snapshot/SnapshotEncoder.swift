import Dispatch
import Foundation
import LedgerCore

/// A fast `Encoder` that writes JSON straight into a byte buffer, for projection snapshots.
///
/// Foundation's `JSONEncoder` builds a tree of every value before it writes one byte; a
/// snapshot of a million-event ledger holds millions of values, so this encoder streams
/// instead: a container opens its `{` or `[` when it is asked for and is closed when the
/// value that asked for it has finished encoding (or when an enclosing container writes
/// again). Members are written in the order they are encoded — for synthesised
/// conformances, declaration order — which `SnapshotDecoder` reads fastest. The large
/// dictionaries near the top (cases, reports by stream name) are cut in slices encoded on
/// all cores and joined. The output is plain JSON that any reader accepts (`JSONDecoder`
/// included).
public enum SnapshotEncoder {
    /// `value` as JSON bytes.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let writer = Writer()
        try writer.write(value)
        return writer.bytes
    }

    final class Writer: Encoder {
        var bytes: [UInt8] = []
        /// Open containers: whether each is an object, and how many members or elements it has.
        var frames: [(object: Bool, count: Int)] = []

        var codingPath: [CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        init() { bytes.reserveCapacity(1 << 20) }

        /// Closes every container deeper than `depth`.
        @inline(__always)
        func close(above depth: Int) {
            while frames.count > depth {
                bytes.append(frames.removeLast().object ? 0x7d : 0x5d)
            }
        }

        func open(object: Bool) -> Int {
            bytes.append(object ? 0x7b : 0x5b)
            frames.append((object, 0))
            return frames.count
        }

        /// Writes the separator before a new member or element of the container at `depth`.
        @inline(__always)
        func next(in depth: Int) {
            close(above: depth)
            if frames[depth - 1].count > 0 { bytes.append(0x2c) }
            frames[depth - 1].count += 1
        }

        func write<T: Encodable>(_ value: T) throws {
            // Metatype comparisons, not dynamic casts: this runs for every value.
            if T.self == String.self {
                writeString(unsafeBitCast(value, to: String.self))
            } else if T.self == Int.self {
                writeInteger(unsafeBitCast(value, to: Int.self))
            } else if T.self == Bool.self {
                bytes += unsafeBitCast(value, to: Bool.self) ? [0x74, 0x72, 0x75, 0x65] : [0x66, 0x61, 0x6c, 0x73, 0x65]
            } else if T.self == Int32.self {
                writeInteger(Int(unsafeBitCast(value, to: Int32.self)))
            } else if T.self == Int64.self {
                writeInteger(Int(unsafeBitCast(value, to: Int64.self)))
            } else if T.self == Double.self {
                writeDouble(unsafeBitCast(value, to: Double.self))
            } else if T.self == Timestamp.self {
                writeTimestamp(unsafeBitCast(value, to: Timestamp.self))
            } else if frames.count <= 2, let dictionary = value as? ParallelEncodable, dictionary.count >= Writer.parallelFrom {
                try dictionary.encodeInParallel(into: self)
            } else {
                let depth = frames.count
                let start = bytes.count
                try value.encode(to: self)
                if frames.count == depth, bytes.count == start { bytes += [0x7b, 0x7d] }  // encoded nothing: {}
                close(above: depth)
            }
        }

        func writeString(_ s: String) {
            bytes.append(0x22)
            var s = s
            s.withUTF8 { utf8 in
                var plainFrom = 0
                for (i, b) in utf8.enumerated() where b < 0x20 || b == 0x22 || b == 0x5c {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plainFrom..<i]))
                    plainFrom = i + 1
                    switch b {
                    case 0x22: bytes += [0x5c, 0x22]
                    case 0x5c: bytes += [0x5c, 0x5c]
                    case 0x0a: bytes += [0x5c, 0x6e]
                    case 0x0d: bytes += [0x5c, 0x72]
                    case 0x09: bytes += [0x5c, 0x74]
                    default:
                        let hex: [UInt8] = Array("0123456789abcdef".utf8)
                        bytes += [0x5c, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xf)]]
                    }
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plainFrom...]))
            }
            bytes.append(0x22)
        }

        /// A timestamp as its RFC 3339 text in its own offset, as `Timestamp.description`
        /// writes it, without making a string.
        func writeTimestamp(_ t: Timestamp) {
            let local = t.seconds + Int64(t.offsetSeconds)
            let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
            let secondOfDay = Int(local - days * 86_400)
            let (y, m, d) = Timestamp.civilFromDays(Int(days))
            guard (0...9999).contains(y) else { writeString(t.description); return }
            @inline(__always) func two(_ n: Int) { bytes.append(0x30 + UInt8(n / 10)); bytes.append(0x30 + UInt8(n % 10)) }
            bytes.append(0x22)
            two(y / 100); two(y % 100); bytes.append(0x2d); two(m); bytes.append(0x2d); two(d)
            bytes.append(0x54)
            two(secondOfDay / 3600); bytes.append(0x3a); two(secondOfDay / 60 % 60); bytes.append(0x3a); two(secondOfDay % 60)
            if t.nanoseconds != 0 {
                var digits = 9
                var fraction = Int(t.nanoseconds)
                while digits > 3, fraction % 1000 == 0 { fraction /= 1000; digits -= 3 }
                bytes.append(0x2e)
                var place = 1
                for _ in 1..<digits { place *= 10 }
                while place > 0 { bytes.append(0x30 + UInt8(fraction / place % 10)); place /= 10 }
            }
            if t.offsetSeconds == 0 {
                bytes.append(0x5a)
            } else {
                let a = Int(abs(t.offsetSeconds))
                bytes.append(t.offsetSeconds < 0 ? 0x2d : 0x2b)
                two(a / 3600); bytes.append(0x3a); two(a / 60 % 60)
            }
            bytes.append(0x22)
        }

        /// Dictionaries with at least this many entries near the top of the document are
        /// encoded on all cores.
        static let parallelFrom = 4_096

        func writeInteger(_ n: Int) {
            if n < 0 {
                bytes.append(0x2d)
                if n == Int.min { bytes += Array("9223372036854775808".utf8); return }
                writeInteger(-n)
                return
            }
            if n < 10 { bytes.append(0x30 + UInt8(n)); return }
            var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                          UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            var count = 0
            var m = n
            withUnsafeMutableBytes(of: &digits) { d in
                while m > 0 { d[19 - count] = 0x30 + UInt8(m % 10); m /= 10; count += 1 }
                bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: d[(20 - count)...]))
            }
        }

        func writeDouble(_ d: Double) {
            if d.isFinite, d == d.rounded(), abs(d) < 9e15 { writeInteger(Int(d)); return }
            bytes += Array((d.isFinite ? "\(d)" : "null").utf8)
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            KeyedEncodingContainer(Keyed<Key>(writer: self, depth: open(object: true)))
        }

        func unkeyedContainer() -> UnkeyedEncodingContainer { Unkeyed(writer: self, depth: open(object: false)) }

        func singleValueContainer() -> SingleValueEncodingContainer { Single(writer: self) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let writer: Writer
        let depth: Int
        var codingPath: [CodingKey] { [] }

        func key(_ key: Key) {
            writer.next(in: depth)
            writer.writeString(key.stringValue)
            writer.bytes.append(0x3a)
        }

        mutating func encodeNil(forKey key: Key) throws { self.key(key); writer.bytes += [0x6e, 0x75, 0x6c, 0x6c] }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { self.key(key); try writer.write(value) }
        mutating func encode(_ value: String, forKey key: Key) throws { self.key(key); writer.writeString(value) }
        mutating func encode(_ value: Int, forKey key: Key) throws { self.key(key); writer.writeInteger(value) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { self.key(key); try writer.write(value) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                            forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            self.key(key)
            return writer.container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
            self.key(key)
            return writer.unkeyedContainer()
        }

        mutating func superEncoder() -> Encoder { key(Key(stringValue: "super")!); return writer }
        mutating func superEncoder(forKey key: Key) -> Encoder { self.key(key); return writer }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let writer: Writer
        let depth: Int
        var codingPath: [CodingKey] { [] }
        var count: Int { writer.frames.count >= depth ? writer.frames[depth - 1].count : 0 }

        mutating func encodeNil() throws { writer.next(in: depth); writer.bytes += [0x6e, 0x75, 0x6c, 0x6c] }
        mutating func encode<T: Encodable>(_ value: T) throws { writer.next(in: depth); try writer.write(value) }
        mutating func encode(_ value: String) throws { writer.next(in: depth); writer.writeString(value) }
        mutating func encode(_ value: Int) throws { writer.next(in: depth); writer.writeInteger(value) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            writer.next(in: depth)
            return writer.container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
            writer.next(in: depth)
            return writer.unkeyedContainer()
        }

        mutating func superEncoder() -> Encoder { writer.next(in: depth); return writer }
    }

    struct Single: SingleValueEncodingContainer {
        let writer: Writer
        var codingPath: [CodingKey] { [] }

        mutating func encodeNil() throws { writer.bytes += [0x6e, 0x75, 0x6c, 0x6c] }
        mutating func encode<T: Encodable>(_ value: T) throws { try writer.write(value) }
        mutating func encode(_ value: String) throws { writer.writeString(value) }
        mutating func encode(_ value: Int) throws { writer.writeInteger(value) }
        mutating func encode(_ value: Bool) throws { try writer.write(value) }
    }
}

/// A dictionary keyed by strings that the encoder may write in slices on several threads.
protocol ParallelEncodable {
    var count: Int { get }
    func encodeInParallel(into writer: SnapshotEncoder.Writer) throws
}

extension Dictionary: ParallelEncodable where Key == String, Value: Encodable {
    func encodeInParallel(into writer: SnapshotEncoder.Writer) throws {
        let entries = Array(self)
        let slices = Swift.max(1, Swift.min(16, ProcessInfo.processInfo.activeProcessorCount * 2))
        var parts = [[UInt8]](repeating: [], count: slices)
        var failure: Error?
        let lock = NSLock()
        parts.withUnsafeMutableBufferPointer { out in
            let out = out
            DispatchQueue.concurrentPerform(iterations: slices) { s in
                let part = SnapshotEncoder.Writer()
                let from = entries.count * s / slices, to = entries.count * (s + 1) / slices
                do {
                    for i in from..<to {
                        if i > from { part.bytes.append(0x2c) }
                        part.writeString(entries[i].key)
                        part.bytes.append(0x3a)
                        try part.write(entries[i].value)
                    }
                } catch {
                    lock.lock(); failure = error; lock.unlock()
                }
                out[s] = part.bytes
            }
        }
        if let failure { throw failure }
        writer.bytes.append(0x7b)
        var first = true
        for part in parts where !part.isEmpty {
            if !first { writer.bytes.append(0x2c) }
            writer.bytes += part
            first = false
        }
        writer.bytes.append(0x7d)
    }
}
