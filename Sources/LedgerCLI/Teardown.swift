import Foundation

/// Large values a command leaves to the end of the process instead of freeing them.
///
/// Freeing the folded projections of a million events, allocation by allocation, takes
/// about half a second; the system takes their pages back at exit at once. A command
/// that is about to return hands such a value here; it is kept until the process ends.
/// Small values (a test's ledger in-process) are simply freed.
enum Teardown {
    /// Values kept to the end; only ever appended to.
    nonisolated(unsafe) private static var kept: [Any] = []
    private static let lock = NSLock()

    /// Keeps `value` until the process ends when it is `large`; otherwise lets it be freed as usual.
    static func leave(_ value: Any, large: Bool) {
        guard large else { return }
        lock.lock()
        kept.append(value)
        lock.unlock()
    }
}
