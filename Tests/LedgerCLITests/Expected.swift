import Foundation
import LedgerTestSupport

/// Whole answers compared with the files in `Tests/LedgerCLITests/Expected/` (`IPLEDGER_WRITE_EXPECTED=1` writes them).
enum Expected: ExpectedOutput {
    static let directory = Paths.projectRoot.appendingPathComponent("Tests/LedgerCLITests/Expected")
}
