@testable import LedgerCLI
import XCTest

final class TextTableTests: XCTestCase {
    func testCJKCharactersTakeTwoColumns() {
        XCTAssertEqual(TextTable.displayWidth("abc"), 3)
        XCTAssertEqual(TextTable.displayWidth("移送"), 4)
        XCTAssertEqual(TextTable.displayWidth("案件 case"), 9)
        XCTAssertEqual(TextTable.displayWidth("（全角）"), 8)
        XCTAssertEqual(TextTable.displayWidth("e\u{301}"), 1)
    }

    func testColumnsAlignUnderMixedScripts() {
        var table = TextTable(headers: ["案件 case", "天数 days"], alignments: [.left, .right])
        table.add(["FLE-2024-0007", "3"])
        table.add(["富拉尔基", "12"])
        XCTAssertEqual(table.render(), """
        案件 case      天数 days
        -------------  ---------
        FLE-2024-0007          3
        富拉尔基              12

        """)
    }
}
