import Foundation
@testable import IPProtection
import LedgerCore
import LedgerFixtures
@testable import Projections
import XCTest

/// The snapshot encoding: what is encoded is read back equal (to the set, and to what a
/// round trip through Foundation's JSON gives), compactly, and damaged bytes are refused.
final class SnapshotCodecTests: XCTestCase {
    static let generated = ProjectionSet.replay(LogGenerator(LogGenerator.Options(events: 20_000, seed: 11)).records())

    func testGivenAGeneratedLedger_whenEncodedAndDecoded_thenEveryProjectionIsEqual() throws {
        let set = Self.generated
        let bytes = try set.snapshotBytes()
        let decoded = try ProjectionSet(snapshotBytes: bytes)
        XCTAssertEqual(decoded.differences(from: set), [])
        // Encoded again (its dictionaries iterate in another order), read back alike.
        XCTAssertEqual(try ProjectionSet(snapshotBytes: try decoded.snapshotBytes()).differences(from: set), [])
        // Every kind of state is in there.
        XCTAssertFalse(decoded.domain.mediations.isEmpty)
        XCTAssertFalse(decoded.domain.supervisions.isEmpty)
        XCTAssertEqual(decoded.domain.cases, set.domain.cases)
        XCTAssertEqual(decoded.domain.reports, set.domain.reports)
        XCTAssertEqual(decoded.domain.mediations, set.domain.mediations)
        XCTAssertEqual(decoded.domain.actions, set.domain.actions)
        XCTAssertEqual(decoded.domain.meetings, set.domain.meetings)
        XCTAssertEqual(decoded.domain.services, set.domain.services)
        XCTAssertEqual(decoded.domain.publications, set.domain.publications)
        XCTAssertEqual(decoded.domain.registry, set.domain.registry)
        XCTAssertEqual(decoded.workload, set.workload)
        XCTAssertEqual(decoded.statistics, set.statistics)
        XCTAssertEqual(decoded.domain.registry.clock(atSeq: 50), set.domain.registry.clock(atSeq: 50), "the calendars in force by seq")
    }

    func testTheLargeDictionariesAreCutInBlocks_andReadBackWhole() throws {
        let set = ProjectionSet.replay(LogGenerator(LogGenerator.Options(events: 60_000, seed: 11)).records())
        XCTAssertGreaterThanOrEqual(set.domain.reports.count, SnapshotEncoder.Writer.blocksFrom, "the fixture is large enough")
        let chunks = try set.snapshotChunks()
        XCTAssertGreaterThan(chunks.count, 2, "blocks follow the root")
        XCTAssertTrue(Array(chunks.joined()) == (try set.snapshotBytes()), "the same bytes, joined or not")
        // Read as a mapped file's owner reads it, letting go of the bytes as the decoder is done with them.
        final class Released: @unchecked Sendable {
            let lock = NSLock()
            var ranges: [Range<Int>] = []
            func add(_ range: Range<Int>) { lock.withLock { ranges.append(range) } }
        }
        let bytes = Array(chunks.joined()), released = Released()
        let decoded = try bytes.withUnsafeBytes { raw in try ProjectionSet(snapshotBytes: raw) { released.add($0) } }
        XCTAssertEqual(decoded.domain.reports, set.domain.reports)
        XCTAssertEqual(decoded.domain.versions, set.domain.versions, "made again from the states' own")
        XCTAssertEqual(decoded.workload.handlers, set.workload.handlers)
        // First the body, checksummed piece by piece, then each block, once decoded.
        let ranges = released.ranges
        let checksummed = ranges.prefix { $0.upperBound < bytes.count }.count + 1
        let pieces = ranges.prefix(checksummed), blocks = ranges.dropFirst(checksummed)
        XCTAssertEqual(pieces.first?.lowerBound, SnapshotFormat.headerSize)
        XCTAssertEqual(pieces.last?.upperBound, bytes.count)
        XCTAssertTrue(zip(pieces, pieces.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound }, "\(pieces)")
        XCTAssertEqual(blocks.count, chunks.count - 1, "each block once: \(blocks)")
        XCTAssertEqual(Set(blocks.map(\.lowerBound)).count, blocks.count)
        XCTAssertEqual(blocks.map(\.count).reduce(0, +), chunks.dropFirst().map(\.count).reduce(0, +))
    }

    /// The states' tables are written as the dictionaries by name they stand for, in
    /// blocks or inline, and read back from them.
    func testAStreamTableIsWrittenAsTheDictionaryByName_inBlocksOrNot() throws {
        for count in [0, 1, 3, 100, SnapshotEncoder.Writer.blocksFrom + 5] {
            let dictionary = Dictionary(uniqueKeysWithValues: (0..<count).map { ("case/FLE-\($0)", $0) })
            let table = StreamTable(dictionary)
            let bytes = try SnapshotEncoder.encode(table)
            XCTAssertTrue(bytes == (try SnapshotEncoder.encode(dictionary)), "\(count) entries")
            XCTAssertEqual(try SnapshotDecoder.decode(StreamTable<Int>.self, from: bytes), table)
            XCTAssertEqual(try SnapshotDecoder.decode([String: Int].self, from: bytes), dictionary)
            // Inside a value, below the depth where dictionaries are cut in blocks.
            let nested = [[["x": table]]]
            let nestedBytes = try SnapshotEncoder.encode(nested)
            XCTAssertTrue(nestedBytes == (try SnapshotEncoder.encode([[["x": dictionary]]])), "\(count) entries, nested")
            XCTAssertEqual(try SnapshotDecoder.decode([[[String: StreamTable<Int>]]].self, from: nestedBytes), nested)
        }
    }

    /// A set counts its streams' versions in their states, and its snapshot keeps them there
    /// only; a domain state that keeps a dictionary of every version (the recorder's) keeps it
    /// in its snapshot too. Either reads back with the same versions.
    func testVersionsAreReadBackAsTheyWereKept() throws {
        let records = LogGenerator(LogGenerator.Options(events: 3_000, seed: 4)).records()
        let set = ProjectionSet.replay(records)
        let folding = try SnapshotDecoder.decode(DomainState.self, from: try SnapshotEncoder.encode(set.domain))
        XCTAssertEqual(folding.versions, set.domain.versions)
        let deciding = DomainState.replay(records)
        let decoded = try SnapshotDecoder.decode(DomainState.self, from: try SnapshotEncoder.encode(deciding))
        XCTAssertEqual(decoded.versions, deciding.versions)
        XCTAssertEqual(decoded.versions, set.domain.versions)
        for stream in ["registry", records.last!.stream, "case/none"] {
            XCTAssertEqual(decoded.version(of: stream), deciding.version(of: stream), stream)
            XCTAssertEqual(folding.version(of: stream), deciding.version(of: stream), stream)
        }
        XCTAssertLessThan(try SnapshotEncoder.encode(set.domain).count, try SnapshotEncoder.encode(deciding).count,
                          "the set's snapshot does not repeat every stream's version")
    }

    /// `rebuild` compares the rebuilt projections with the incremental snapshot by their
    /// bytes: equal sets must encode alike, whatever order their dictionaries hold their
    /// entries in (a decoded set's dictionaries were filled in another order, and with
    /// another capacity, than the folded set's).
    func testEqualSetsEncodeToEqualBytes_whateverTheOrderOfTheirDictionaries() throws {
        let set = Self.generated
        let bytes = try set.snapshotBytes()
        let decoded = try ProjectionSet(snapshotBytes: bytes)
        XCTAssertEqual(try decoded.snapshotBytes(), bytes)
        XCTAssertEqual(Array(try decoded.snapshotChunks().joined()), bytes, "in chunks, the same bytes")
        XCTAssertEqual(try set.snapshotBytes(), bytes, "encoded twice")
        // The order really differs: otherwise this test would prove nothing.
        XCTAssertNotEqual(Array(decoded.domain.cases.keys), Array(set.domain.cases.keys))
        XCTAssertNotEqual(Array(decoded.domain.versions.keys), Array(set.domain.versions.keys))
        // The same dictionaries filled in the opposite order.
        var reversed: [String: Int] = [:]
        for (key, value) in set.domain.versions.reversed() { reversed[key] = value }
        XCTAssertEqual(try SnapshotEncoder.encode(reversed), try SnapshotEncoder.encode(set.domain.versions))
        let roles: Set<Role> = [.admin, .clerk, .judge, .mediator, .prosecutor]
        var rolesOtherwise = Set<Role>(minimumCapacity: 64)
        for role in roles.reversed() { rolesOtherwise.insert(role) }
        XCTAssertEqual(try SnapshotEncoder.encode(rolesOtherwise), try SnapshotEncoder.encode(roles))
        // And a set that differs encodes otherwise.
        let shorter = ProjectionSet.replay(LogGenerator(LogGenerator.Options(events: 20_000, seed: 11)).records().dropLast())
        XCTAssertNotEqual(try shorter.snapshotBytes(), bytes)
    }

    func testOurRoundTripEqualsFoundationsJSONRoundTrip() throws {
        // Both read back through the states' own Codable conformances: they must agree value for value.
        for set in [Scenario.projections(), Self.generated] {
            let ours = try ProjectionSet(snapshotBytes: try set.snapshotBytes())
            let theirs = try JSONDecoder().decode(ProjectionSet.self, from: try JSONEncoder().encode(set))
            XCTAssertEqual(ours.differences(from: theirs), [])
            XCTAssertEqual(ours.domain.cases, theirs.domain.cases)
            XCTAssertEqual(ours.domain.reports, theirs.domain.reports)
            XCTAssertEqual(ours.domain.supervisions, theirs.domain.supervisions)
            XCTAssertEqual(ours.domain.mediations, theirs.domain.mediations)
            XCTAssertEqual(ours.workload, theirs.workload)
        }
    }

    func testTheEncodingIsCompact() throws {
        let set = Self.generated
        let json = try JSONEncoder().encode(set).count
        let ours = try set.snapshotBytes().count
        XCTAssertLessThan(ours * 3, json, "\(ours) bytes against \(json) of JSON")
    }

    func testEventIdsChosenBySubmittersRoundTrip_asWellAsTheLedgersDefaultOnes() throws {
        let records = Scenario.records.map { record -> LedgerRecord in
            var r = record
            if r.seq % 3 == 0 { r.id = "idem-\(r.seq)" }
            if r.seq % 7 == 0 { r.id = "\(r.stream)@0\(r.version)" }  // looks default, is not
            return r
        }
        let set = ProjectionSet.replay(records)
        let decoded = try ProjectionSet(snapshotBytes: try set.snapshotBytes())
        XCTAssertEqual(decoded.differences(from: set), [])
        let ids = { (s: ProjectionSet) in s.domain.cases.values.flatMap { $0.deadlines.all.map(\.startedBy.id) }.sorted() }
        XCTAssertEqual(ids(decoded), ids(set))
        XCTAssertTrue(ids(set).contains { $0.hasPrefix("idem-") })
    }

    func testReferencesKeepEveryInstantExactly_thoseTheirStampCannotPackIncluded() throws {
        let instants = [
            Timestamp(seconds: 1_700_000_000, nanoseconds: 250, offsetSeconds: 28_800),  // packed in the stamp
            Timestamp(seconds: 1_700_000_000, offsetSeconds: 28_830),  // an offset not in whole minutes
            Timestamp(seconds: Int64.max / 2, nanoseconds: 999_999_999, offsetSeconds: -3_600),  // past 40 bits
        ]
        let refs = instants.flatMap { at in
            [EventReference(seq: 3, id: "case/C1@3", stream: "case/C1", type: "CaseOpened", at: at),
             EventReference(seq: 4, id: "idem-4", stream: "case/C1", type: "Unheard", at: at)]
        }
        let decoded = try SnapshotDecoder.decode([EventReference].self, from: try SnapshotEncoder.encode(refs))
        XCTAssertEqual(decoded, refs)
        XCTAssertEqual(decoded.map { [$0.at.seconds, Int64($0.at.nanoseconds), Int64($0.at.offsetSeconds)] },
                       refs.map { [$0.at.seconds, Int64($0.at.nanoseconds), Int64($0.at.offsetSeconds)] })
        XCTAssertEqual(decoded.map(\.id), ["case/C1@3", "idem-4", "case/C1@3", "idem-4", "case/C1@3", "idem-4"])
    }

    func testAPartyIsEncodedAsItsPlainMembers() throws {
        // A party keeps its members in a shared box; it encodes as the plain struct it replaced.
        struct Plain: Codable {
            var name: String
            var privateEnterprise: Bool
            var creditCode: String?
        }
        for (name, privateEnterprise, code) in [("某商店", true, nil), ("黑龙江某酒业股份有限公司", false, "91230200MA1234567X")] {
            let party = Party(name: name, privateEnterprise: privateEnterprise, creditCode: code)
            let plain = Plain(name: name, privateEnterprise: privateEnterprise, creditCode: code)
            XCTAssertEqual(try SnapshotEncoder.encode(party), try SnapshotEncoder.encode(plain))
            let json = JSONEncoder()
            json.outputFormatting = .sortedKeys
            XCTAssertEqual(try json.encode(party), try json.encode(plain))
            XCTAssertEqual(try SnapshotDecoder.decode(Party.self, from: try SnapshotEncoder.encode(plain)), party)
        }
        XCTAssertEqual(MemoryLayout<Party>.size, 8)
    }

    func testATransfersRareStepsAreEncodedAsThePlainPropertiesTheyWere() throws {
        // The rare steps live in a box of their own; the fields encode as a plain struct's.
        struct Plain: Codable {
            var stage: TransferProgress.Stage
            var report: TransferProgress.Report?
            var reports: [EventReference]
            var approval, refusal, transferred: EventReference?
            var transferredTo: String?
            var missingDocuments: [String]
            var forwards: [EventReference]
            var handedTo, receipt, pendingMaterialsRequest, filing: EventReference?
            var filingNo: String?
            var decline, reconsiderationRequest, reconsiderationDecision: EventReference?
            var reconsiderationOutcome: String?
            var suggestion: EventReference?
            var suggestedTo: String?
            var handovers: [EventReference]
            var filingReopened: Bool
        }
        let refs = (1...12).map { EventReference(seq: $0, id: "case/C1@\($0)", stream: "case/C1", type: "CaseOpened",
                                                 at: Timestamp(seconds: 1_700_000_000 + Int64($0))) }
        func plain(_ f: TransferProgress.Fields) -> Plain {
            Plain(stage: f.stage, report: f.report, reports: f.reports, approval: f.approval, refusal: f.refusal,
                  transferred: f.transferred, transferredTo: f.transferredTo, missingDocuments: f.missingDocuments,
                  forwards: f.forwards, handedTo: f.handedTo, receipt: f.receipt, pendingMaterialsRequest: f.pendingMaterialsRequest,
                  filing: f.filing, filingNo: f.filingNo, decline: f.decline, reconsiderationRequest: f.reconsiderationRequest,
                  reconsiderationDecision: f.reconsiderationDecision, reconsiderationOutcome: f.reconsiderationOutcome,
                  suggestion: f.suggestion, suggestedTo: f.suggestedTo, handovers: f.handovers, filingReopened: f.filingReopened)
        }
        var usual = TransferProgress.Fields()
        usual.stage = .filed
        usual.reports = [refs[0]]
        usual.approval = refs[1]
        usual.transferred = refs[2]
        usual.transferredTo = "psb"
        usual.filing = refs[3]
        usual.filingNo = "F-1"
        usual.handovers = [refs[4]]
        var rare = usual
        rare.refusal = refs[5]
        rare.pendingMaterialsRequest = refs[6]
        rare.decline = refs[7]
        rare.reconsiderationRequest = refs[8]
        rare.reconsiderationDecision = refs[9]
        rare.reconsiderationOutcome = "upheld"
        rare.suggestion = refs[10]
        rare.suggestedTo = "procuratorate"
        rare.filingReopened = true
        var cleared = rare
        for step in [\TransferProgress.Fields.refusal, \.pendingMaterialsRequest, \.decline, \.reconsiderationRequest,
                     \.reconsiderationDecision, \.suggestion] { cleared[keyPath: step] = nil }
        cleared.reconsiderationOutcome = nil
        cleared.suggestedTo = nil
        cleared.filingReopened = false
        XCTAssertEqual(cleared, usual, "every rare step taken back: the usual fields again")
        XCTAssertNotEqual(rare, usual)
        let json = JSONEncoder()
        json.outputFormatting = .sortedKeys
        for fields in [TransferProgress.Fields(), usual, rare] {
            let bytes = try SnapshotEncoder.encode(fields)
            XCTAssertEqual(bytes, try SnapshotEncoder.encode(plain(fields)))
            XCTAssertEqual(try json.encode(fields), try json.encode(plain(fields)))
            XCTAssertEqual(try SnapshotDecoder.decode(TransferProgress.Fields.self, from: bytes), fields)
        }
        XCTAssertEqual(rare.decline, refs[7])
        XCTAssertEqual(rare.reconsiderationOutcome, "upheld")
        XCTAssertEqual(Mirror(reflecting: rare).children.map(\.label), Mirror(reflecting: plain(rare)).children.map(\.label))
    }

    func testTheStatesWrittenDirectlyAreTheBytesTheirCodableWrites() throws {
        // Reports, cases, references, parties, penalties, evidence, transfers and deadline
        // books are written without `Codable`'s containers: to the same bytes.
        func assertSameBothWays<T: Encodable>(_ value: T, _ what: String) throws {
            let direct = try SnapshotEncoder.encode(value)
            SnapshotEncoder.writesStatesDirectly = false
            defer { SnapshotEncoder.writesStatesDirectly = true }
            let codable = try SnapshotEncoder.encode(value)
            let first = direct.indices.first { $0 >= codable.count || direct[$0] != codable[$0] }
            XCTAssertTrue(direct == codable, "\(what): \(direct.count) and \(codable.count) bytes, the first different at \(first ?? -1)")
        }
        let submitted = Scenario.records.map { record -> LedgerRecord in
            var r = record
            if r.seq % 3 == 0 { r.id = "idem-\(r.seq)" }
            return r
        }
        try assertSameBothWays(Self.generated, "a generated ledger")
        try assertSameBothWays(ProjectionSet.replay(Scenario.records), "the scenarios")
        try assertSameBothWays(ProjectionSet.replay(submitted), "the scenarios with submitters' ids")
        // A transfer with every rare step, a report without gains; a penalty; notarised evidence; a party with its code.
        let ref = { (seq: Int) in EventReference(seq: seq, id: "case/C1@\(seq)", stream: "case/C1", type: "CaseOpened",
                                                 at: Timestamp(seconds: 1_700_000_000 + Int64(seq))) }
        var transfer = TransferProgress()
        transfer.stage = .declined
        transfer.report = TransferProgress.Report(team: ["a", "b"], suspectedOffence: "213", illegalGainsFen: nil,
                                                  businessVolumeFen: 5, submitted: ref(1))
        transfer.refusal = ref(2)
        transfer.decline = ref(3)
        transfer.reconsiderationOutcome = "upheld"
        transfer.suggestion = ref(4)
        transfer.suggestedTo = "procuratorate"
        transfer.filingReopened = true
        try assertSameBothWays([TransferProgress(), transfer], "transfers")
        try assertSameBothWays([CaseState.Evidence(id: "E1", sha256: String(repeating: "ab", count: 32), recorded: ref(5),
                                                   notarized: ref(6), certificateNo: "(2024)黑齐证字第1号")], "evidence")
        try assertSameBothWays([CaseState.Penalty(decisionNo: "P-1", fineFen: 100, illegalGainsFen: 0, businessVolumeFen: 7,
                                                  decided: ref(7))], "a penalty")
        try assertSameBothWays([Party(name: "某", privateEnterprise: true, creditCode: "9123")], "a party")
    }

    func testEmptySetsRoundTrip() throws {
        let decoded = try ProjectionSet(snapshotBytes: try ProjectionSet().snapshotBytes())
        XCTAssertEqual(decoded.differences(from: ProjectionSet()), [])
        XCTAssertEqual(decoded.count, 0)
    }
}

/// A case's evidence: kept in the order recorded, found by id (by a scan, then by an index
/// past `scanLimit`), and encoded exactly as the dictionary by id it replaced.
final class EvidenceListTests: XCTestCase {
    /// `count` pieces whose ids do not sort in the order they were recorded.
    func pieces(_ count: Int) -> [CaseState.Evidence] {
        (0..<count).map { k in
            let reference = EventReference(seq: 10 + k, id: "case/C1@\(k + 2)", stream: "case/C1", type: "EvidenceRecorded",
                                           at: Timestamp(seconds: 1_700_000_000 + Int64(k)))
            return CaseState.Evidence(id: "E-\((k * 7) % count)-\(k)", sha256: String(repeating: "ab", count: 32), recorded: reference)
        }
    }

    func testPiecesAreFoundByIdBeforeAndAfterTheIndexIsMade() {
        let all = pieces(3 * IPProtection.CaseState.EvidenceList.scanLimit)
        var list = CaseState.EvidenceList()
        for (n, piece) in all.enumerated() {
            list.append(piece)
            XCTAssertEqual(list.count, n + 1)
            for earlier in all[...n] { XCTAssertEqual(list[earlier.id], earlier, "\(earlier.id) among \(n + 1)") }
            XCTAssertNil(list["E-none"])
        }
        XCTAssertEqual(list.all, all, "in the order recorded")
        for id in [all[2].id, all.last!.id] {
            list.update(id) { $0.certificateNo = "(2024)黑齐证字第\(id)号" }
            XCTAssertEqual(list[id]?.certificateNo, "(2024)黑齐证字第\(id)号")
        }
        list.update("E-none") { $0.certificateNo = "x" }
        XCTAssertEqual(list.all.filter { $0.certificateNo != nil }.count, 2)
    }

    func testAFilesHashReadsAsRecorded_whateverItsForm() throws {
        let recorded = pieces(1)[0].recorded
        let lower = String(repeating: "0123456789abcdef", count: 4)
        for text in [lower, lower.uppercased(), "abc", "", String(lower.dropLast()) + "g", lower + "0"] {
            var piece = CaseState.Evidence(id: "E1", sha256: text, recorded: recorded)
            XCTAssertEqual(piece.sha256, text)
            let json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(piece)) as? [String: Any]
            XCTAssertEqual(json?["sha256"] as? String, text)
            XCTAssertEqual(Set(json?.keys.map { $0 } ?? []), ["id", "sha256", "recorded"], "absent optionals are left out")
            XCTAssertEqual(try JSONDecoder().decode(CaseState.Evidence.self, from: try JSONEncoder().encode(piece)), piece)
            XCTAssertNotEqual(piece, CaseState.Evidence(id: "E1", sha256: text + "0", recorded: recorded))
            piece.sha256 = lower
            XCTAssertEqual(piece, CaseState.Evidence(id: "E1", sha256: lower, recorded: recorded))
        }
        XCTAssertNotEqual(CaseState.Evidence(id: "E1", sha256: lower, recorded: recorded),
                          CaseState.Evidence(id: "E1", sha256: lower.uppercased(), recorded: recorded))
    }

    func testTheEncodingIsTheDictionaryByIds_andIsReadBackInTheOrderRecorded() throws {
        for count in [0, 1, 2, 20] {
            let all = pieces(count)
            let list = CaseState.EvidenceList(all)
            let dictionary = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
            XCTAssertEqual(try SnapshotEncoder.encode(list), try SnapshotEncoder.encode(dictionary), "\(count) pieces")
            let decoded = try SnapshotDecoder.decode(CaseState.EvidenceList.self, from: try SnapshotEncoder.encode(list))
            XCTAssertEqual(decoded.all, all)
            let json = try JSONEncoder().encode(list)
            XCTAssertEqual(try JSONDecoder().decode([String: CaseState.Evidence].self, from: json), dictionary)
            XCTAssertEqual(try JSONDecoder().decode(CaseState.EvidenceList.self, from: json), list)
        }
    }
}
