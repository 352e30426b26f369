import LedgerCore

extension SnapshotDecoder {
    // The decoder and its containers are plain values: a pointer to their segment (which
    // outlives the decoding of every value in it), positions and a depth. They fit the
    // three words an existential keeps inline, so that handing them out allocates nothing.

    /// The decoder handed to a value's `init(from:)`: the value at `at` in `segment`.
    struct Reader: Decoder {
        let segment: UnsafeMutablePointer<Segment>
        let at: Int32
        /// How deep the value lies (the root is at 0).
        let depth: Int32
        var codingPath: [CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            let (count, first, end) = try segment.pointee.container(Int(at), tag: SnapshotFormat.Tag.keyed,
                                                                    "a keyed container for \(Key.self)")
            return KeyedDecodingContainer(Keyed<Key>(segment: segment, first: Int32(first), end: Int32(end), count: Int32(count),
                                                     depth: depth))
        }

        func unkeyedContainer() throws -> UnkeyedDecodingContainer {
            let (count, first, _) = try segment.pointee.container(Int(at), tag: SnapshotFormat.Tag.unkeyed, "an unkeyed container")
            return Unkeyed(segment: segment, next: Int32(first), total: Int32(count), depth: depth)
        }

        func singleValueContainer() throws -> SingleValueDecodingContainer { Single(segment: segment, at: at, depth: depth) }
    }

    /// A keyed container. Where to look first for a member (after the last one found) is
    /// kept in the segment's cursor for the container's depth, tagged with the container.
    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let segment: UnsafeMutablePointer<Segment>
        /// Where the first member starts, the container's end, its number of members and depth.
        let first: Int32
        let end: Int32
        let count: Int32
        let depth: Int32
        var codingPath: [CodingKey] { [] }

        var allKeys: [Key] {
            // One generic call to make the array (an enum's container has one key): in code
            // not specialised for `Key`, each call on `[Key]` costs a metadata lookup.
            let s = segment.pointee
            var at = Int(first)
            var names: [Int] = []
            names.reserveCapacity(Int(count))
            while at < Int(end) {
                guard let name = try? s.name(&at), let next = try? s.skip(at) else { break }
                names.append(name)
                at = next
            }
            if names.count == 1 {
                guard let key = Key(stringValue: s.strings[names[0]]) else { return [] }
                return [key]
            }
            return Array(unsafeUninitializedCapacity: names.count) { keys, made in
                made = 0
                for name in names {
                    if let key = Key(stringValue: s.strings[name]) {
                        (keys.baseAddress! + made).initialize(to: key)
                        made += 1
                    }
                }
            }
        }

        /// Where the member after the last one found starts, if this container found it.
        @inline(__always)
        private var cursor: Int {
            guard depth < Segment.cursorDepths else { return Int(first) }
            let c = segment.pointee.cursors[Int(depth)]
            return c.container == Int(first) ? c.next : Int(first)
        }

        @inline(__always)
        private func found(_ value: Int, next: Int) -> Int {
            if depth < Segment.cursorDepths { segment.pointee.cursors[Int(depth)] = (Int(first), next) }
            return value
        }

        /// The position of the value of `key`, if present: at the cursor, else anywhere.
        @inline(__always)
        func find(_ key: Key) throws -> Int? {
            let s = segment.pointee
            var at = cursor
            if at < Int(end) {
                let name = try s.name(&at)
                if s.matches(name, key.stringValue) {
                    let next = try s.skip(at)
                    guard next <= Int(end) else { throw s.corrupt(at, "a member runs past its container") }
                    return found(at, next: next)
                }
            }
            return try search(key)
        }

        private func search(_ key: Key) throws -> Int? {
            let s = segment.pointee
            let wanted = key.stringValue
            var at = Int(first)
            while at < Int(end) {
                let name = try s.name(&at)
                let next = try s.skip(at)
                guard next <= Int(end) else { throw s.corrupt(at, "a member runs past its container") }
                if s.matches(name, wanted) { return found(at, next: next) }
                at = next
            }
            return nil
        }

        @inline(__always)
        func value(_ key: Key) throws -> Int {
            guard let at = try find(key) else {
                throw DecodingError.keyNotFound(key, DecodingError.Context(codingPath: [],
                                                                           debugDescription: "damaged snapshot: no member \(key.stringValue)"))
            }
            return at
        }

        func contains(_ key: Key) -> Bool {
            guard depth < Segment.cursorDepths else { return (try? find(key)) != nil }
            let saved = segment.pointee.cursors[Int(depth)]
            defer { segment.pointee.cursors[Int(depth)] = saved }
            return (try? find(key)) != nil
        }

        func decodeNil(forKey key: Key) throws -> Bool { segment.pointee.isNil(try value(key)) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try segment.pointee.string(at: try value(key)) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try segment.pointee.int(at: try value(key)) }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try segment.pointee.bool(at: try value(key)) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try segment.pointee.double(at: try value(key)) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try segment.pointee.integer(at: try value(key)) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try segment.pointee.integer(Int32.self, at: try value(key)) }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try segment.pointee.decode(T.self, at: try value(key), segment, depth: Int(depth) + 1)
        }

        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            guard let at = try find(key), !segment.pointee.isNil(at) else { return nil }
            return try segment.pointee.decode(T.self, at: at, segment, depth: Int(depth) + 1)
        }

        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
            guard let at = try find(key), !segment.pointee.isNil(at) else { return nil }
            return try segment.pointee.string(at: at)
        }

        func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
            guard let at = try find(key), !segment.pointee.isNil(at) else { return nil }
            return try segment.pointee.int(at: at)
        }

        func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
            guard let at = try find(key), !segment.pointee.isNil(at) else { return nil }
            return try segment.pointee.bool(at: at)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type,
                                                   forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try child(try value(key)).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
            try child(try value(key)).unkeyedContainer()
        }

        func superDecoder() throws -> Decoder { child(try value(Key(stringValue: "super")!)) }
        func superDecoder(forKey key: Key) throws -> Decoder { child(try value(key)) }

        private func child(_ at: Int) -> Reader { Reader(segment: segment, at: Int32(at), depth: depth + 1) }
    }

    /// An unkeyed container, in three words. Its elements are kept inside the segment (and
    /// the container inside its parent) by the checks of `skip`; the checksum keeps them
    /// inside the container.
    struct Unkeyed: UnkeyedDecodingContainer {
        let segment: UnsafeMutablePointer<Segment>
        /// Where the next element starts.
        private var next: Int32
        private let total: Int32
        private var taken: Int32 = 0
        /// The depth of the container (its elements lie one deeper).
        private let depth: Int32
        var codingPath: [CodingKey] { [] }

        init(segment: UnsafeMutablePointer<Segment>, next: Int32, total: Int32, depth: Int32) {
            self.segment = segment
            self.next = next
            self.total = total
            self.depth = depth
        }

        var count: Int? { Int(total) }
        var isAtEnd: Bool { taken >= total }
        var currentIndex: Int { Int(taken) }

        @inline(__always)
        private mutating func take() throws -> Int {
            guard taken < total else {
                throw DecodingError.valueNotFound(Any.self, DecodingError.Context(codingPath: [],
                                                  debugDescription: "damaged snapshot: the array has only \(total) elements"))
            }
            let at = Int(next)
            next = Int32(try segment.pointee.skip(at))
            taken += 1
            return at
        }

        private var elementDepth: Int { Int(depth) + 1 }

        mutating func decodeNil() throws -> Bool {
            guard taken < total else { return false }
            if segment.pointee.isNil(Int(next)) { _ = try take(); return true }
            return false
        }

        mutating func decode(_ type: String.Type) throws -> String { try segment.pointee.string(at: try take()) }
        mutating func decode(_ type: Int.Type) throws -> Int { try segment.pointee.int(at: try take()) }
        mutating func decode(_ type: Bool.Type) throws -> Bool { try segment.pointee.bool(at: try take()) }
        mutating func decode(_ type: Double.Type) throws -> Double { try segment.pointee.double(at: try take()) }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try segment.pointee.integer(at: try take()) }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let at = try take()
            return try segment.pointee.decode(T.self, at: at, segment, depth: elementDepth)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try Reader(segment: segment, at: Int32(try take()), depth: Int32(elementDepth)).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
            try Reader(segment: segment, at: Int32(try take()), depth: Int32(elementDepth)).unkeyedContainer()
        }

        mutating func superDecoder() throws -> Decoder { Reader(segment: segment, at: Int32(try take()), depth: Int32(elementDepth)) }
    }

    struct Single: SingleValueDecodingContainer {
        let segment: UnsafeMutablePointer<Segment>
        let at: Int32
        let depth: Int32
        var codingPath: [CodingKey] { [] }

        private var s: Segment { segment.pointee }
        private var position: Int { Int(at) }

        func decodeNil() -> Bool { s.isNil(position) }
        func decode(_ type: Bool.Type) throws -> Bool { try s.bool(at: position) }
        func decode(_ type: String.Type) throws -> String { try s.string(at: position) }
        func decode(_ type: Double.Type) throws -> Double { try s.double(at: position) }
        func decode(_ type: Float.Type) throws -> Float { Float(try s.double(at: position)) }
        func decode(_ type: Int.Type) throws -> Int { try s.int(at: position) }
        func decode(_ type: Int8.Type) throws -> Int8 { try s.integer(Int8.self, at: position) }
        func decode(_ type: Int16.Type) throws -> Int16 { try s.integer(Int16.self, at: position) }
        func decode(_ type: Int32.Type) throws -> Int32 { try s.integer(Int32.self, at: position) }
        func decode(_ type: Int64.Type) throws -> Int64 { try s.integer(at: position) }
        func decode(_ type: UInt.Type) throws -> UInt { try s.integer(UInt.self, at: position) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try s.integer(UInt8.self, at: position) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try s.integer(UInt16.self, at: position) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try s.integer(UInt32.self, at: position) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try s.unsigned(at: position) }
        // A single value holds its value at its own depth: it is the value, not a container of it.
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try s.decode(T.self, at: position, segment, depth: Int(depth)) }
    }
}
