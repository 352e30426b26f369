import Foundation
import LedgerCore

/// The RFC 9162 Merkle tree of a log, kept beside it so that the root of any size and
/// any proof need O(log n) stored hashes and at most a chunk or two of the log's lines.
///
/// Leaves are grouped in *chunks* of 2^`chunkLevel` consecutive lines (256 by default).
/// The store keeps
/// - the byte offset in the log of each chunk's first line, and
/// - the root of every complete subtree of 2^k leaves, for every k >= `chunkLevel`,
/// and recomputes whatever lies inside one chunk from the log's own lines when asked
/// (at most 256 lines, about 120 KB). That costs about 0.4 bytes per event on disk instead
/// of the 64 that every level would, and a proof reads one or two chunks of the log plus
/// about log2(n) stored hashes. A chunk read from the log is checked against its stored
/// root, so a log changed under the store is noticed (`MerkleStoreError.logChanged`).
///
/// It is a `MerkleHashSource`: `InclusionProof(leaf:index:size:source:)` and
/// `ConsistencyProof(from:to:source:)` work on it for every size up to `size`. A store
/// lives in memory (`init(inMemoryFor:)`; `verify` builds one afresh on its pass over
/// the log) or in a ledger's `merkle/` directory (`FileLedger.merkleTree`), where it is
/// derived data: tagged with what it reflects, checked against the log when opened,
/// caught up when behind and rebuilt when missing or wrong.
public final class MerkleStore: MerkleHashSource {
    /// Chunks of 256 lines: a chunk is about 120 KB of a typical log.
    public static let defaultChunkLevel = 8

    /// log2 of the number of leaves in a chunk; stored subtrees start at this level.
    public let chunkLevel: Int
    /// The log whose lines are the leaves.
    public let logPath: String
    /// Where the store's files are; `nil` for a store in memory only.
    public let directory: String?

    /// How many leaves (lines) the store holds.
    public internal(set) var size = 0
    /// The byte offset in the log just after line `size`.
    public internal(set) var end = 0
    /// The byte offset of line `size`.
    var lastLineStart = 0
    /// The byte offset of each chunk's first line.
    let chunkStarts: RecordFile
    /// `levels[j]` holds the roots of the complete subtrees of 2^(chunkLevel + j) leaves, in order.
    var levels: [RecordFile] = []
    /// The leaf hashes of the chunk being filled (fewer than a chunk's worth).
    var partial: [SHA256.Digest] = []
    /// Chunks recently read from the log, as trees; a proof touches at most two or three.
    private var chunkCache: [(chunk: Int, count: Int, tree: InMemoryMerkleHashSource)] = []
    private var logFile: POSIXFile?
    /// The store directory's lock, held while the store is open.
    var lock: FileLock?

    /// An empty store in memory for the log at `logPath`; `append` its lines in order.
    public convenience init(inMemoryFor logPath: String, chunkLevel: Int = defaultChunkLevel) {
        self.init(logPath: logPath, directory: nil, chunkLevel: chunkLevel)
    }

    init(logPath: String, directory: String?, chunkLevel: Int) {
        precondition((0...20).contains(chunkLevel), "a chunk level from 0 to 20")
        self.logPath = logPath
        self.directory = directory
        self.chunkLevel = chunkLevel
        chunkStarts = RecordFile(path: directory.map { ($0 as NSString).appendingPathComponent("chunks.bin") }, recordSize: 8)
    }

    var chunkSize: Int { 1 << chunkLevel }

    /// The column for `level` >= `chunkLevel`.
    func makeLevel(_ level: Int) -> RecordFile {
        RecordFile(path: directory.map { ($0 as NSString).appendingPathComponent("level-\(level).bin") }, recordSize: 32)
    }

    // MARK: Building

    /// Adds the next line of the log (its bytes without `\n`, starting at byte `offset`).
    ///
    /// - Throws: `StoreError.io` when a stored hash cannot be read back.
    public func append(line: UnsafeRawBufferPointer, offset: Int) throws {
        if size & (chunkSize - 1) == 0 { chunkStarts.append(number: offset) }
        let leaf = MerkleTree.leafHash(line)
        size += 1
        lastLineStart = offset
        end = offset + line.count + 1
        if chunkLevel == 0 {
            try push(leaf, at: 0)
            return
        }
        partial.append(leaf)
        if partial.count == chunkSize {
            let root = MerkleTree.root(ofLeafHashes: partial)
            partial.removeAll(keepingCapacity: true)
            try push(root, at: 0)
        }
    }

    /// Appends a complete subtree's root to `levels[j]`, and its parent when it completes a pair.
    private func push(_ hash: SHA256.Digest, at j: Int) throws {
        if j == levels.count { levels.append(makeLevel(chunkLevel + j)) }
        let level = levels[j]
        level.append(hash)
        if level.count % 2 == 0 {
            try push(MerkleTree.nodeHash(try level.digest(at: level.count - 2), hash), at: j + 1)
        }
    }

    // MARK: MerkleHashSource

    /// The leaf hash of leaf `index` (line `index + 1`).
    public func leafHash(at index: Int) throws -> SHA256.Digest {
        guard index >= 0, index < size else { throw MerkleProofError.indexOutOfRange(index: index, size: size) }
        if chunkLevel == 0 { return try levels[0].digest(at: index) }
        let chunk = index >> chunkLevel
        return try chunkTree(chunk).leafHash(at: index - chunk << chunkLevel)
    }

    /// The root of the complete subtree of 2^`level` leaves from `start`: stored from the
    /// chunk level up, recomputed from the chunk's lines below it.
    public func subtreeHash(start: Int, level: Int) throws -> SHA256.Digest {
        guard level >= 0, level < Int.bitWidth - 1, start >= 0, start % (1 << level) == 0,
              start + 1 << level <= size else {
            throw MerkleProofError.notACompleteSubtree(start: start, level: level, size: size)
        }
        if level >= chunkLevel { return try levels[level - chunkLevel].digest(at: start >> level) }
        let chunk = start >> chunkLevel
        return try chunkTree(chunk).subtreeHash(start: start - chunk << chunkLevel, level: level)
    }

    /// The root of the first `size` leaves (all of them by default).
    public func root(size: Int? = nil) throws -> SHA256.Digest {
        try MerkleTree.root(size: size ?? self.size, source: self)
    }

    // MARK: Lines

    /// The bytes of line `seq` (without `\n`), read from the log.
    ///
    /// - Throws: `MerkleProofError.indexOutOfRange` outside 1...size; `MerkleStoreError`
    ///   when the log no longer holds the lines the store was built from.
    public func line(seq: Int) throws -> [UInt8] {
        guard seq >= 1, seq <= size else { throw MerkleProofError.indexOutOfRange(index: seq - 1, size: size) }
        if seq == size {
            let bytes = try readLog(from: lastLineStart, to: end)
            guard bytes.last == 0x0a, !bytes.dropLast().contains(0x0a) else {
                throw MerkleStoreError.logChanged(firstSeq: seq, lastSeq: seq)
            }
            return Array(bytes.dropLast())
        }
        let chunk = (seq - 1) >> chunkLevel
        let lines = try chunkLines(chunk)
        return lines[seq - 1 - chunk << chunkLevel]
    }

    /// The event hash of line `seq`; 64 zeros for 0 (the empty log's head).
    public func eventHash(seq: Int) throws -> SHA256.Digest {
        seq == 0 ? .zero : SHA256.hash(try line(seq: seq))
    }

    /// The checkpoint of the first `size` lines (all of them by default), taken at `recorded`.
    public func checkpoint(size: Int? = nil, recorded: String) throws -> Checkpoint {
        let n = size ?? self.size
        return Checkpoint(head: try eventHash(seq: n), recorded: recorded, root: try root(size: n), size: n)
    }

    // MARK: Chunks

    /// The number of leaves in chunk `chunk` as the store stands.
    private func leafCount(ofChunk chunk: Int) -> Int {
        min(chunkSize, size - chunk << chunkLevel)
    }

    /// The lines of chunk `chunk`, read from the log and split, checked to be as many as the store says.
    func chunkLines(_ chunk: Int) throws -> [[UInt8]] {
        let first = chunk << chunkLevel + 1
        let count = leafCount(ofChunk: chunk)
        let start = try chunkStarts.number(at: chunk)
        let stop = chunk + 1 < chunkStarts.count ? try chunkStarts.number(at: chunk + 1) : end
        guard start >= 0, stop > start, stop <= end else {
            throw MerkleStoreError.damaged("chunk \(chunk) lies at bytes \(start) to \(stop), outside the \(end) the store covers")
        }
        let bytes = try readLog(from: start, to: stop)
        var lines: [[UInt8]] = []
        lines.reserveCapacity(count)
        var lineStart = 0
        for (i, byte) in bytes.enumerated() where byte == 0x0a {
            lines.append(Array(bytes[lineStart..<i]))
            lineStart = i + 1
        }
        guard lines.count == count, lineStart == bytes.count else {
            throw MerkleStoreError.logChanged(firstSeq: first, lastSeq: first + count - 1)
        }
        return lines
    }

    /// The tree of one chunk's leaves: the unfinished chunk from memory, a complete one
    /// from the log's lines, checked against its stored root.
    private func chunkTree(_ chunk: Int) throws -> InMemoryMerkleHashSource {
        let count = leafCount(ofChunk: chunk)
        if let hit = chunkCache.first(where: { $0.chunk == chunk && $0.count == count }) { return hit.tree }
        let tree: InMemoryMerkleHashSource
        if count < chunkSize {
            tree = InMemoryMerkleHashSource(leafHashes: partial)
        } else {
            tree = InMemoryMerkleHashSource(leaves: try chunkLines(chunk))
            guard try tree.root() == levels[0].digest(at: chunk) else {
                let first = chunk << chunkLevel + 1
                throw MerkleStoreError.logChanged(firstSeq: first, lastSeq: first + count - 1)
            }
        }
        if chunkCache.count == 4 { chunkCache.removeFirst() }
        chunkCache.append((chunk, count, tree))
        return tree
    }

    /// Bytes [from, to) of the log.
    func readLog(from start: Int, to stop: Int) throws -> [UInt8] {
        let file = try logFile ?? POSIXFile(path: logPath, flags: O_RDONLY)
        logFile = file
        let bytes = try file.read(count: stop - start, at: start)
        guard bytes.count == stop - start else {
            throw MerkleStoreError.logShorter(expectedBytes: stop, size: start + bytes.count)
        }
        return bytes
    }

    /// Forgets everything: the store becomes that of the empty log.
    func clear() throws {
        size = 0
        end = 0
        lastLineStart = 0
        partial.removeAll()
        chunkCache.removeAll()
        logFile = nil
        try chunkStarts.reset()
        for level in levels { try level.reset() }
        levels.removeAll()
    }
}
