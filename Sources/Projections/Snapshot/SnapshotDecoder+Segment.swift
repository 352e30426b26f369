import LedgerCore

extension SnapshotDecoder {
    /// One segment of a body: its bytes and its strings, read by the containers through a
    /// pointer (plain values only, so that passing it around counts no references). Every
    /// read is checked against `end`.
    struct Segment {
        let base: UnsafeRawPointer
        /// Just after the segment's last byte.
        let end: Int
        /// Where its values begin (after the string table).
        let valuesStart: Int
        /// The body's blocks (the root segment only): where the large dictionaries' blocks lie.
        let blocks: Range<Int>?
        /// What lets go of a block's bytes once decoded (the root segment only, when asked for).
        let releaser: Unmanaged<SnapshotDecoder.Releaser>?
        /// The segment's strings, by index, each made once; and the two words of each, to
        /// recognise a member name by identity before comparing characters.
        let strings: UnsafeMutablePointer<String>
        let words: UnsafeMutablePointer<(UInt64, UInt64)>
        let stringCount: Int
        /// For each depth, the keyed container last read there (its first member) and where
        /// its next member starts: where a container looks first for the member asked for.
        let cursors: UnsafeMutablePointer<(container: Int, next: Int)>
        static let cursorDepths = 64

        /// Reads the string table of the segment `from ..< to`; `free` it when done.
        static func make(base: UnsafeRawPointer, from start: Int, to end: Int, blocks: Range<Int>?,
                         releaser: Unmanaged<SnapshotDecoder.Releaser>? = nil) throws -> UnsafeMutablePointer<Segment> {
            var at = start
            let count = try SnapshotDecoder.varint(base, &at, end)
            guard count <= UInt64(end - at) else { throw corrupted("byte \(start): \(count) strings cannot fit") }
            let strings = UnsafeMutablePointer<String>.allocate(capacity: Swift.max(Int(count), 1))
            let words = UnsafeMutablePointer<(UInt64, UInt64)>.allocate(capacity: Swift.max(Int(count), 1))
            var made = 0
            do {
                while made < Int(count) {
                    let length = try SnapshotDecoder.varint(base, &at, end)
                    guard length <= UInt64(end - at) else { throw corrupted("byte \(at): a string runs past the end") }
                    let string = String(decoding: UnsafeRawBufferPointer(start: base + at, count: Int(length)), as: UTF8.self)
                    words[made] = unsafeBitCast(string, to: (UInt64, UInt64).self)
                    (strings + made).initialize(to: string)
                    made += 1
                    at += Int(length)
                }
            } catch {
                strings.deinitialize(count: made)
                strings.deallocate()
                words.deallocate()
                throw error
            }
            let cursors = UnsafeMutablePointer<(container: Int, next: Int)>.allocate(capacity: cursorDepths)
            cursors.initialize(repeating: (-1, 0), count: cursorDepths)
            let segment = UnsafeMutablePointer<Segment>.allocate(capacity: 1)
            segment.initialize(to: Segment(base: base, end: end, valuesStart: at, blocks: blocks, releaser: releaser, strings: strings, words: words,
                                           stringCount: made, cursors: cursors))
            return segment
        }

        static func free(_ segment: UnsafeMutablePointer<Segment>) {
            let s = segment.pointee
            s.strings.deinitialize(count: s.stringCount)
            s.strings.deallocate()
            s.words.deallocate()
            s.cursors.deallocate()
            segment.deallocate()
        }

        func corrupt(_ at: Int, _ message: String) -> DecodingError { corrupted("byte \(at): \(message)") }

        @inline(__always)
        func byte(_ at: Int) throws -> UInt8 {
            guard at < end else { throw corrupt(at, "the segment ends early") }
            return base.load(fromByteOffset: at, as: UInt8.self)
        }

        @inline(__always)
        func varint(_ at: inout Int) throws -> UInt64 { try SnapshotDecoder.varint(base, &at, end) }

        /// A varint that counts or measures something in the segment: at most the bytes left.
        @inline(__always)
        func size(_ at: inout Int) throws -> Int {
            let n = try varint(&at)
            guard n <= UInt64(end - at) else { throw corrupt(at, "a length or count of \(n) runs past the end") }
            return Int(n)
        }

        /// The index of the string named by the varint at `at`.
        @inline(__always)
        func name(_ at: inout Int) throws -> Int {
            let index = try varint(&at)
            guard index < UInt64(stringCount) else { throw corrupt(at, "string \(index) of \(stringCount)") }
            return Int(index)
        }

        /// Whether the string `name` is `key`: the same two words (the same characters of a
        /// short string, or the same storage), else the same characters.
        @inline(__always)
        func matches(_ name: Int, _ key: String) -> Bool {
            words[name] == unsafeBitCast(key, to: (UInt64, UInt64).self) || strings[name] == key
        }

        /// The index just after the value at `at`.
        @inline(__always)
        func skip(_ at: Int) throws -> Int {
            let tag = try byte(at)
            if tag >= SnapshotFormat.Tag.smallInteger || tag <= SnapshotFormat.Tag.true { return at + 1 }
            return try skipLonger(at, tag)
        }

        private func skipLonger(_ at: Int, _ tag: UInt8) throws -> Int {
            var p = at + 1
            switch tag {
            case SnapshotFormat.Tag.integer, SnapshotFormat.Tag.unsigned, SnapshotFormat.Tag.string, SnapshotFormat.Tag.shortTimestamp:
                _ = try varint(&p)
                return p
            case SnapshotFormat.Tag.double:
                guard p + 8 <= end else { throw corrupt(at, "a number runs past the end") }
                return p + 8
            case SnapshotFormat.Tag.timestamp:
                _ = try varint(&p)
                _ = try varint(&p)
                _ = try varint(&p)
                return p
            case SnapshotFormat.Tag.keyed, SnapshotFormat.Tag.unkeyed, SnapshotFormat.Tag.dictionary:
                let length = try size(&p)
                return p + length
            case SnapshotFormat.Tag.blocks:
                _ = try varint(&p)
                let parts = try size(&p)
                _ = try varint(&p)
                for _ in 0..<parts { _ = try varint(&p) }
                return p
            default:
                throw corrupt(at, "no value has the tag \(tag)")
            }
        }

        /// A container's members or elements: how many, where the first is, and the end.
        @inline(__always)
        func container(_ at: Int, tag: UInt8, _ what: @autoclosure () -> String) throws -> (count: Int, first: Int, end: Int) {
            let found = try byte(at)
            guard found == tag || found == SnapshotFormat.Tag.dictionary && tag == SnapshotFormat.Tag.keyed else {
                throw corrupt(at, "expected \(what()), found \(describe(at))")
            }
            var p = at + 1
            let length = try size(&p)
            let end = p + length
            let count = try size(&p)
            guard count <= end - p else { throw corrupt(at, "\(count) values cannot fit in \(end - p) bytes") }
            return (count, p, end)
        }

        /// What the value at `at` is, for messages.
        func describe(_ at: Int) -> String {
            switch (try? byte(at)) ?? 0xFF {
            case SnapshotFormat.Tag.smallInteger..., SnapshotFormat.Tag.integer, SnapshotFormat.Tag.unsigned: return "a number"
            case SnapshotFormat.Tag.null: return "nil"
            case SnapshotFormat.Tag.false, SnapshotFormat.Tag.true: return "a boolean"
            case SnapshotFormat.Tag.string: return "a string"
            case SnapshotFormat.Tag.double: return "a floating-point number"
            case SnapshotFormat.Tag.timestamp, SnapshotFormat.Tag.shortTimestamp: return "a timestamp"
            case SnapshotFormat.Tag.keyed, SnapshotFormat.Tag.dictionary: return "a keyed container"
            case SnapshotFormat.Tag.unkeyed: return "an unkeyed container"
            case SnapshotFormat.Tag.blocks: return "a dictionary in blocks"
            default: return "no value"
            }
        }

        // MARK: Scalars

        @inline(__always)
        func isNil(_ at: Int) -> Bool { at < end && base.load(fromByteOffset: at, as: UInt8.self) == SnapshotFormat.Tag.null }

        @inline(__always)
        func string(at: Int) throws -> String {
            guard try byte(at) == SnapshotFormat.Tag.string else { throw corrupt(at, "expected a string, found \(describe(at))") }
            var p = at + 1
            return strings[try name(&p)]
        }

        @inline(__always)
        func integer(at: Int) throws -> Int64 {
            let tag = try byte(at)
            if tag >= SnapshotFormat.Tag.smallInteger { return Int64(tag - SnapshotFormat.Tag.smallInteger) }
            var p = at + 1
            switch tag {
            case SnapshotFormat.Tag.integer: return SnapshotFormat.unzigzag(try varint(&p))
            case SnapshotFormat.Tag.unsigned: throw corrupt(at, "\(try varint(&p)) is too large")
            default: throw corrupt(at, "expected an integer, found \(describe(at))")
            }
        }

        func unsigned(at: Int) throws -> UInt64 {
            if try byte(at) == SnapshotFormat.Tag.unsigned {
                var p = at + 1
                return try varint(&p)
            }
            let n = try integer(at: at)
            guard n >= 0 else { throw corrupt(at, "expected an unsigned integer, found \(n)") }
            return UInt64(n)
        }

        func integer<N: FixedWidthInteger>(_ type: N.Type, at: Int) throws -> N {
            if N.isSigned {
                let n = try integer(at: at)
                guard let value = N(exactly: n) else { throw corrupt(at, "\(n) does not fit \(N.self)") }
                return value
            }
            let n = try unsigned(at: at)
            guard let value = N(exactly: n) else { throw corrupt(at, "\(n) does not fit \(N.self)") }
            return value
        }

        @inline(__always)
        func int(at: Int) throws -> Int { Int(try integer(at: at)) }

        @inline(__always)
        func bool(at: Int) throws -> Bool {
            switch try byte(at) {
            case SnapshotFormat.Tag.true: return true
            case SnapshotFormat.Tag.false: return false
            default: throw corrupt(at, "expected a boolean, found \(describe(at))")
            }
        }

        func double(at: Int) throws -> Double {
            switch try byte(at) {
            case SnapshotFormat.Tag.double:
                guard at + 9 <= end else { throw corrupt(at, "a number runs past the end") }
                return Double(bitPattern: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: at + 1, as: UInt64.self)))
            case SnapshotFormat.Tag.unsigned: return Double(try unsigned(at: at))
            default: return Double(try integer(at: at))
            }
        }

        @inline(__always)
        func timestamp(at: Int) throws -> Timestamp {
            var p = at + 1
            let tag = try byte(at)
            if tag == SnapshotFormat.Tag.shortTimestamp { return SnapshotFormat.timestamp(short: try varint(&p)) }
            guard tag == SnapshotFormat.Tag.timestamp else { throw corrupt(at, "expected a timestamp, found \(describe(at))") }
            let seconds = SnapshotFormat.unzigzag(try varint(&p))
            let nanoseconds = SnapshotFormat.unzigzag(try varint(&p))
            let offset = SnapshotFormat.unzigzag(try varint(&p))
            guard (0..<1_000_000_000).contains(nanoseconds), (-86_400...86_400).contains(offset) else {
                throw corrupt(at, "a timestamp with \(nanoseconds) ns and an offset of \(offset) s")
            }
            return Timestamp(seconds: seconds, nanoseconds: Int32(nanoseconds), offsetSeconds: Int32(offset))
        }

        // MARK: Any value

        /// Decodes the value at `at` (in `this`, the pointer to this segment, at `depth`):
        /// scalars directly, the rest by their own `init(from:)`.
        @inline(__always)
        func decode<T: Decodable>(_ type: T.Type, at: Int, _ this: UnsafeMutablePointer<Segment>, depth: Int) throws -> T {
            // Metatype comparisons, not dynamic casts: this runs for every value.
            if T.self == String.self { return unsafeBitCast(try string(at: at), to: T.self) }
            if T.self == Int.self { return unsafeBitCast(try int(at: at), to: T.self) }
            if T.self == Bool.self { return unsafeBitCast(try bool(at: at), to: T.self) }
            if T.self == Timestamp.self { return unsafeBitCast(try timestamp(at: at), to: T.self) }
            if T.self == Double.self { return unsafeBitCast(try double(at: at), to: T.self) }
            if T.self == Int64.self { return unsafeBitCast(try integer(at: at), to: T.self) }
            if T.self == Int32.self { return unsafeBitCast(try integer(Int32.self, at: at), to: T.self) }
            let tag = try byte(at)
            if tag == SnapshotFormat.Tag.dictionary, let dictionary = T.self as? BlockDecodable.Type {
                return try dictionary.decodeDictionary(this, at: at, depth: depth) as! T
            }
            if tag == SnapshotFormat.Tag.blocks { return try decodeBlocks(T.self, at: at) }
            return try T(from: Reader(segment: this, at: Int32(at), depth: Int32(depth)))
        }

        func decodeBlocks<T: Decodable>(_ type: T.Type, at: Int) throws -> T {
            guard let blocks else { throw corrupt(at, "a dictionary in blocks inside a block") }
            guard let dictionary = T.self as? BlockDecodable.Type else {
                throw corrupt(at, "a dictionary in blocks where \(T.self) is expected")
            }
            return try dictionary.decodeBlocks(self, at: at, blocks: blocks) as! T
        }
    }
}
