import IPProtection
import LedgerCore
@testable import Projections
import XCTest

/// The fold reads an event's item kind from what `DomainEvent` worked out, and the views
/// read it from a stream's name: the two agree on every edge of a name.
final class ItemKindTests: XCTestCase {
    func testAnEventsItemKindIsItsStreamNamesItemKind() {
        let streams = ["case/C-1", "case", "/case/C-1", "//case", "case//C-1", "case/", "/", "cases/C-1", "report/R-1", "report",
                       "supervision/S-1", "/supervision/S-1", "mediation/M-1", "action/A-1", "registry", "registry/x", "Case/C-1",
                       "案件/1", "x/case/C-1"]
        for stream in streams {
            let record = LedgerRecord(seq: 1, id: "e1", stream: stream, version: 1, type: "CaseOpened", schema: 1,
                                      at: "2024-01-02T09:00:00+08:00", recorded: "2024-01-02T01:00:00Z",
                                      actor: Actor(agency: "a", officer: "o"), payload: [:], prev: String(repeating: "0", count: 64))
            XCTAssertEqual(ItemKind(DomainEvent(record)), ItemKind(stream: stream), stream)
        }
    }
}
