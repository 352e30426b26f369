import Foundation
import LedgerCore

extension FileLedger {
    /// The events of one case's file: every event of `caseStream`, and every event of each
    /// stream in which some event refers to the case (`LedgerRecord.refers(toCase:)`), among
    /// the first `size` lines.
    ///
    /// One pass over the log finds the streams; only lines that contain the case's name
    /// (as JSON writes it) are parsed. Their events are then read through the index.
    ///
    /// - Returns: the events' `seq`s, in log order.
    /// - Throws: `StoreError.damaged` for a line that is not a record; `StoreError.io`.
    public func caseEventSeqs(_ caseStream: String, size: Int) throws -> [Int] {
        guard size > 0 else { return [] }
        var needle: [UInt8] = []
        CanonicalJSON.writeString(caseStream, into: &needle)
        var streams: [String] = []
        try forEachLine { line, number, _ in
            if Self.contains(line, needle) {
                let record: LedgerRecord
                do { record = try ChainVerifier.decode(line, lineNumber: number) } catch let defect as LogDefect {
                    throw StoreError.damaged(defect)
                }
                if record.refers(toCase: caseStream), !streams.contains(record.stream) { streams.append(record.stream) }
            }
            return number < size
        }
        var seqs: [Int] = []
        for stream in streams {
            seqs += try records(inStream: stream).map(\.seq).filter { $0 <= size }
        }
        return seqs.sorted()
    }

    /// Whether `haystack` contains the bytes of `needle`.
    static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count, let base = haystack.baseAddress else { return false }
        return needle.withUnsafeBytes { n in
            var at = 0
            let last = haystack.count - needle.count
            while at <= last {
                guard let hit = memchr(base + at, Int32(first), last - at + 1) else { return false }
                let offset = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + offset, n.baseAddress!, needle.count) == 0 { return true }
                at = offset + 1
            }
            return false
        }
    }
}
