import Dispatch
import Foundation
import LedgerCore

/// A fast `Encoder` for projection snapshots, writing the binary encoding `SnapshotFormat`
/// describes straight into a byte buffer.
///
/// It streams: a container writes its header when it is asked for and gets its length and
/// count when the value that asked for it has finished encoding (or when an enclosing
/// container writes again). Strings and member names are interned in the segment's table
/// (`SnapshotStringTable`). Members are written in the order they are encoded (for
/// synthesised conformances, declaration order), absent optionals included, which is the
/// order `SnapshotDecoder` reads them in. The large dictionaries near the top (cases,
/// reports ... by stream name) are cut in blocks encoded on all cores.
///
/// It is type-agnostic: anything `Encodable` is written by its own `encode(to:)`; only the
/// standard scalars and `Timestamp` (three small numbers instead of its text) are written
/// directly, and dictionaries keyed by strings and sets of named values in a fixed order
/// (`SnapshotOrdered`), so that equal projections encode to equal bytes whatever order
/// their dictionaries happen to hold their entries in.
public enum SnapshotEncoder {
    /// `value` as snapshot bytes.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let chunks = try encodeInChunks(value)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(chunks.reduce(0) { $0 + $1.count })
        for chunk in chunks { bytes += chunk }
        return bytes
    }

    /// `value` as snapshot bytes, in chunks to be written one after the other (the blocks of
    /// large dictionaries are not copied into one buffer).
    public static func encodeInChunks<T: Encodable>(_ value: T) throws -> [[UInt8]] {
        var blocks: [[UInt8]] = []
        var head = try encode(value, blocksTo: { blocks.append($0) })
        sealHead(&head) { piece in for block in blocks { block.withUnsafeBytes(piece) } }
        return [head] + blocks
    }

    /// `value` as snapshot bytes, streamed: the body's blocks are handed to `deliver` in
    /// order as they are made, then let go, so that only a few are in memory at a time;
    /// the head (magic, checksum, root), which comes before them in the body but is known
    /// last, is returned. Its checksum is left at zero: `sealHead(_:blocks:)` sets it once
    /// the blocks can be read again. `deliver` is called on one thread at a time; what it
    /// throws stops the encoding and is thrown.
    public static func encode<T: Encodable>(_ value: T, blocksTo deliver: ([UInt8]) throws -> Void) throws -> [UInt8] {
        try withoutActuallyEscaping(deliver) { deliver in
            let writer = Writer(blocks: BlockSink(deliver: deliver))
            defer { writer.free() }
            try writer.write(value)
            writer.close(above: 0)
            return writer.finishHead()
        }
    }

    /// Sets the checksum of a head from `encode(_:blocksTo:)`. It covers the head after
    /// itself, then the blocks, which `blocks` reads again in order, handing each piece of
    /// them (of any length) to the function it is given.
    public static func sealHead(_ head: inout [UInt8], blocks: ((UnsafeRawBufferPointer) -> Void) throws -> Void) rethrows {
        var checksum = SnapshotChecksum()
        head.withUnsafeBytes { checksum.update(UnsafeRawBufferPointer(rebasing: $0[SnapshotFormat.headerSize...])) }
        try blocks { checksum.update($0) }
        withUnsafeBytes(of: checksum.finalize().littleEndian) { value in head.replaceSubrange(checksumRange, with: value) }
    }

    /// Where a body's checksum lies in its head (set by `sealHead`).
    public static let checksumRange = SnapshotFormat.magic.count..<SnapshotFormat.headerSize

    /// The length of a body's head (magic, checksum, root): where its blocks begin. `nil`
    /// when the bytes do not start with a head of this version.
    public static func headLength(of body: UnsafeRawBufferPointer) -> Int? {
        guard let base = body.baseAddress, body.count > SnapshotFormat.headerSize,
              memcmp(base, SnapshotFormat.magic, SnapshotFormat.magic.count) == 0 else { return nil }
        var at = SnapshotFormat.headerSize
        guard let rootLength = try? SnapshotDecoder.varint(base, &at, body.count), rootLength <= UInt64(body.count - at) else {
            return nil
        }
        return at + Int(rootLength)
    }

    /// Where the blocks go: handed on in order as they are made.
    final class BlockSink {
        /// Hands on the next block.
        let deliver: ([UInt8]) throws -> Void
        /// The bytes of the blocks handed on so far.
        var length = 0

        init(deliver: @escaping ([UInt8]) throws -> Void) { self.deliver = deliver }

        /// Makes blocks `0 ..< parts` with `make` on all cores and hands them on in order.
        /// At most about two a core are made and not yet handed on at any time, so that a
        /// dictionary of any size holds only those in memory.
        ///
        /// - Returns: each block's length.
        func run(parts: Int, make: (Int) throws -> [UInt8]) throws -> [Int] {
            let workers = Swift.max(1, Swift.min(parts, ProcessInfo.processInfo.activeProcessorCount))
            let window = 2 * workers
            let condition = NSCondition()
            var made = [[UInt8]?](repeating: nil, count: parts)
            var lengths = [Int](repeating: 0, count: parts)
            var claimed = 0, handed = 0, handing = false
            var failure: Error?
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                condition.lock()
                defer { condition.unlock() }
                while true {
                    while failure == nil, claimed < parts, claimed >= handed + window { condition.wait() }
                    guard failure == nil, claimed < parts else { return }
                    let part = claimed
                    claimed += 1
                    condition.unlock()
                    let block = Result { try make(part) }
                    condition.lock()
                    switch block {
                    case .failure(let error):
                        failure = failure ?? error
                        condition.broadcast()
                        continue
                    case .success(let bytes):
                        made[part] = bytes
                    }
                    // The thread that finds the next block in order ready hands it, and any
                    // ready after it, on; the others go on making blocks meanwhile.
                    guard !handing else { continue }
                    handing = true
                    while failure == nil, handed < parts, let bytes = made[handed] {
                        made[handed] = nil
                        condition.unlock()
                        let outcome = Result { try deliver(bytes) }
                        condition.lock()
                        if case .failure(let error) = outcome {
                            failure = failure ?? error
                        } else {
                            lengths[handed] = bytes.count
                            length += bytes.count
                            handed += 1
                        }
                        condition.broadcast()
                    }
                    handing = false
                }
            }
            if let failure { throw failure }
            return lengths
        }
    }

    /// One open container: where its header is, whether it is keyed, and its count so far.
    struct Frame {
        var header: Int
        var count: Int
        var keyed: Bool
    }

    /// The tags of keyed containers by key type, for all writers (a type's name is looked at once).
    final class KeyTags: @unchecked Sendable {
        static let shared = KeyTags()
        private let lock = NSLock()
        private var tags: [UInt: UInt8] = [:]

        func tag<Key: CodingKey>(_ type: Key.Type, _ id: UInt) -> UInt8 {
            lock.lock()
            defer { lock.unlock() }
            if let tag = tags[id] { return tag }
            let tag = String(reflecting: type) == "Swift._DictionaryCodingKey" ? SnapshotFormat.Tag.dictionary : SnapshotFormat.Tag.keyed
            tags[id] = tag
            return tag
        }
    }

    /// The writer's mutable state, kept behind a pointer: reached through a class, every
    /// access would otherwise be checked for exclusivity at run time.
    struct State {
        var bytes = SnapshotBuffer<UInt8>()
        var frames = SnapshotBuffer<Frame>()
        var strings = SnapshotStringTable()
        /// The depth of the value being encoded: its container opens just below.
        var valueDepth = 0
        /// The tags of keyed containers by their key type (its metatype's address), as found
        /// last in each of 256 slots.
        var keyTypes = SnapshotBuffer<UInt>(repeating: 0, count: 256)
        var keyTags = SnapshotBuffer<UInt8>(repeating: 0, count: 256)
        /// Whether values of a type are written in order (`SnapshotOrdered`), by the type
        /// (its metatype's address) as found last in each of 256 slots: 1 yes, 2 no.
        var orderTypes = SnapshotBuffer<UInt>(repeating: 0, count: 256)
        var orderFlags = SnapshotBuffer<UInt8>(repeating: 0, count: 256)
        /// Where the blocks go (the root segment only; a block's dictionaries are written inline).
        var blocks: BlockSink?
        /// Whether the most numerous states are written directly (`writeDirectly`), not
        /// through `Codable`: always, but for the tests that compare the two.
        var writesStatesDirectly = SnapshotEncoder.writesStatesDirectly
    }

    /// Whether writers made from now on write the most numerous states directly; the tests
    /// turn it off to compare with the bytes `Codable` gives.
    nonisolated(unsafe) static var writesStatesDirectly = true

    /// The encoder: a pointer to its state, so that handing it out (to every value's
    /// `encode(to:)`, in every container) counts no references. Made by `init`, freed by `free()`.
    struct Writer: Encoder {
        let state: UnsafeMutablePointer<State>

        var codingPath: [CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        init(blocks: BlockSink?) {
            state = .allocate(capacity: 1)
            state.initialize(to: State())
            state.pointee.blocks = blocks
        }

        func free() {
            state.pointee.bytes.free()
            state.pointee.frames.free()
            state.pointee.keyTypes.free()
            state.pointee.keyTags.free()
            state.pointee.orderTypes.free()
            state.pointee.orderFlags.free()
            state.deinitialize(count: 1)
            state.deallocate()
        }

        var blocks: BlockSink? { state.pointee.blocks }

        var depth: Int { state.pointee.frames.count }

        // MARK: Containers

        /// Opens a container: its tag, and one byte each for its length and count, widened on closing if need be.
        func open(keyed: Bool, tag: UInt8? = nil) -> Int {
            state.pointee.frames.append(Frame(header: state.pointee.bytes.count, count: 0, keyed: keyed))
            state.pointee.bytes.append(tag ?? (keyed ? SnapshotFormat.Tag.keyed : SnapshotFormat.Tag.unkeyed), 0, 0)
            return state.pointee.frames.count
        }

        /// The tag of a keyed container with keys of `type`: a dictionary's keys (the standard
        /// library's `_DictionaryCodingKey`) mark it as a dictionary, which the decoder reads
        /// without a container. Only a hint: under another name, dictionaries are plain keyed
        /// containers, read as such.
        func keyedTag<Key: CodingKey>(_ type: Key.Type) -> UInt8 {
            let id = UInt(bitPattern: ObjectIdentifier(type))
            let slot = Int(truncatingIfNeeded: (UInt64(id) &* 0x9E37_79B9_7F4A_7C15) >> 56)
            if state.pointee.keyTypes[slot] == id { return state.pointee.keyTags[slot] }
            let tag = KeyTags.shared.tag(type, id)
            state.pointee.keyTypes[slot] = id
            state.pointee.keyTags[slot] = tag
            return tag
        }

        /// Closes every container deeper than `depth`, writing its length and count.
        @inline(__always)
        func close(above depth: Int) {
            while state.pointee.frames.count > depth { closeLast() }
        }

        private func closeLast() {
            let frame = state.pointee.frames.removeLast()
            let contentStart = frame.header + 3
            let content = state.pointee.bytes.count - contentStart
            let count = UInt64(frame.count)
            if content < 0x7F, count < 0x80 {
                state.pointee.bytes[frame.header + 1] = UInt8(content + 1)
                state.pointee.bytes[frame.header + 2] = UInt8(count)
                return
            }
            let countSize = SnapshotFormat.varintSize(count)
            let length = UInt64(content + countSize)
            let headerSize = SnapshotFormat.varintSize(length) + countSize
            state.pointee.bytes.widen(at: frame.header + 1, from: 2, to: headerSize)
            var at = frame.header + 1
            state.pointee.bytes.putVarint(length, at: &at)
            state.pointee.bytes.putVarint(count, at: &at)
        }

        /// Closes what the last member or element left open in the container at `depth`, and counts a new one.
        @inline(__always)
        func next(in depth: Int) {
            if state.pointee.frames.count > depth { close(above: depth) }
            state.pointee.frames[depth - 1].count += 1
        }

        /// The container for the value at `depth`: the one it already opened, if it asks twice.
        func container(keyed: Bool, tag: UInt8? = nil, valueDepth depth: Int) -> Int {
            close(above: depth + 1)
            if state.pointee.frames.count == depth + 1, state.pointee.frames[depth].keyed == keyed { return depth + 1 }
            return open(keyed: keyed, tag: tag)
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            KeyedEncodingContainer(Keyed<Key>(writer: self, depth: container(keyed: true, tag: keyedTag(type),
                                                                             valueDepth: state.pointee.valueDepth)))
        }

        func unkeyedContainer() -> UnkeyedEncodingContainer {
            Unkeyed(writer: self, depth: container(keyed: false, valueDepth: state.pointee.valueDepth))
        }

        func singleValueContainer() -> SingleValueEncodingContainer { Single(writer: self) }

        // MARK: Values

        func write<T: Encodable>(_ value: T) throws {
            // Metatype comparisons, not dynamic casts: this runs for every value.
            if T.self == String.self {
                writeString(unsafeBitCast(value, to: String.self))
            } else if T.self == Int.self {
                writeInteger(Int64(unsafeBitCast(value, to: Int.self)))
            } else if T.self == Bool.self {
                writeBool(unsafeBitCast(value, to: Bool.self))
            } else if T.self == Timestamp.self {
                writeTimestamp(unsafeBitCast(value, to: Timestamp.self))
            } else if T.self == Double.self {
                writeDouble(unsafeBitCast(value, to: Double.self))
            } else if T.self == Int64.self {
                writeInteger(unsafeBitCast(value, to: Int64.self))
            } else if T.self == Int32.self {
                writeInteger(Int64(unsafeBitCast(value, to: Int32.self)))
            } else if let blocks, depth <= 2, let dictionary = value as? BlockEncodable,
                      dictionary.count >= Writer.blocksFrom {
                try dictionary.encodeInBlocks(into: self, blocks)
            } else {
                let depth = self.depth
                let saved = state.pointee.valueDepth
                state.pointee.valueDepth = depth
                let start = state.pointee.bytes.count
                if isOrdered(T.self), let ordered = value as? SnapshotOrdered {
                    try ordered.encodeInOrder(into: self, valueDepth: depth)
                } else if try !writeDirectly(value) {
                    try value.encode(to: self)
                }
                state.pointee.valueDepth = saved
                close(above: depth)
                if state.pointee.bytes.count == start {
                    state.pointee.bytes.append(SnapshotFormat.Tag.keyed, 1, 0)  // encoded nothing: an empty container
                }
            }
        }

        /// Whether `type` is written in order (a dictionary keyed by strings, a set of named
        /// values): looked up once per type, not cast at every value.
        @inline(__always)
        func isOrdered<T>(_ type: T.Type) -> Bool {
            let id = UInt(bitPattern: ObjectIdentifier(type))
            let slot = Int(truncatingIfNeeded: (UInt64(id) &* 0x9E37_79B9_7F4A_7C15) >> 56)
            if state.pointee.orderTypes[slot] == id { return state.pointee.orderFlags[slot] == 1 }
            let ordered = type is SnapshotOrdered.Type
            state.pointee.orderTypes[slot] = id
            state.pointee.orderFlags[slot] = ordered ? 1 : 2
            return ordered
        }

        /// Dictionaries keyed by strings with at least this many entries near the top of the
        /// value are encoded in blocks, on all cores.
        static let blocksFrom = 4_096

        @inline(__always)
        func writeString(_ s: String) {
            let index = state.pointee.strings.index(of: s)
            state.pointee.bytes.append(SnapshotFormat.Tag.string)
            state.pointee.bytes.appendVarint(UInt64(index))
        }

        /// A member's name: its index in the string table.
        @inline(__always)
        func writeName(_ s: String) {
            let index = state.pointee.strings.index(of: s)
            state.pointee.bytes.appendVarint(UInt64(index))
        }

        @inline(__always)
        func writeInteger(_ n: Int64) {
            if n >= 0, n < 0x80 {
                state.pointee.bytes.append(SnapshotFormat.Tag.smallInteger | UInt8(n))
            } else {
                state.pointee.bytes.append(SnapshotFormat.Tag.integer)
                state.pointee.bytes.appendVarint(SnapshotFormat.zigzag(n))
            }
        }

        func writeUnsigned(_ n: UInt64) {
            if n <= UInt64(Int64.max) {
                writeInteger(Int64(n))
            } else {
                state.pointee.bytes.append(SnapshotFormat.Tag.unsigned)
                state.pointee.bytes.appendVarint(n)
            }
        }

        @inline(__always)
        func writeBool(_ b: Bool) { state.pointee.bytes.append(b ? SnapshotFormat.Tag.true : SnapshotFormat.Tag.false) }

        func writeDouble(_ d: Double) {
            state.pointee.bytes.append(SnapshotFormat.Tag.double)
            withUnsafeBytes(of: d.bitPattern.littleEndian) { for b in $0 { state.pointee.bytes.append(b) } }
        }

        func writeTimestamp(_ t: Timestamp) {
            if let short = SnapshotFormat.shortTimestamp(t) {
                state.pointee.bytes.append(SnapshotFormat.Tag.shortTimestamp)
                state.pointee.bytes.appendVarint(short)
                return
            }
            state.pointee.bytes.append(SnapshotFormat.Tag.timestamp)
            state.pointee.bytes.appendVarint(SnapshotFormat.zigzag(t.seconds))
            state.pointee.bytes.appendVarint(SnapshotFormat.zigzag(Int64(t.nanoseconds)))
            state.pointee.bytes.appendVarint(SnapshotFormat.zigzag(Int64(t.offsetSeconds)))
        }

        @inline(__always)
        func writeNil() { state.pointee.bytes.append(SnapshotFormat.Tag.null) }

        // MARK: Segments

        /// The segment: `prefix`, its string table, then its values.
        func segment(prefix: [UInt8] = []) -> [UInt8] {
            let strings = state.pointee.strings
            var out = prefix
            out.reserveCapacity(prefix.count + 5 + strings.bytes.count + state.pointee.bytes.count)
            SnapshotFormat.appendVarint(UInt64(strings.count), to: &out)
            out += strings.bytes
            state.pointee.bytes.withBytes { out.append(contentsOf: $0) }
            return out
        }

        /// The body's head: the magic, a checksum of zero (`sealHead`), the root segment.
        func finishHead() -> [UInt8] {
            let root = segment()
            var head = SnapshotFormat.magic + [UInt8](repeating: 0, count: 8)
            head.reserveCapacity(head.count + 5 + root.count)
            SnapshotFormat.appendVarint(UInt64(root.count), to: &head)
            head += root
            return head
        }
    }
}
