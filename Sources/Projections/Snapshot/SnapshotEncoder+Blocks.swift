import Dispatch
import Foundation

/// A dictionary keyed by strings that the encoder may write in blocks, on several threads.
protocol BlockEncodable {
    var count: Int { get }
    func encodeInBlocks(into writer: SnapshotEncoder.Writer, _ sink: SnapshotEncoder.BlockSink) throws
}

extension Dictionary: BlockEncodable where Key == String, Value: Encodable {
    /// Cuts the entries in blocks of about `SnapshotEncoder.entriesPerBlock`, encodes each in
    /// its own segment on all cores, adds them to `sink`, and writes the value that finds them.
    func encodeInBlocks(into writer: SnapshotEncoder.Writer, _ sink: SnapshotEncoder.BlockSink) throws {
        let parts = Swift.max(1, Swift.min(SnapshotEncoder.maxBlocks, count / SnapshotEncoder.entriesPerBlock))
        var starts: [Index] = []
        starts.reserveCapacity(parts + 1)
        var index = startIndex
        for part in 0..<parts {
            starts.append(index)
            let size = count * (part + 1) / parts - count * part / parts
            index = self.index(index, offsetBy: size)
        }
        starts.append(endIndex)
        var results = [Result<[UInt8], Error>](repeating: .success([]), count: parts)
        results.withUnsafeMutableBufferPointer { out in
            let out = out
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                out[part] = Result {
                    let block = SnapshotEncoder.Writer(blocks: nil)
                    defer { block.free() }
                    var entries = 0
                    var at = starts[part]
                    while at != starts[part + 1] {
                        let (key, value) = self[at]
                        block.writeName(key)
                        try block.write(value)
                        entries += 1
                        formIndex(after: &at)
                    }
                    var prefix: [UInt8] = []
                    SnapshotFormat.appendVarint(UInt64(entries), to: &prefix)
                    return block.segment(prefix: prefix)
                }
            }
        }
        let chunks = try results.map { try $0.get() }
        writer.state.pointee.bytes.append(SnapshotFormat.Tag.blocks)
        writer.state.pointee.bytes.appendVarint(UInt64(count))
        writer.state.pointee.bytes.appendVarint(UInt64(parts))
        writer.state.pointee.bytes.appendVarint(UInt64(sink.length))
        for chunk in chunks {
            writer.state.pointee.bytes.appendVarint(UInt64(chunk.count))
            sink.chunks.append(chunk)
            sink.length += chunk.count
        }
    }
}

extension SnapshotEncoder {
    /// About how many entries of a large dictionary go in one block.
    static let entriesPerBlock = 2_048
    /// The most blocks one dictionary is cut in.
    static let maxBlocks = 64
}
