import Foundation
import IPProtection

/// The snapshot encoding: the whole set in the binary encoding of `SnapshotFormat`, written
/// by `SnapshotEncoder` and read by `SnapshotDecoder` through the states' own `Codable`
/// conformances. A snapshot is derived data: the ledger keeps it beside the log, tagged with
/// the `seq` and event hash it reflects, and folds it again from the log whenever it cannot
/// be read.
extension ProjectionSet {
    /// The set as snapshot bytes.
    public func snapshotBytes() throws -> [UInt8] {
        try SnapshotEncoder.encode(self)
    }

    /// The set as snapshot bytes in chunks, to be written one after the other.
    public func snapshotChunks() throws -> [[UInt8]] {
        try SnapshotEncoder.encodeInChunks(self)
    }

    /// Reads a set from snapshot bytes.
    ///
    /// - Throws: `DecodingError` when the bytes are not a whole, undamaged snapshot of this version.
    public init(snapshotBytes bytes: [UInt8]) throws {
        self = try SnapshotDecoder.decode(ProjectionSet.self, from: bytes)
    }

    /// Reads a set from snapshot bytes in memory it does not own (a mapped file), calling
    /// `release` with each range of them read for the last time (`SnapshotDecoder.decode`).
    public init(snapshotBytes bytes: UnsafeRawBufferPointer, releasing release: (@Sendable (Range<Int>) -> Void)? = nil) throws {
        self = try SnapshotDecoder.decode(ProjectionSet.self, from: bytes, releasing: release)
    }
}

/// Comparing two sets: the nightly rebuild compares the one folded from the first event
/// with the one kept up incrementally, and names what differs.
extension ProjectionSet {
    /// Sentences naming each projection and item that differs (at most `limit`); empty when
    /// the two sets agree.
    public func differences(from other: ProjectionSet, limit: Int = 20) -> [String] {
        var out: [String] = []
        func note(_ text: @autoclosure () -> String) { if out.count < limit { out.append(text()) } }
        let a = domain, b = other.domain
        if a.count != b.count || a.lastSeq != b.lastSeq {
            note("the folds cover different events: \(a.count) up to seq \(a.lastSeq), and \(b.count) up to seq \(b.lastSeq)")
        }
        if a.registry != b.registry { note("registry: \(fieldsDiffering(a.registry, b.registry))") }
        compare(a.reports, b.reports, "report state", &out, limit)
        compare(a.cases, b.cases, "case state", &out, limit)
        compare(a.supervisions, b.supervisions, "supervision state", &out, limit)
        compare(a.versions, b.versions, "stream version", &out, limit)
        compare(a.supervisionsByCase, b.supervisionsByCase, "supervisions of case", &out, limit)
        compare(workload.handlers, other.workload.handlers, "workload handlers of", &out, limit)
        compare(workload.finishedByAgency, other.workload.finishedByAgency, "workload finished by agency", &out, limit)
        compare(workload.finishedByOfficer, other.workload.finishedByOfficer, "workload finished by officer", &out, limit)
        if statistics.total != other.statistics.total { note("statistics: totals differ") }
        for dimension in Statistics.Dimension.allCases {
            compare(statistics.counts(by: dimension), other.statistics.counts(by: dimension),
                    "statistics by \(dimension.rawValue)", &out, limit)
        }
        return out
    }

    private func compare<Value: Equatable>(_ a: StreamTable<Value>, _ b: StreamTable<Value>, _ what: String,
                                           _ out: inout [String], _ limit: Int) {
        guard !a.entries.equalsInParallel(b.entries) else { return }
        listDifferences(Set(a.keys).union(b.keys).sorted(), { a[$0] }, { b[$0] }, what, &out, limit)
    }

    private func compare<Value: Equatable>(_ a: [String: Value], _ b: [String: Value], _ what: String,
                                           _ out: inout [String], _ limit: Int) {
        guard !a.equalsInParallel(b) else { return }
        listDifferences(Set(a.keys).union(b.keys).sorted(), { a[$0] }, { b[$0] }, what, &out, limit)
    }

    /// Notes, for each of `keys` in order, how the entries `a` and `b` give differ.
    private func listDifferences<Value: Equatable>(_ keys: [String], _ a: (String) -> Value?, _ b: (String) -> Value?,
                                                   _ what: String, _ out: inout [String], _ limit: Int) {
        for key in keys where out.count < limit {
            switch (a(key), b(key)) {
            case (nil, _?): out.append("\(what) \(key): only in the second")
            case (_?, nil): out.append("\(what) \(key): only in the first")
            case (let x?, let y?) where x != y: out.append("\(what) \(key): \(fieldsDiffering(x, y))")
            default: break
            }
        }
    }
}

/// The names of the stored properties whose values differ, e.g. `transfer, deadlines differ`.
func fieldsDiffering(_ a: Any, _ b: Any) -> String {
    let left = Mirror(reflecting: a).children, right = Mirror(reflecting: b).children
    guard left.count == right.count, left.count > 0 else { return "values differ" }
    var names: [String] = []
    for (x, y) in zip(left, right) where String(describing: x.value) != String(describing: y.value) {
        names.append(x.label ?? "?")
    }
    return names.isEmpty ? "values differ" : names.joined(separator: ", ") + (names.count == 1 ? " differs" : " differ")
}
