import Foundation
@testable import LedgerStore
import XCTest

final class HelperThreadsTests: XCTestCase {
    func testOneThreadDoesTheWorkInTheOrderItWasQueued() {
        let helper = HelperThreads(count: 1, name: "test")
        let lock = NSLock()
        var done: [Int] = []
        let all = DispatchSemaphore(value: 0)
        for i in 0..<1_000 {
            helper.async {
                lock.lock()
                done.append(i)
                lock.unlock()
                if i == 999 { all.signal() }
            }
        }
        all.wait()
        helper.finish(wait: true)
        XCTAssertEqual(done, Array(0..<1_000))
    }

    func testSeveralThreadsDoEveryJobOnce_andFinishWaitsForThem() {
        let helpers = HelperThreads(count: 3, name: "test")
        let lock = NSLock()
        var counts = [Int](repeating: 0, count: 5_000)
        for i in counts.indices {
            helpers.async {
                lock.lock()
                counts[i] += 1
                lock.unlock()
            }
        }
        helpers.finish(wait: true)
        XCTAssertEqual(counts, [Int](repeating: 1, count: 5_000))
    }

    /// The helpers yield to the thread on the critical path: they run some steps lower
    /// (on Linux, where a thread has a nice value of its own).
    func testHelpersRunBelowThePriorityOfTheThreadThatMadeThem() throws {
        #if os(Linux)
        func priority() -> Int32 { getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) }
        errno = 0
        let mine = priority()
        XCTAssertEqual(errno, 0)
        let helper = HelperThreads(count: 1, name: "test")
        var theirs: Int32 = 0
        let done = DispatchSemaphore(value: 0)
        helper.async {
            theirs = priority()
            done.signal()
        }
        done.wait()
        helper.finish(wait: true)
        XCTAssertEqual(theirs, min(19, mine + HelperThreads.niceness))
        XCTAssertEqual(priority(), mine, "the calling thread's priority changed")
        #else
        throw XCTSkip("a nice value per thread is Linux's")
        #endif
    }
}
