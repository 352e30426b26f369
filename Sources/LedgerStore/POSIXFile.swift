import Foundation
import LedgerCore

/// A thin owner of a file descriptor whose every failure becomes a `StoreError.io`
/// naming the operation and the file.
final class POSIXFile {
    let fd: Int32
    let path: String

    init(path: String, flags: Int32, mode: mode_t = 0o644) throws {
        let fd = open(path, flags | O_CLOEXEC, mode)
        guard fd >= 0 else { throw POSIXFile.error("open", path) }
        self.fd = fd
        self.path = path
    }

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    /// Creates a new file for writing, or returns `nil` when one of that name exists.
    static func createExclusive(path: String, mode: mode_t = 0o644) throws -> POSIXFile? {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        if fd < 0 {
            if errno == EEXIST { return nil }
            throw POSIXFile.error("create", path)
        }
        return POSIXFile(fd: fd, path: path)
    }

    /// The whole file at `path`, or `nil` when it cannot be opened or read (above all, when
    /// it is not there: one failed `open`, where `FileManager` looks around first).
    static func contents(of path: String) -> [UInt8]? {
        guard let file = try? POSIXFile(path: path, flags: O_RDONLY), let size = try? file.size,
              let bytes = try? file.read(count: size, at: 0) else { return nil }
        return bytes
    }

    static func error(_ operation: String, _ path: String, _ code: Int32 = errno) -> StoreError {
        .io(operation: operation, path: path, reason: String(cString: strerror(code)))
    }

    var size: Int {
        get throws {
            var st = stat()
            guard fstat(fd, &st) == 0 else { throw POSIXFile.error("stat", path) }
            return Int(st.st_size)
        }
    }

    /// Reads up to `count` bytes at `offset` into `buffer`; returns how many were read.
    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws -> Int {
        while true {
            let n = pread(fd, buffer, count, off_t(offset))
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw POSIXFile.error("read", path)
        }
    }

    /// Reads exactly `count` bytes at `offset` (fewer only at the end of the file).
    func read(count: Int, at offset: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        try out.withUnsafeMutableBytes { raw in
            while done < count {
                let n = try read(into: raw.baseAddress! + done, count: count - done, at: offset + done)
                if n == 0 { break }
                done += n
            }
        }
        if done < count { out.removeLast(count - done) }
        return out
    }

    /// Writes all of `bytes` at `offset`.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws {
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw POSIXFile.error("write", path)
            }
            done += n
        }
    }

    func write(_ bytes: [UInt8], at offset: Int) throws {
        try bytes.withUnsafeBytes { try write($0, at: offset) }
    }

    func sync() throws {
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            throw POSIXFile.error("fsync", path)
        }
    }

    func truncate(to length: Int) throws {
        guard ftruncate(fd, off_t(length)) == 0 else { throw POSIXFile.error("truncate", path) }
    }

    /// Makes a directory entry durable: fsync of the directory after a create or rename.
    static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw error("open", path) }
        defer { close(fd) }
        if fsync(fd) != 0 && errno != EINVAL { throw error("fsync", path) }
    }

    /// Writes a whole file atomically: a temporary file beside it (`<name>.tmp`), fsync,
    /// rename, fsync of the directory.
    ///
    /// The temporary name is fixed, so callers must hold the ledger's lock; a temporary
    /// file left by a crash is simply overwritten by the next write.
    static func writeAtomically(_ bytes: [UInt8], to path: String, durable: Bool = true) throws {
        let temporary = path + ".tmp"
        do {
            let file = try POSIXFile(path: temporary, flags: O_WRONLY | O_CREAT | O_TRUNC)
            try file.write(bytes, at: 0)
            if durable { try file.sync() }
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let e = POSIXFile.error("rename \(temporary) to", path)
            unlink(temporary)
            throw e
        }
        if durable { try syncDirectory((path as NSString).deletingLastPathComponent) }
    }

    /// Removes a file, and makes the removal durable (fsync of its directory).
    /// A file that is not there is not an error.
    static func removeDurably(_ path: String) throws {
        if unlink(path) != 0 {
            guard errno == ENOENT else { throw error("remove", path) }
            return
        }
        try syncDirectory((path as NSString).deletingLastPathComponent)
    }
}
