import Foundation
import LedgerCore

enum Report {
    static func printTable(n: Int, rows: [Row]) {
        let shaRow = rows.first { $0.name.hasPrefix("sha256sum") }
        let sha = shaRow?.seconds
        let whole = shaRow?.events
        print("\n\(n) events")
        print(pad("what", 52) + pad("seconds", 10) + pad("events/s", 12) + pad("peak MB", 9) + pad("x sha256sum", 12) + "note")
        for r in rows {
            let rate = r.events.map { String(format: "%.0f", Double($0) / r.seconds) } ?? ""
            let mem = r.peakBytes.map { String(format: "%.0f", Double($0) / 1_048_576) } ?? ""
            let ratio = (sha != nil && r.events == whole && !r.name.hasPrefix("record")) ? String(format: "%.2f", r.seconds / sha!) : ""
            print(pad(r.name, 52) + pad(String(format: "%.3f", r.seconds), 10) + pad(rate, 12) + pad(mem, 9) + pad(ratio, 12) + r.note)
        }
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }

    static func writeJSON(_ all: [(Int, [Row])], to path: String) throws {
        var runs: [JSONValue] = []
        for (n, rows) in all {
            let items: [JSONValue] = rows.map { r in
                var o: [String: JSONValue] = ["name": .string(r.name), "seconds": .number((r.seconds * 1000).rounded() / 1000)]
                if let p = r.peakBytes { o["peakBytes"] = .number(Double(p)) }
                if let e = r.events { o["events"] = .number(Double(e)) }
                if !r.note.isEmpty { o["note"] = .string(r.note) }
                return .object(o)
            }
            runs.append(["events": .number(Double(n)), "rows": .array(items)])
        }
        try Data(CanonicalJSON.encode(["runs": .array(runs)]) + [0x0a]).write(to: URL(fileURLWithPath: path))
    }
}
