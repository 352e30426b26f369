import Foundation
import LedgerCore

/// A column of fixed-size records that only grows: the records on disk, plus those
/// appended since and not yet saved.
///
/// The file holds `persisted` records that count; bytes past them (left by a crash
/// between writing records and writing the tag that counts them) are overwritten by the
/// next save. Without a path the column lives in memory only.
final class RecordFile {
    let recordSize: Int
    let path: String?
    /// Records on disk that count (the tag says how many).
    private(set) var persisted = 0
    /// Records appended since, in order, not yet written.
    private var pending: [UInt8] = []
    private var file: POSIXFile?

    init(path: String?, recordSize: Int) {
        self.path = path
        self.recordSize = recordSize
    }

    var count: Int { persisted + pending.count / recordSize }

    /// Takes the first `count` records on disk as this column's, after checking the file holds them.
    ///
    /// - Returns: `false` when the file is missing or shorter.
    func adopt(count: Int) throws -> Bool {
        pending.removeAll()
        persisted = 0
        guard count > 0 else { return true }
        guard let path, FileManager.default.fileExists(atPath: path) else { return false }
        let file = try open()
        guard try file.size >= count * recordSize else { return false }
        persisted = count
        return true
    }

    /// Calls `body` with record `i`'s bytes (0 <= i < count).
    func withRecord<R>(_ i: Int, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        precondition(i >= 0 && i < count, "record \(i) of \(count)")
        if i >= persisted {
            return try pending.withUnsafeBytes { raw in
                try body(UnsafeRawBufferPointer(rebasing: raw[((i - persisted) * recordSize)...].prefix(recordSize)))
            }
        }
        let file = try open()
        return try withUnsafeTemporaryAllocation(byteCount: recordSize, alignment: 8) { buffer in
            var done = 0
            while done < recordSize {
                let n = try file.read(into: buffer.baseAddress! + done, count: recordSize - done, at: i * recordSize + done)
                guard n > 0 else {
                    throw MerkleStoreError.damaged("\(file.path) is shorter than its tag says")
                }
                done += n
            }
            return try body(UnsafeRawBufferPointer(buffer))
        }
    }

    func append(_ bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count == recordSize)
        pending.append(contentsOf: bytes)
    }

    /// Writes the pending records after the persisted ones and cuts off anything beyond.
    ///
    /// Not fsync'd: the column is derived data, checked against the log when opened.
    func save() throws {
        guard path != nil else { return }
        let file = try open()
        if !pending.isEmpty { try file.write(pending, at: persisted * recordSize) }
        if try file.size != count * recordSize { try file.truncate(to: count * recordSize) }
        persisted = count
        pending.removeAll(keepingCapacity: true)
    }

    /// Forgets every record, in memory and (at the next save) on disk.
    func reset() throws {
        pending.removeAll()
        persisted = 0
        if let path, FileManager.default.fileExists(atPath: path) { try open().truncate(to: 0) }
    }

    private func open() throws -> POSIXFile {
        if let file { return file }
        guard let path else { preconditionFailure("an in-memory column has no file") }
        let opened = try POSIXFile(path: path, flags: O_RDWR | O_CREAT)
        file = opened
        return opened
    }
}

extension RecordFile {
    /// A column of SHA-256 digests.
    func digest(at i: Int) throws -> SHA256.Digest {
        try withRecord(i) { SHA256.Digest(copying: $0) }
    }

    func append(_ digest: SHA256.Digest) {
        digest.withUnsafeBytes { append($0) }
    }

    /// A column of unsigned 64-bit little-endian numbers.
    func number(at i: Int) throws -> Int {
        try withRecord(i) { Int(UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))) }
    }

    func append(number: Int) {
        withUnsafeBytes(of: UInt64(number).littleEndian) { append($0) }
    }
}
