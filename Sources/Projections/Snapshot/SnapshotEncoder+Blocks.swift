import Dispatch
import Foundation
import IPProtection

/// A dictionary keyed by strings that the encoder may write in blocks, on several threads.
protocol BlockEncodable {
    var count: Int { get }
    func encodeInBlocks(into writer: SnapshotEncoder.Writer, _ sink: SnapshotEncoder.BlockSink) throws
}

extension Dictionary: BlockEncodable where Key == String, Value: Encodable {
    func encodeInBlocks(into writer: SnapshotEncoder.Writer, _ sink: SnapshotEncoder.BlockSink) throws {
        let order = SnapshotOrder.sortedIndices(self)
        try SnapshotEncoder.encodeInBlocks(count: count, into: writer, sink) { self[order[$0]] }
    }
}

extension StreamTable: BlockEncodable where State: Encodable {
    func encodeInBlocks(into writer: SnapshotEncoder.Writer, _ sink: SnapshotEncoder.BlockSink) throws {
        let entries = self.entries
        let order = SnapshotOrder.sortedIndices(entries)
        try SnapshotEncoder.encodeInBlocks(count: count, into: writer, sink) {
            let (key, value) = entries[order[$0]]
            return (key.name, value)
        }
    }
}

extension SnapshotEncoder {
    /// Cuts `count` entries, `entry(i)` the `i`th in the order of their keys' bytes, in
    /// blocks of about `entriesPerBlock`, encodes each in its own segment on all cores,
    /// hands them on to `sink` in order, and writes the value that finds them: a
    /// dictionary keyed by strings, written in blocks.
    static func encodeInBlocks<Value: Encodable>(count: Int, into writer: Writer, _ sink: BlockSink,
                                                 entry: (Int) -> (key: String, value: Value)) throws {
        let parts = Swift.max(1, Swift.min(maxBlocks, count / entriesPerBlock))
        var starts: [Int] = []
        starts.reserveCapacity(parts + 1)
        for part in 0..<parts { starts.append(count * part / parts) }
        starts.append(count)
        let offset = sink.length
        let lengths = try sink.run(parts: parts) { part in
            let block = Writer(blocks: nil)
            defer { block.free() }
            var entries = 0
            for at in starts[part]..<starts[part + 1] {
                let (key, value) = entry(at)
                block.writeName(key)
                try block.write(value)
                entries += 1
            }
            var prefix: [UInt8] = []
            SnapshotFormat.appendVarint(UInt64(entries), to: &prefix)
            return block.segment(prefix: prefix)
        }
        writer.state.pointee.bytes.append(SnapshotFormat.Tag.blocks)
        writer.state.pointee.bytes.appendVarint(UInt64(count))
        writer.state.pointee.bytes.appendVarint(UInt64(parts))
        writer.state.pointee.bytes.appendVarint(UInt64(offset))
        for length in lengths { writer.state.pointee.bytes.appendVarint(UInt64(length)) }
    }
}

extension SnapshotEncoder {
    /// About how many entries of a large dictionary go in one block.
    static let entriesPerBlock = 2_048
    /// The most blocks one dictionary is cut in: enough that blocks stay of about
    /// `entriesPerBlock` entries up to 100 million, so that the few blocks a streamed
    /// encoding holds at a time take memory that does not grow with the log.
    static let maxBlocks = 1 << 16
}

/// A value the snapshot encoder writes in a fixed order instead of by its own
/// `encode(to:)`, which follows the order its storage happens to hold (hashing is seeded
/// per process): equal values then encode to equal bytes, and a snapshot can be compared
/// with another by its bytes.
protocol SnapshotOrdered {
    /// Writes the value as its own `encode(to:)` would, in order: the container at `valueDepth` + 1.
    func encodeInOrder(into writer: SnapshotEncoder.Writer, valueDepth: Int) throws
}

extension Dictionary: SnapshotOrdered where Key == String, Value: Encodable {
    /// A keyed container of the dictionary kind (as `encode(to:)` makes), entries in the order of their keys' bytes.
    func encodeInOrder(into writer: SnapshotEncoder.Writer, valueDepth: Int) throws {
        let depth = writer.container(keyed: true, tag: SnapshotFormat.Tag.dictionary, valueDepth: valueDepth)
        if count < 2 {
            // Most of the states' dictionaries hold nothing or one entry: nothing to sort.
            for (key, value) in self {
                writer.next(in: depth)
                writer.writeName(key)
                try writer.write(value)
            }
            return
        }
        for i in SnapshotOrder.sortedIndices(self) {
            let (key, value) = self[i]
            writer.next(in: depth)
            writer.writeName(key)
            try writer.write(value)
        }
    }
}

extension StreamTable: SnapshotOrdered where State: Encodable {
    /// As the dictionary by name it stands for.
    func encodeInOrder(into writer: SnapshotEncoder.Writer, valueDepth: Int) throws {
        let entries = self.entries
        let depth = writer.container(keyed: true, tag: SnapshotFormat.Tag.dictionary, valueDepth: valueDepth)
        for i in SnapshotOrder.sortedIndices(entries) {
            let (key, value) = entries[i]
            writer.next(in: depth)
            writer.writeName(key.name)
            try writer.write(value)
        }
    }
}

extension CaseState.EvidenceList: SnapshotOrdered {
    /// As the dictionary by id it replaces: a keyed container of the dictionary kind, ids in the order of their bytes.
    func encodeInOrder(into writer: SnapshotEncoder.Writer, valueDepth: Int) throws {
        let depth = writer.container(keyed: true, tag: SnapshotFormat.Tag.dictionary, valueDepth: valueDepth)
        let pieces = count < 2 ? all : all.sorted { SnapshotOrder.precedes($0.id, $1.id) }
        for evidence in pieces {
            writer.next(in: depth)
            writer.writeName(evidence.id)
            try writer.write(evidence)
        }
    }
}

extension Set: SnapshotOrdered where Element: RawRepresentable & Encodable, Element.RawValue == String {
    /// An unkeyed container (as `encode(to:)` makes), elements in the order of their names' bytes.
    func encodeInOrder(into writer: SnapshotEncoder.Writer, valueDepth: Int) throws {
        let depth = writer.container(keyed: false, valueDepth: valueDepth)
        for element in sorted(by: { SnapshotOrder.precedes($0.rawValue, $1.rawValue) }) {
            writer.next(in: depth)
            try writer.write(element)
        }
    }
}

enum SnapshotOrder {
    /// Whether `a` sorts before `b` by their UTF-8 bytes.
    static func precedes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = Swift.min(x.count, y.count)
                let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                return order < 0 || (order == 0 && x.count < y.count)
            }
        }
    }

    /// The dictionary's indices in the order of their keys' bytes.
    static func sortedIndices<Value>(_ dictionary: [String: Value]) -> [Dictionary<String, Value>.Index] {
        if dictionary.count < 2 { return Array(dictionary.indices) }
        let indices = Array(dictionary.indices)
        return order(of: dictionary.keys).map { indices[$0] }
    }

    /// The table's indices in the order of its names' bytes.
    static func sortedIndices<Value>(_ entries: [StreamKey: Value]) -> [Dictionary<StreamKey, Value>.Index] {
        if entries.count < 2 { return Array(entries.indices) }
        let indices = Array(entries.indices)
        var bytes: [UInt8] = []
        var spans: [(start: Int, count: Int)] = []
        spans.reserveCapacity(entries.count)
        for key in entries.keys {
            let start = bytes.count
            bytes.append(contentsOf: key.name.utf8)
            spans.append((start, bytes.count - start))
        }
        return order(bytes, spans).map { indices[$0] }
    }

    /// The positions of `keys` in the order of their bytes: the keys' bytes are laid end
    /// to end once and compared in place, without touching the strings again.
    static func order(of keys: Dictionary<String, some Any>.Keys) -> [Int] {
        var bytes: [UInt8] = []
        var spans: [(start: Int, count: Int)] = []
        spans.reserveCapacity(keys.count)
        for key in keys {
            let start = bytes.count
            bytes.append(contentsOf: key.utf8)
            spans.append((start, bytes.count - start))
        }
        return order(bytes, spans)
    }

    private static func order(_ bytes: [UInt8], _ spans: [(start: Int, count: Int)]) -> [Int] {
        var positions = Array(spans.indices)
        bytes.withUnsafeBytes { raw in
            let base = raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
            spans.withUnsafeBufferPointer { spans in
                positions.sort { i, j in
                    let a = spans[i], b = spans[j]
                    let common = Swift.min(a.count, b.count)
                    let order = common == 0 ? 0 : memcmp(base + a.start, base + b.start, common)
                    return order < 0 || (order == 0 && a.count < b.count)
                }
            }
        }
        return positions
    }
}
