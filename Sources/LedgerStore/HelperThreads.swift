import Foundation

/// Threads of one pass that help the thread on its critical path, run below that thread's
/// priority: work queued here is done in the order it was queued (by one thread in turn
/// when there is one), and the threads end once `finish` has been called and the queue is
/// empty.
///
/// A rebuild folds every event on the calling thread, while helpers read, hash and decode
/// the chunks ahead of it and check the chain. On two cores, three or four busy threads
/// take turns, and every turn the folding thread loses lengthens the pass by as much.
/// Helpers a few steps lower in priority (`nice`) still have the other core, and the
/// folding thread's idle moments, to themselves; the folding thread is no longer
/// preempted by them.
final class HelperThreads: @unchecked Sendable {
    /// How many steps below the creating thread the helpers run (`nice`, per thread on Linux).
    static let niceness: Int32 = 5

    private let condition = NSCondition()
    private var work: [() -> Void] = []
    private var head = 0
    private var finishing = false
    private var running: Int

    /// Starts `count` threads (at least one).
    init(count: Int, name: String) {
        let threads = max(1, count)
        running = threads
        for i in 0..<threads {
            let thread = Thread { [self] in
                #if os(Linux)
                // Linux keeps a nice value per thread; elsewhere `nice` would lower the whole process.
                _ = nice(HelperThreads.niceness)
                #endif
                serve()
            }
            thread.name = threads == 1 ? name : "\(name) \(i + 1)"
            thread.start()
        }
    }

    /// Queues `job`.
    func async(_ job: @escaping () -> Void) {
        condition.lock()
        precondition(!finishing, "work queued after finish()")
        work.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the threads end once the queue is empty; with `wait`, waits until they have.
    func finish(wait: Bool = false) {
        condition.lock()
        finishing = true
        condition.broadcast()
        while wait && running > 0 { condition.wait() }
        condition.unlock()
    }

    private func serve() {
        condition.lock()
        while true {
            if head < work.count {
                let job = work[head]
                work[head] = {}
                head += 1
                if head == work.count {
                    work.removeAll(keepingCapacity: true)
                    head = 0
                }
                condition.unlock()
                job()
                condition.lock()
            } else if finishing {
                running -= 1
                condition.broadcast()
                condition.unlock()
                return
            } else {
                condition.wait()
            }
        }
    }
}
