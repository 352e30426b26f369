import Foundation

/// The ledger's single-writer lock: an exclusive `flock` on `ledger.lock` in the directory.
///
/// The kernel releases it when the holder's process dies, so a crashed writer never
/// leaves the ledger locked; a hung one makes others fail after their timeout.
///
/// A writer that finds the lock taken waits in the kernel's queue (a blocking `flock`
/// on a helper thread), not by polling: a poller loses the lock again and again to a
/// busy writer that re-takes it at once, and could time out although the lock was
/// never held for long.
final class FileLock {
    /// The lock file's descriptor; -1 once it was handed to a `Waiter` that timed out.
    private var fd: Int32
    let path: String
    private let shared: Bool
    /// Whether this holder has the lock now.
    private(set) var isHeld = false

    /// Takes the lock, waiting at most `timeout` seconds.
    ///
    /// - Parameter shared: a shared lock (`LOCK_SH`), which holds writers off but not other
    ///   readers; the lock file is then only opened, never created.
    /// - Throws: `StoreError.lockTimeout` when another holder keeps it longer.
    convenience init(path: String, timeout: Double, shared: Bool = false) throws {
        try self.init(opening: path, shared: shared)
        try acquire(timeout: timeout)
    }

    /// Opens the lock file without taking the lock: `acquire` and `release` then take and
    /// let it go as often as needed, on the one descriptor (no `open` and `close` each time).
    ///
    /// `flock` does not tell the threads of a process apart: the caller lets one thread at
    /// a time use the instance.
    init(opening path: String, shared: Bool = false) throws {
        self.path = path
        self.shared = shared
        var fd = shared ? open(path, O_RDONLY | O_CLOEXEC) : open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        let code = errno
        if fd < 0 && !shared && (code == EACCES || code == EROFS || code == EPERM) {
            // A read-only directory or lock file: flock works on a read-only descriptor,
            // and the caller then names the real problem (the log cannot be written).
            fd = open(path, O_RDONLY | O_CLOEXEC)
        }
        guard fd >= 0 else { throw POSIXFile.error("open the lock file", path, code) }
        self.fd = fd
    }

    /// Whether the instance can take the lock again: not when its descriptor went to a
    /// waiter that timed out, nor when its file is no longer in the directory (deleted or
    /// replaced: a lock on it would exclude nobody who opens the path now).
    var isUsable: Bool {
        guard fd >= 0 else { return false }
        var st = stat()
        return fstat(fd, &st) == 0 && st.st_nlink > 0
    }

    /// Takes the lock, waiting at most `timeout` seconds.
    ///
    /// - Throws: `StoreError.lockTimeout` when another holder keeps it longer (the instance
    ///   is then unusable: its descriptor stays with the wait until that ends).
    func acquire(timeout: Double) throws {
        precondition(fd >= 0 && !isHeld, "acquire on a lock that is held or was given up")
        let operation = shared ? LOCK_SH : LOCK_EX
        while flock(fd, operation | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            guard code == EWOULDBLOCK else { throw POSIXFile.error("lock", path, code) }
            switch Waiter(fd: fd, operation: operation).wait(timeout: timeout) {
            case .acquired:
                isHeld = true
                return
            case .timedOut:
                // The waiter owns the descriptor now, and closes it when flock returns.
                fd = -1
                throw StoreError.lockTimeout(path: path, seconds: timeout)
            case .failed(let code):
                throw POSIXFile.error("lock", path, code)
            }
        }
        isHeld = true
    }

    /// Lets the lock go (the descriptor stays open for the next `acquire`).
    func release() {
        guard isHeld else { return }
        flock(fd, LOCK_UN)
        isHeld = false
    }

    deinit {
        guard fd >= 0 else { return }
        release()
        close(fd)
    }

    /// A blocking `flock` on its own thread, so that the wait can end at a deadline.
    private final class Waiter {
        enum Outcome { case acquired, timedOut, failed(Int32) }
        private enum State { case waiting, done(Outcome), abandoned }

        private let fd: Int32
        private let operation: Int32
        private let condition = NSCondition()
        private var state = State.waiting

        init(fd: Int32, operation: Int32) {
            self.fd = fd
            self.operation = operation
        }

        func wait(timeout: Double) -> Outcome {
            let thread = Thread { [self] in
                var result: Outcome = .acquired
                while flock(fd, operation) != 0 {
                    if errno == EINTR { continue }
                    result = .failed(errno)
                    break
                }
                condition.lock()
                defer { condition.unlock() }
                if case .abandoned = state {
                    // Whoever asked has given up: let the lock go at once.
                    close(fd)
                    return
                }
                state = .done(result)
                condition.signal()
            }
            thread.start()
            let deadline = Date().addingTimeInterval(max(0, timeout))
            condition.lock()
            defer { condition.unlock() }
            while true {
                if case .done(let outcome) = state { return outcome }
                if !condition.wait(until: deadline) {
                    if case .done(let outcome) = state { return outcome }
                    state = .abandoned
                    return .timedOut
                }
            }
        }
    }
}
