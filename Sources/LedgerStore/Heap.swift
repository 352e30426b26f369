import Foundation

/// The C library's heap.
public enum Heap {
    /// Returns the free pages of every thread's heap to the system (glibc's `malloc_trim`;
    /// nothing where there is none), in a few milliseconds.
    ///
    /// Memory freed on another thread than the one that allocated it stays in the
    /// allocating thread's heap: a pass that decodes on workers and frees on others leaves
    /// tens of megabytes of free pages resident unless they are handed back.
    public static func returnFreePages() {
        guard let trim = Heap.trim else { return }
        _ = trim(0)
    }

    private typealias Trim = @convention(c) (Int) -> Int32
    private static let trim: Trim? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim")
        .map { unsafeBitCast($0, to: Trim.self) }
}
