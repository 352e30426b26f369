import IPProtection
import LedgerCore
import LedgerFixtures
import Projections

/// The scenario ledger (`LedgerFixtures.ScenarioLedger`) folded, and helpers to compare answers.
enum Scenario {
    static let records = ScenarioLedger.records()
    static let offset: Int32 = 8 * 3600

    /// Every record folded, or those up to `seq`, or those `at` ≤ `datedBy`.
    static func projections(upTo seq: Int? = nil, datedBy: Timestamp? = nil) -> ProjectionSet {
        ProjectionSet.replay(records.filter { record in
            (seq.map { record.seq <= $0 } ?? true) && (datedBy.map { Timestamp(rfc3339: record.at)! <= $0 } ?? true)
        })
    }

    /// `2024-06-17T12:00` in the ledger's time zone.
    static func instant(_ text: String) -> Timestamp { Timestamp(rfc3339: text + ":00+08:00")! }

    /// The values as JSON lines, as `--json` prints them.
    static func lines(_ values: [JSONValue]) -> String { values.map { CanonicalJSON.string($0) + "\n" }.joined() }

    /// The line hash of a record, as the log holds it.
    static func hash(_ record: LedgerRecord) -> String { SHA256.hash(record.canonicalBytes).hex }
}
