import XCTest
import LedgerCore
@testable import IPProtection
import LedgerTestSupport

/// Reading an action strictly: the envelope, the type, the stream and the payload, each
/// refusal naming the member path.
final class ActionTests: XCTestCase {
    private let valid: [String: JSONValue] = [
        "type": "TransferRefused", "stream": "case/FLE-2024-0007", "at": "2024-03-11T09:00:00+08:00",
        "actor": ["agency": "fle-amr", "officer": "amr-head"], "payload": ["reason": "证据不足"],
    ]

    private func refusal(_ json: JSONValue, file: StaticString = #filePath, line: UInt = #line) -> Refusal? {
        do {
            _ = try Action(json: json)
            XCTFail("accepted", file: file, line: line)
            return nil
        } catch {
            guard let refusal = error as? Refusal else { XCTFail("\(error)", file: file, line: line); return nil }
            return refusal
        }
    }

    private func with(_ changes: [String: JSONValue?]) -> JSONValue {
        var m = valid
        for (k, v) in changes { m[k] = v }
        return .object(m)
    }

    func testAValidAction_readsEveryMember_andWritesItBack() throws {
        let action = try Action(json: with(["id": "act-1", "expectedVersion": 4]))
        XCTAssertEqual(action.type, "TransferRefused")
        XCTAssertEqual(action.timestamp, ts("2024-03-11T01:00:00Z"))
        XCTAssertEqual(action.actor, Actor(agency: "fle-amr", officer: "amr-head"))
        XCTAssertEqual(action.id, "act-1")
        XCTAssertEqual(action.expectedVersion, 4)
        XCTAssertEqual(action.eventType.name, "TransferRefused")
        XCTAssertEqual(action.json, with(["id": "act-1", "expectedVersion": 4]))
    }

    /// A batch of ten thousand actions is handed from the thread that reads them to the one
    /// that records them, and kept until the batch ends: each is one shared box, so that a
    /// copy is one reference, not the two dozen strings and tables of its envelope, draft
    /// and catalogue entry.
    func testAnAction_isOneReference_andItsCopiesShareTheirMembers() throws {
        XCTAssertEqual(MemoryLayout<Action>.size, MemoryLayout<AnyObject>.size)
        let action = try Action(json: with(["id": "act-1"]))
        let copy = action
        XCTAssertEqual(copy.draft, action.draft)
        XCTAssertEqual(copy.json, action.json)
        XCTAssertEqual(copy.draft.stream, "case/FLE-2024-0007")
        XCTAssertEqual(copy.draft.id, "act-1")
    }

    func testTheEnvelope_isStrict() {
        XCTAssertEqual(refusal("[]")?.kind, .malformedAction)
        XCTAssertEqual(refusal(with(["extra": 1]))?.member, "extra")
        XCTAssertEqual(refusal(with(["type": nil]))?.member, "type")
        XCTAssertEqual(refusal(with(["stream": 7]))?.member, "stream")
        XCTAssertEqual(refusal(with(["at": "2024-03-11 09:00"]))?.member, "at")
        XCTAssertEqual(refusal(with(["at": "2024-03-11T09:00:00"]))?.member, "at", "an offset is required")
        XCTAssertEqual(refusal(with(["actor": "amr-head"]))?.member, "actor")
        XCTAssertEqual(refusal(with(["actor": ["agency": "fle-amr"]]))?.member, "actor.officer")
        XCTAssertEqual(refusal(with(["actor": ["agency": "fle-amr", "officer": "x", "role": "head"]]))?.member, "actor.role")
        XCTAssertEqual(refusal(with(["actor": ["agency": "fle amr", "officer": "x"]]))?.member, "actor.agency")
        XCTAssertEqual(refusal(with(["payload": nil]))?.member, "payload")
        XCTAssertEqual(refusal(with(["payload": "reason"]))?.member, "payload")
        XCTAssertEqual(refusal(with(["id": ""]))?.member, "id")
        XCTAssertEqual(refusal(with(["id": "has space"]))?.member, "id")
        XCTAssertEqual(refusal(with(["expectedVersion": -1]))?.member, "expectedVersion")
        XCTAssertEqual(refusal(with(["expectedVersion": 1.5]))?.member, "expectedVersion")
    }

    func testTheTypeAndStream_mustMatchTheCatalogue() {
        let unknown = refusal(with(["type": "CaseTeleported"]))
        XCTAssertEqual(unknown?.kind, .unknownType)
        XCTAssertEqual(unknown?.member, "type")
        XCTAssertEqual(refusal(with(["stream": "report/FLE-1"]))?.kind, .unknownType)
        XCTAssertEqual(refusal(with(["stream": "case"]))?.member, "stream")
        XCTAssertEqual(refusal(with(["stream": "case/"]))?.member, "stream")
        XCTAssertEqual(refusal(with(["stream": "case/a b"]))?.member, "stream")
        XCTAssertEqual(refusal(with(["stream": .string("case/" + String(repeating: "x", count: 65))]))?.member, "stream")
        XCTAssertEqual(refusal(["type": "AgencyRegistered", "stream": "registry/x", "at": "2024-03-11T09:00:00+08:00",
                                "actor": ["agency": "a",
                                    "officer": "b"], "payload": Samples.payload("AgencyRegistered")])?.member, "stream")
    }

    func testThePayload_isCheckedAgainstTheTypesSchema_namingTheMemberPath() {
        let team = refusal(["type": "TransferReportSubmitted", "stream": "case/C1", "at": "2024-03-11T09:00:00+08:00",
                            "actor": ["agency": "fle-amr", "officer": "amr-inv1"],
                            "payload": ["team": ["amr-inv1", 2], "suspectedOffence": "213", "grounds": "g"]])
        XCTAssertEqual(team?.kind, .schema)
        XCTAssertEqual(team?.member, "payload.team[1]")
        XCTAssertEqual(team?.description, "payload.team[1]: expected a string, found integer")
        let nested = refusal(["type": "CaseOpened", "stream": "case/C1", "at": "2024-03-11T09:00:00+08:00",
                              "actor": ["agency": "fle-amr", "officer": "amr-inv1"],
                              "payload": Samples.payload("CaseOpened", with: ["rightsHolder": ["name": "x", "privateEnterprise": "no"]])])
        XCTAssertEqual(nested?.member, "payload.rightsHolder.privateEnterprise")
        let enumeration = refusal(with(["type": "CaseClosed", "payload": ["outcome": "settled", "summary": "x"]]))
        XCTAssertEqual(enumeration?.description,
                       "payload.outcome: \"settled\" is not one of penalized, criminalFiled, noViolation, mediated, withdrawn, other")
    }

    func testALineReadsAsItsJSONAndItsPayloadIsWrittenAsThePlainEncodingWould() throws {
        // Every sample payload, as a canonical line (its payload's bytes taken as they are) and
        // as a line laid out otherwise (encoded): the same action, the same line in the log.
        for type in Catalogue.all {
            let kind = type.streamKind
            let json: JSONValue = ["type": .string(type.name), "stream": .string(kind == "registry" ? "registry" : "\(kind)/X-1"),
                                   "at": "2024-03-11T09:00:00+08:00", "actor": ["agency": "fle-amr", "officer": "amr-head"],
                                   "payload": Samples.payload(type.name), "id": "req-1"]
            let canonical = CanonicalJSON.encode(json)
            let spaced = Array(CanonicalJSON.string(json).replacingOccurrences(of: "\":", with: "\" : ").utf8)
            for bytes in [canonical, spaced] {
                let fromLine = try bytes.withUnsafeBytes { try Action(line: $0) }
                let fromJSON = try Action(json: json)
                XCTAssertEqual(fromLine.draft, fromJSON.draft, type.name)
                XCTAssertEqual(fromLine.draft.canonicalPayload.bytes, CanonicalJSON.encode(.object(fromJSON.payload)), type.name)
                let record = fromLine.draft.record(seq: 1, version: 1, recorded: "2024-03-11T01:00:00Z",
                                                   prev: String(repeating: "0", count: 64), defaultID: "d")
                XCTAssertEqual(record.canonicalBytes, CanonicalJSON.encode(record.json), type.name)
            }
        }
        XCTAssertThrowsError(try Array("{\"type\": }".utf8).withUnsafeBytes { try Action(line: $0) }) { XCTAssertTrue($0 is JSONError) }
    }
}
