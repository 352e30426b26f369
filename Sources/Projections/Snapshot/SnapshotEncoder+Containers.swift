extension SnapshotEncoder {
    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let writer: Writer
        let depth: Int
        var codingPath: [CodingKey] { [] }

        @inline(__always)
        func key(_ key: Key) {
            writer.next(in: depth)
            writer.writeName(key.stringValue)
        }

        mutating func encodeNil(forKey key: Key) throws { self.key(key); writer.writeNil() }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { self.key(key); try writer.write(value) }
        mutating func encode(_ value: String, forKey key: Key) throws { self.key(key); writer.writeString(value) }
        mutating func encode(_ value: Int, forKey key: Key) throws { self.key(key); writer.writeInteger(Int64(value)) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { self.key(key); writer.writeBool(value) }
        mutating func encode(_ value: Double, forKey key: Key) throws { self.key(key); writer.writeDouble(value) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { self.key(key); writer.writeInteger(value) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { self.key(key); writer.writeInteger(Int64(value)) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { self.key(key); writer.writeUnsigned(value) }

        // Absent optionals are written as nil, so that the decoder finds every member in turn.
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
            self.key(key)
            if let value { try writer.write(value) } else { writer.writeNil() }
        }
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
            self.key(key)
            if let value { writer.writeString(value) } else { writer.writeNil() }
        }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
            self.key(key)
            if let value { writer.writeInteger(Int64(value)) } else { writer.writeNil() }
        }
        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
            self.key(key)
            if let value { writer.writeBool(value) } else { writer.writeNil() }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                            forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            self.key(key)
            return KeyedEncodingContainer(Keyed<NestedKey>(writer: writer, depth: writer.open(keyed: true)))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
            self.key(key)
            return Unkeyed(writer: writer, depth: writer.open(keyed: false))
        }

        mutating func superEncoder() -> Encoder {
            self.key(Key(stringValue: "super")!)
            return SubEncoder(writer: writer, depth: depth)
        }

        mutating func superEncoder(forKey key: Key) -> Encoder {
            self.key(key)
            return SubEncoder(writer: writer, depth: depth)
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let writer: Writer
        let depth: Int
        var codingPath: [CodingKey] { [] }
        var count: Int { writer.depth >= depth ? writer.state.pointee.frames[depth - 1].count : 0 }

        mutating func encodeNil() throws { writer.next(in: depth); writer.writeNil() }
        mutating func encode<T: Encodable>(_ value: T) throws { writer.next(in: depth); try writer.write(value) }
        mutating func encode(_ value: String) throws { writer.next(in: depth); writer.writeString(value) }
        mutating func encode(_ value: Int) throws { writer.next(in: depth); writer.writeInteger(Int64(value)) }
        mutating func encode(_ value: Bool) throws { writer.next(in: depth); writer.writeBool(value) }
        mutating func encode(_ value: Double) throws { writer.next(in: depth); writer.writeDouble(value) }
        mutating func encode(_ value: Int64) throws { writer.next(in: depth); writer.writeInteger(value) }
        mutating func encode(_ value: UInt64) throws { writer.next(in: depth); writer.writeUnsigned(value) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            writer.next(in: depth)
            return KeyedEncodingContainer(Keyed<NestedKey>(writer: writer, depth: writer.open(keyed: true)))
        }

        mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
            writer.next(in: depth)
            return Unkeyed(writer: writer, depth: writer.open(keyed: false))
        }

        mutating func superEncoder() -> Encoder {
            writer.next(in: depth)
            return SubEncoder(writer: writer, depth: depth)
        }
    }

    struct Single: SingleValueEncodingContainer {
        let writer: Writer
        var codingPath: [CodingKey] { [] }

        mutating func encodeNil() throws { writer.writeNil() }
        mutating func encode<T: Encodable>(_ value: T) throws { try writer.write(value) }
        mutating func encode(_ value: String) throws { writer.writeString(value) }
        mutating func encode(_ value: Int) throws { writer.writeInteger(Int64(value)) }
        mutating func encode(_ value: Bool) throws { writer.writeBool(value) }
        mutating func encode(_ value: Double) throws { writer.writeDouble(value) }
        mutating func encode(_ value: Float) throws { writer.writeDouble(Double(value)) }
        mutating func encode(_ value: Int8) throws { writer.writeInteger(Int64(value)) }
        mutating func encode(_ value: Int16) throws { writer.writeInteger(Int64(value)) }
        mutating func encode(_ value: Int32) throws { writer.writeInteger(Int64(value)) }
        mutating func encode(_ value: Int64) throws { writer.writeInteger(value) }
        mutating func encode(_ value: UInt) throws { writer.writeUnsigned(UInt64(value)) }
        mutating func encode(_ value: UInt8) throws { writer.writeInteger(Int64(value)) }
        mutating func encode(_ value: UInt16) throws { writer.writeInteger(Int64(value)) }
        mutating func encode(_ value: UInt32) throws { writer.writeInteger(Int64(value)) }
        mutating func encode(_ value: UInt64) throws { writer.writeUnsigned(value) }
    }

    /// The encoder a super encoder hands out: the value it encodes is the member just keyed.
    struct SubEncoder: Encoder {
        let writer: Writer
        /// The depth of the container the member belongs to.
        let depth: Int
        var codingPath: [CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            KeyedEncodingContainer(Keyed<Key>(writer: writer, depth: writer.container(keyed: true, valueDepth: depth)))
        }

        func unkeyedContainer() -> UnkeyedEncodingContainer {
            Unkeyed(writer: writer, depth: writer.container(keyed: false, valueDepth: depth))
        }

        func singleValueContainer() -> SingleValueEncodingContainer { Single(writer: writer) }
    }
}
