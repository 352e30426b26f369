import Foundation
import LedgerCore

/// Derived state saved beside the log, tagged with the log position it reflects.
///
/// A snapshot file is a line of canonical JSON, the tag, then the body, whatever its owner
/// encodes (binary or text), then `\n` (the projections keep theirs in
/// `projections/snapshot.jsonl`). The tag
/// pins the snapshot to one line of the log, by its `seq`, byte offset, length and event
/// hash, and the body by its length and SHA-256:
///
///     {"body":{"bytes":N,"sha256":"…"},"head":"…","length":L,"name":"projections","offset":O,"recorded":"…","seq":S,"version":V}
///
/// Because the log is hash-chained, a line that still has the tagged hash at the tagged
/// offset proves the whole log up to it is the one the snapshot was folded from; the
/// owner then folds only the lines after it. Snapshots are written atomically (temporary
/// file, fsync, rename, fsync of the directory) and may be deleted at any time.
public struct SnapshotTag: Equatable, Sendable {
    /// What the snapshot holds, e.g. `projections`.
    public var name: String
    /// The version of the body's encoding; another version is not read.
    public var version: Int
    /// The `seq` of the last event folded.
    public var seq: Int
    /// That event's hash.
    public var head: SHA256.Digest
    /// The byte offset of that event's line in the log.
    public var offset: Int
    /// The length of that line, without its `\n`.
    public var length: Int
    /// That event's `recorded`.
    public var recorded: String
    /// The body's length, set by `SnapshotFile.save`.
    public internal(set) var bodyBytes = 0
    /// The body's SHA-256, set by `SnapshotFile.save`.
    public internal(set) var bodySHA256 = SHA256.Digest.zero

    public init(name: String, version: Int, seq: Int, head: SHA256.Digest, offset: Int, length: Int, recorded: String) {
        self.name = name
        self.version = version
        self.seq = seq
        self.head = head
        self.offset = offset
        self.length = length
        self.recorded = recorded
    }

    /// The byte offset just after the tagged line: where folding resumes.
    public var end: Int { offset + length + 1 }

    var json: JSONValue {
        [
            "name": .string(name), "version": .number(Double(version)), "seq": .number(Double(seq)), "head": .string(head.hex),
            "offset": .number(Double(offset)), "length": .number(Double(length)), "recorded": .string(recorded),
            "body": ["bytes": .number(Double(bodyBytes)), "sha256": .string(bodySHA256.hex)],
        ]
    }

    init?(json: JSONValue) {
        guard let name = json["name"]?.stringValue, let version = json["version"]?.intValue, let seq = json["seq"]?.intValue,
              let head = json["head"]?.stringValue.flatMap(SHA256.Digest.init(hex:)), let offset = json["offset"]?.intValue,
              let length = json["length"]?.intValue, let recorded = json["recorded"]?.stringValue,
              let bytes = json["body"]?["bytes"]?.intValue, let sha = json["body"]?["sha256"]?.stringValue.flatMap(SHA256.Digest.init(hex:))
        else { return nil }
        self.init(name: name, version: version, seq: seq, head: head, offset: offset, length: length, recorded: recorded)
        bodyBytes = bytes
        bodySHA256 = sha
    }
}

/// Reading and writing snapshot files (see `SnapshotTag`).
public enum SnapshotFile {
    /// Why a snapshot file cannot be used. It is derived data: the owner folds from the log instead.
    public struct Unusable: Error, Equatable, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path) cannot be used: \(reason)" }
    }

    /// Writes `body` with `tag` to `path` atomically, creating its directory.
    public static func save(_ body: [UInt8], tag: SnapshotTag, to path: String) throws {
        try save(chunks: [body], tag: tag, to: path)
    }

    /// Writes a body given in chunks (written one after the other, never joined in memory)
    /// with `tag` to `path` atomically (`writeAtomically`).
    public static func save(chunks body: [[UInt8]], tag: SnapshotTag, to path: String) throws {
        var tag = tag
        var hasher = SHA256()
        for chunk in body { chunk.withUnsafeBytes { hasher.update($0) } }
        tag.bodyBytes = body.reduce(0) { $0 + $1.count }
        tag.bodySHA256 = hasher.finalize()
        try writeAtomically(to: path) { file in
            var offset = 0
            for piece in [CanonicalJSON.encode(tag.json) + [0x0a]] + body + [[0x0a]] {
                try file.write(piece, at: offset)
                offset += piece.count
            }
        }
    }

    /// Writes the file at `path` atomically: `write` fills a temporary file beside it
    /// (`<name>.tmp`), then fsync, rename, fsync of the directory. Creates the directory if
    /// need be. If anything fails, the temporary file is removed and `path` is as it was.
    static func writeAtomically(to path: String, _ write: (POSIXFile) throws -> Void) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try createDirectory(directory)
        let temporary = path + ".tmp"
        do {
            let file = try POSIXFile(path: temporary, flags: O_WRONLY | O_CREAT | O_TRUNC)
            try write(file)
            try file.sync()
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let e = POSIXFile.error("rename \(temporary) to", path)
            unlink(temporary)
            throw e
        }
        try POSIXFile.syncDirectory(directory)
    }

    /// Creates `directory` unless it exists.
    static func createDirectory(_ directory: String) throws {
        if !FileManager.default.fileExists(atPath: directory) {
            guard mkdir(directory, 0o755) == 0 || errno == EEXIST else { throw POSIXFile.error("create directory", directory) }
        }
    }

    /// Reads the snapshot at `path`: `nil` when there is none.
    ///
    /// - Parameter verifyBody: also check the body's SHA-256 (its length is always
    ///   checked); a reader in a hurry leaves this to the body's own decoding.
    /// - Throws: `Unusable` when the file is not a whole snapshot (cut short, changed);
    ///   `StoreError.io` when it cannot be read.
    public static func load(_ path: String, verifyBody: Bool = true) throws -> (tag: SnapshotTag, body: [UInt8])? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let file = try POSIXFile(path: path, flags: O_RDONLY)
        let bytes = try file.read(count: try file.size, at: 0)
        guard let newline = bytes.firstIndex(of: 0x0a) else { throw Unusable(path: path, reason: "it has no tag line") }
        guard let value = try? JSONParser.parse(Array(bytes[..<newline])), let tag = SnapshotTag(json: value) else {
            throw Unusable(path: path, reason: "its first line is not a snapshot tag")
        }
        let body = Array(bytes[(newline + 1)...].dropLast())
        guard bytes.last == 0x0a, body.count == tag.bodyBytes, !verifyBody || SHA256.hash(body) == tag.bodySHA256 else {
            throw Unusable(path: path, reason: "its body does not have the length and SHA-256 its tag gives (cut short or changed)")
        }
        return (tag, body)
    }
}

/// A snapshot file mapped into memory: its tag, and its body read in place (no copy of a
/// file that may be hundreds of megabytes). Unmapped when released.
///
/// `@unchecked Sendable`: what it holds never changes, but for the body's hash, which is
/// made once, under a lock (`hashBodyInBackground()`).
public final class MappedSnapshot: @unchecked Sendable {
    public let tag: SnapshotTag
    /// The body's bytes, valid while this object lives.
    public let body: UnsafeRawBufferPointer
    private let region: UnsafeMutableRawPointer
    private let length: Int
    /// The mapped file's device and inode.
    private let identity: (device: UInt64, inode: UInt64)
    /// The body's SHA-256 once hashed on another thread; `hashing` is left when it is.
    private var backgroundHash: SHA256.Digest?
    private var hashing: DispatchGroup?
    private let hashLock = NSLock()

    fileprivate init(tag: SnapshotTag, body: UnsafeRawBufferPointer, region: UnsafeMutableRawPointer, length: Int,
                     identity: (device: UInt64, inode: UInt64)) {
        self.tag = tag
        self.body = body
        self.region = region
        self.length = length
        self.identity = identity
    }

    deinit { munmap(region, length) }

    /// Whether the file at `path` is still the one mapped, as long as it was (snapshots are
    /// replaced by renaming a new file over them, never written in place).
    func isStill(at path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && UInt64(st.st_dev) == identity.device && UInt64(st.st_ino) == identity.inode
            && Int(st.st_size) == length
    }

    /// Whether the file at `path` is still this one (`isStill(at:)`) and already what saving a
    /// body equal to this one with `tag` would write: its own tag is `tag` with this body's
    /// length and SHA-256. A file found so is left as it is instead of being written again.
    public func isStill(at path: String, taggedAs tag: SnapshotTag) -> Bool {
        var expected = tag
        expected.bodyBytes = body.count
        expected.bodySHA256 = self.tag.bodySHA256
        return self.tag == expected && bodySHA256() == self.tag.bodySHA256 && isStill(at: path)
    }

    /// Starts hashing the body on another thread, for `isStill(at:taggedAs:)`: a caller that
    /// will ask it hashes the body while it does other work (a rebuild, while it folds).
    public func hashBodyInBackground() {
        hashLock.lock()
        defer { hashLock.unlock() }
        guard hashing == nil else { return }
        let group = DispatchGroup()
        hashing = group
        DispatchQueue.global(qos: .utility).async(group: group) { [self] in
            let digest = hashBody()
            hashLock.lock()
            backgroundHash = digest
            hashLock.unlock()
        }
    }

    /// The SHA-256 of the body: the one hashed in the background if that was started (once
    /// it is done), else hashed now.
    func bodySHA256() -> SHA256.Digest {
        hashLock.lock()
        let group = hashing
        hashLock.unlock()
        guard let group else { return hashBody() }
        group.wait()
        hashLock.lock()
        defer { hashLock.unlock() }
        return backgroundHash!
    }

    /// The SHA-256 of the body, hashed in pieces (`forEachPiece`).
    private func hashBody() -> SHA256.Digest {
        var hasher = SHA256()
        forEachPiece(of: 0..<body.count) { hasher.update($0) }
        return hasher.finalize()
    }

    /// Hands the body's bytes `range` to `piece` in order, at most 4 MB at a time, letting
    /// go of the pages handed (they stay in the page cache), so that reading a large
    /// snapshot through does not hold it all in the process's memory.
    func forEachPiece(of range: Range<Int>, _ piece: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        precondition(range.lowerBound >= 0 && range.upperBound <= body.count, "a range of the body")
        var at = range.lowerBound
        while at < range.upperBound {
            let end = min(range.upperBound, at + SnapshotSpool.pieceSize)
            try piece(UnsafeRawBufferPointer(rebasing: body[at..<end]))
            release(upTo: body.baseAddress! + end)
            at = end
        }
    }

    /// Whether the body holds `bytes` at `offset`. The whole pages of the mapping before
    /// the bytes compared are let go (they stay in the page cache), so that comparing a
    /// large snapshot piece by piece, in order, does not hold it all in the process's memory.
    public func body(holds bytes: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        guard offset >= 0, offset <= body.count, bytes.count <= body.count - offset else { return false }
        let same = bytes.isEmpty || memcmp(body.baseAddress! + offset, bytes.baseAddress!, bytes.count) == 0
        release(upTo: body.baseAddress! + offset + (same ? bytes.count : 0))
        return same
    }

    /// Lets go of the whole pages of the mapping within the body's bytes `range` (read
    /// again from the file if touched): for a reader done with them. Any thread.
    public func release(bodyRange range: Range<Int>) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = UnsafeRawPointer(region).distance(to: body.baseAddress! + max(0, range.lowerBound))
        let end = UnsafeRawPointer(region).distance(to: body.baseAddress! + min(body.count, range.upperBound))
        let first = (start + page - 1) / page * page, last = end / page * page
        if last > first { madvise(region + first, last - first, MADV_DONTNEED) }
    }

    /// Lets go of the whole pages of the mapping before `end` (read again from the file if touched).
    func release(upTo end: UnsafeRawPointer) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let count = (UnsafeRawPointer(region).distance(to: end) / page) * page
        if count > 0 { madvise(region, count, MADV_DONTNEED) }
    }
}

extension SnapshotFile {
    /// Maps the snapshot at `path`: `nil` when there is none. Checks as `load` does.
    public static func map(_ path: String, verifyBody: Bool = true) throws -> MappedSnapshot? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let file = try POSIXFile(path: path, flags: O_RDONLY)
        var st = stat()
        guard fstat(file.fd, &st) == 0 else { throw POSIXFile.error("stat", path) }
        let size = Int(st.st_size)
        guard size > 0 else { throw Unusable(path: path, reason: "it is empty") }
        guard let region = mmap(nil, size, PROT_READ, MAP_PRIVATE, file.fd, 0), region != MAP_FAILED else {
            throw POSIXFile.error("map", path)
        }
        let bytes = UnsafeRawBufferPointer(start: region, count: size)
        func unusable(_ reason: String) -> Unusable {
            munmap(region, size)
            return Unusable(path: path, reason: reason)
        }
        guard let newline = memchr(region, 0x0a, size).map({ bytes.baseAddress!.distance(to: UnsafeRawPointer($0)) }) else {
            throw unusable("it has no tag line")
        }
        guard let value = try? JSONParser.parse(UnsafeRawBufferPointer(rebasing: bytes[..<newline])),
              let tag = SnapshotTag(json: value) else {
            throw unusable("its first line is not a snapshot tag")
        }
        let body = UnsafeRawBufferPointer(rebasing: bytes[(newline + 1)..<(size - 1)])
        let reason = "its body does not have the length and SHA-256 its tag gives (cut short or changed)"
        guard bytes[size - 1] == 0x0a, body.count == tag.bodyBytes else { throw unusable(reason) }
        let snapshot = MappedSnapshot(tag: tag, body: body, region: region, length: size,
                                      identity: (UInt64(st.st_dev), UInt64(st.st_ino)))
        // Hashed in pieces let go as it goes: a snapshot set aside after this (of another
        // version, say) is never all in the process's memory. (Unmapped when released.)
        guard !verifyBody || snapshot.bodySHA256() == tag.bodySHA256 else { throw Unusable(path: path, reason: reason) }
        return snapshot
    }
}

extension FileLedger {
    /// `projections/` in the ledger directory: the projection snapshots (derived data).
    public var projectionsDirectory: String { (directory as NSString).appendingPathComponent("projections") }

    /// Whether the log still holds, at the tagged offset, the line the snapshot was folded up
    /// to: same length, same event hash, ending in `\n`.
    public func holds(_ tag: SnapshotTag) throws -> Bool {
        guard tag.seq >= 1, tag.offset >= 0, tag.length > 0 else { return false }
        let file = try POSIXFile(path: eventsPath, flags: O_RDONLY)
        guard tag.end <= (try file.size) else { return false }
        let bytes = try file.read(count: tag.length + 1, at: tag.offset)
        guard bytes.count == tag.length + 1, bytes.last == 0x0a else { return false }
        if tag.offset > 0 {
            guard try file.read(count: 1, at: tag.offset - 1) == [0x0a] else { return false }
        }
        return bytes.dropLast().withUnsafeBytes { SHA256.hash($0) } == tag.head
    }
}
