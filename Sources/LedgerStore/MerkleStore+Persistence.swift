import Foundation
import LedgerCore

/// The store's files in a ledger's `merkle/` directory (EventLog/README.md, "The other files"):
///
/// - `tree.head`: `{"chunkLevel","end","format","head","root","size"}`, canonical JSON: the
///   number of lines the files reflect, the byte offset after the last of them, that line's
///   event hash, and the root of those lines. Written last, by rename.
/// - `chunks.bin`: per chunk begun, the byte offset of its first line (u64, little-endian).
/// - `level-K.bin` for K >= chunkLevel: the roots of the complete subtrees of 2^K leaves,
///   32 bytes each, left to right.
/// - `merkle.lock`: held (`flock`) by whoever has the store open, so two commands never
///   write it at once.
///
/// Everything here is derived from the log: when opened, the tag is checked against the
/// log's tail (its last line and its root are recomputed) and the store is discarded and
/// rebuilt when anything disagrees; deleting the directory costs one rebuild.
extension MerkleStore {
    /// The layout's name, in the tag; another name means another layout, and a rebuild.
    static let format = "ipledger-merkle/1"

    var tagPath: String? { directory.map { ($0 as NSString).appendingPathComponent("tree.head") } }

    /// Opens the store in `directory` for the log at `logPath`, creating the directory if
    /// needed, and holds its lock until the store is released.
    ///
    /// - Returns: the store as its files and the log agree it is (empty when it has no
    ///   files), and why the files were discarded if they were; `nil` when the directory
    ///   cannot be written (a read-only ledger), so that the caller can work in memory.
    static func open(directory: String, logPath: String, chunkLevel: Int,
                     lockTimeout: Double) throws -> (store: MerkleStore, discarded: String?)? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw MerkleStoreError.damaged("\(directory) is not a directory") }
            guard access(directory, W_OK) == 0 else { return nil }
        } else {
            guard access((directory as NSString).deletingLastPathComponent, W_OK) == 0 else { return nil }
            guard mkdir(directory, 0o755) == 0 || errno == EEXIST else { throw POSIXFile.error("create directory", directory) }
        }
        let lock = try FileLock(path: (directory as NSString).appendingPathComponent("merkle.lock"), timeout: lockTimeout)
        let store = MerkleStore(logPath: logPath, directory: directory, chunkLevel: chunkLevel)
        store.lock = lock
        var problem: String?
        do {
            problem = try store.load()
        } catch let error as MerkleStoreError {
            problem = error.description
        } catch let error as MerkleProofError {
            problem = error.description
        }
        if problem != nil { try store.discard() }
        return (store, problem)
    }

    /// Reads the tag and adopts the files it describes, after checking them and the log's tail.
    ///
    /// - Returns: `nil` when the store is sound (or has no tag: a new store), else what is wrong.
    private func load() throws -> String? {
        guard let tagPath, let data = FileManager.default.contents(atPath: tagPath) else {
            try discard()
            return nil
        }
        guard let tag = try? JSONParser.parse(Array(data)), tag["format"]?.stringValue == MerkleStore.format else {
            return "its tag tree.head is not \(MerkleStore.format)"
        }
        guard tag["chunkLevel"]?.intValue == chunkLevel else { return "it was made with chunks of another size" }
        guard let n = tag["size"]?.intValue, n >= 0, let e = tag["end"]?.intValue, e >= 0,
              let headHex = tag["head"]?.stringValue, let head = SHA256.Digest(hex: headHex),
              let rootHex = tag["root"]?.stringValue, let root = SHA256.Digest(hex: rootHex) else {
            return "its tag tree.head is malformed"
        }
        guard try chunkStarts.adopt(count: (n + chunkSize - 1) >> chunkLevel) else { return "chunks.bin is shorter than its tag says" }
        var level = chunkLevel
        while n >> level > 0 {
            let column = makeLevel(level)
            guard try column.adopt(count: n >> level) else { return "level-\(level).bin is shorter than its tag says" }
            levels.append(column)
            level += 1
        }
        let logSize = try POSIXFile(path: logPath, flags: O_RDONLY).size
        guard logSize >= e else { return "the log has \(logSize) bytes, fewer than the \(e) it was built from" }
        size = n
        end = e
        if n > 0 {
            let chunk = (n - 1) >> chunkLevel
            let lines = try chunkLines(chunk)
            lastLineStart = e - lines[lines.count - 1].count - 1
            if n % chunkSize != 0 {
                partial = lines.map { MerkleTree.leafHash($0) }
            } else if MerkleTree.root(ofLeaves: lines) != (try levels[0].digest(at: chunk)) {
                return "the log's last \(lines.count) lines are not those it was built from"
            }
            guard SHA256.hash(lines[lines.count - 1]) == head else { return "line \(n) of the log is not the one it was built from" }
        }
        guard try self.root() == root else { return "its stored hashes do not give the root in its tag" }
        return nil
    }

    /// Writes what was added since the last save, then the tag that counts it.
    ///
    /// Not fsync'd: everything here is derived, and checked against the log when opened.
    func save() throws {
        guard let tagPath else { return }
        try chunkStarts.save()
        for level in levels { try level.save() }
        let tag: JSONValue = [
            "chunkLevel": .number(Double(chunkLevel)), "end": .number(Double(end)), "format": .string(MerkleStore.format),
            "head": .string(try eventHash(seq: size).hex), "root": .string(try root().hex), "size": .number(Double(size)),
        ]
        try POSIXFile.writeAtomically(CanonicalJSON.encode(tag) + [0x0a], to: tagPath, durable: false)
    }

    /// Forgets every stored hash: the tag first, so that a crash half-way leaves a store
    /// that is merely empty, then the columns.
    func discard() throws {
        if let tagPath, unlink(tagPath) != 0, errno != ENOENT { throw POSIXFile.error("remove", tagPath) }
        try clear()
        if let directory, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) {
            for name in names where name.hasPrefix("level-") && name.hasSuffix(".bin") {
                unlink((directory as NSString).appendingPathComponent(name))
            }
        }
    }
}
