import Foundation

/// The ledger's single-writer lock: an exclusive `flock` on `ledger.lock` in the directory.
///
/// The kernel releases it when the holder's process dies, so a crashed writer never
/// leaves the ledger locked; a hung one makes others fail after their timeout.
final class FileLock {
    private let fd: Int32
    let path: String

    /// Takes the lock, waiting at most `timeout` seconds.
    ///
    /// - Throws: `StoreError.lockTimeout` when another holder keeps it longer.
    init(path: String, timeout: Double) throws {
        self.path = path
        var fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        let code = errno
        if fd < 0 && (code == EACCES || code == EROFS || code == EPERM) {
            // A read-only directory or lock file: flock works on a read-only descriptor,
            // and the caller then names the real problem (the log cannot be written).
            fd = open(path, O_RDONLY | O_CLOEXEC)
        }
        guard fd >= 0 else { throw POSIXFile.error("open the lock file", path, code) }
        let deadline = Date().addingTimeInterval(max(0, timeout))
        var pause: useconds_t = 200
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else {
                close(fd)
                throw POSIXFile.error("lock", path, code)
            }
            if Date() >= deadline {
                close(fd)
                throw StoreError.lockTimeout(path: path, seconds: timeout)
            }
            usleep(pause)
            pause = min(pause * 2, 20_000)
        }
        self.fd = fd
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
