import Dispatch
import Foundation
import IPProtection

/// A dictionary keyed by strings that the decoder may read from blocks, on several threads.
protocol BlockDecodable {
    static func decodeBlocks(_ segment: SnapshotDecoder.Segment, at: Int, blocks: Range<Int>) throws -> Any
    static func decodeDictionary(_ segment: UnsafeMutablePointer<SnapshotDecoder.Segment>, at: Int, depth: Int) throws -> Any
}

/// The entries of one block, decoded: keys, and values in memory of their own (moved into
/// the dictionary, not copied).
private struct DecodedBlock<Value> {
    var keys: [String] = []
    var values: UnsafeMutablePointer<Value>?
    var error: Error?

    mutating func free() {
        values?.deinitialize(count: keys.count)
        values?.deallocate()
        values = nil
    }
}

/// What the threads decoding blocks share: read-only positions, and a slot each.
private final class BlockJob<Value>: @unchecked Sendable {
    let base: UnsafeRawPointer
    let ranges: [Range<Int>]
    let decoded: UnsafeMutablePointer<DecodedBlock<Value>>
    let done: [DispatchSemaphore]

    init(base: UnsafeRawPointer, ranges: [Range<Int>]) {
        self.base = base
        self.ranges = ranges
        decoded = .allocate(capacity: ranges.count)
        decoded.initialize(repeating: DecodedBlock(), count: ranges.count)
        done = ranges.map { _ in DispatchSemaphore(value: 0) }
    }

    deinit {
        for part in 0..<ranges.count { decoded[part].free() }
        decoded.deinitialize(count: ranges.count)
        decoded.deallocate()
    }
}

/// A table of values by string that the decoder fills: a `[String: Value]`, or a `StreamTable`.
protocol SnapshotTable: BlockDecodable {
    associatedtype Value: Decodable
    init(minimumCapacity: Int)
    var count: Int { get }
    mutating func insert(_ key: String, _ value: __owned Value)
}

extension Dictionary: BlockDecodable, SnapshotTable where Key == String, Value: Decodable {
    mutating func insert(_ key: String, _ value: __owned Value) { self[key] = value }
}

extension StreamTable: BlockDecodable, SnapshotTable where State: Decodable {
    mutating func insert(_ key: String, _ value: __owned State) { self[key] = value }
}

extension SnapshotTable {
    /// Reads the blocks the value at `at` names, each in its own segment on all cores, and
    /// merges each into the table as soon as it is read.
    static func decodeBlocks(_ segment: SnapshotDecoder.Segment, at: Int, blocks: Range<Int>) throws -> Any {
        var p = at + 1
        let count = Int(try segment.varint(&p))
        let parts = try segment.size(&p)
        var start = try segment.varint(&p)
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(parts)
        for _ in 0..<parts {
            let length = try segment.varint(&p)
            guard start <= UInt64(blocks.count), length <= UInt64(blocks.count) - start else {
                throw segment.corrupt(at, "a block runs past the end of the body")
            }
            ranges.append((blocks.lowerBound + Int(start))..<(blocks.lowerBound + Int(start + length)))
            start += length
        }
        guard count <= blocks.count else { throw segment.corrupt(at, "\(count) entries cannot fit in the blocks") }

        let job = BlockJob<Value>(base: segment.base, ranges: ranges)
        let releaser = segment.releaser
        DispatchQueue.global().async {
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                do {
                    try decodeBlockEntries(base: job.base, job.ranges[part], into: &job.decoded[part])
                } catch {
                    job.decoded[part].error = error
                }
                releaser?.takeUnretainedValue().release(job.ranges[part])
                job.done[part].signal()
            }
        }
        var dictionary = Self(minimumCapacity: count)
        var failure: Error?
        for part in 0..<parts {
            job.done[part].wait()
            if failure == nil, let error = job.decoded[part].error { failure = error }
            guard failure == nil, let values = job.decoded[part].values else { continue }
            for (i, key) in job.decoded[part].keys.enumerated() { dictionary.insert(key, (values + i).move()) }
            values.deallocate()
            job.decoded[part].values = nil
            job.decoded[part].keys = []
        }
        if let failure { throw failure }
        guard dictionary.count == count else {
            throw segment.corrupt(at, "the blocks hold \(dictionary.count) distinct entries, not \(count)")
        }
        return dictionary
    }

    /// Reads a dictionary written inline: its members straight into the dictionary, without
    /// the keyed container `init(from:)` would ask for.
    static func decodeDictionary(_ segment: UnsafeMutablePointer<SnapshotDecoder.Segment>, at: Int, depth: Int) throws -> Any {
        let s = segment.pointee
        let (count, first, end) = try s.container(at, tag: SnapshotFormat.Tag.dictionary, "a dictionary")
        var dictionary = Self(minimumCapacity: count)
        var p = first
        for _ in 0..<count {
            let key = s.strings[try s.name(&p)]
            dictionary.insert(key, try s.decode(Value.self, at: p, segment, depth: depth + 1))
            p = try s.skip(p)
        }
        guard p == end else { throw s.corrupt(p, "a dictionary has bytes after its \(count) entries") }
        return dictionary
    }
}

/// Decodes the entries of the block `range` into `out`.
private func decodeBlockEntries<Value: Decodable>(base: UnsafeRawPointer, _ range: Range<Int>, into out: inout DecodedBlock<Value>) throws {
    var at = range.lowerBound
    let entries = try SnapshotDecoder.varint(base, &at, range.upperBound)
    guard entries <= UInt64(range.count) else { throw SnapshotDecoder.corrupted("byte \(range.lowerBound): a block of \(entries) entries") }
    let block = try SnapshotDecoder.Segment.make(base: base, from: at, to: range.upperBound, blocks: nil)
    defer { SnapshotDecoder.Segment.free(block) }
    let values = UnsafeMutablePointer<Value>.allocate(capacity: Swift.max(Int(entries), 1))
    out.values = values
    out.keys.reserveCapacity(Int(entries))
    let s = block.pointee
    at = s.valuesStart
    for _ in 0..<entries {
        let key = s.strings[try s.name(&at)]
        (values + out.keys.count).initialize(to: try s.decode(Value.self, at: at, block, depth: 0))
        out.keys.append(key)
        at = try s.skip(at)
    }
    guard at == range.upperBound else { throw s.corrupt(at, "the block has bytes after its entries") }
}
