import Foundation

/// The first `length` bytes of a file mapped into memory (`mmap`, `MAP_SHARED`): read-only,
/// or writable so that stores reach the file through the page cache.
///
/// A mapping outlives a rename or an unlink of its file (it keeps the inode), but not a
/// truncation below `length`: the index files a process may map are therefore replaced
/// (a new file renamed over them) or extended, never truncated in place.
final class MappedFile {
    let pointer: UnsafeMutableRawPointer
    let length: Int
    let path: String

    /// Maps `length` bytes of the file at `path`, which must hold at least that many.
    ///
    /// - Throws: `StoreError.io` naming the file when it cannot be opened, is shorter, or
    ///   cannot be mapped.
    init(path: String, length: Int, writable: Bool) throws {
        let fd = open(path, (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC)
        guard fd >= 0 else { throw POSIXFile.error("open", path) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw POSIXFile.error("stat", path) }
        guard Int(st.st_size) >= length else {
            throw StoreError.io(operation: "map", path: path, reason: "the file holds \(st.st_size) bytes, not \(length)")
        }
        // mmap refuses a length of 0: map one page of nothing instead (never read).
        let mapped = mmap(nil, max(length, 1), PROT_READ | (writable ? PROT_WRITE : 0), MAP_SHARED, fd, 0)
        guard let mapped, mapped != MAP_FAILED else { throw POSIXFile.error("map", path) }
        pointer = mapped
        self.length = length
        self.path = path
    }

    deinit { munmap(pointer, max(length, 1)) }

    /// The little-endian integer at byte `offset`.
    @inline(__always)
    func load<T: FixedWidthInteger>(_ offset: Int, as type: T.Type) -> T {
        T(littleEndian: UnsafeRawPointer(pointer).loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// Stores `value` little-endian at byte `offset` (a writable mapping only).
    @inline(__always)
    func store<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        pointer.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self)
    }
}
