import Dispatch

extension ChainVerifier {
    /// What one line contributes to the chain checks, computed on any core.
    private struct LineFacts {
        var hash: SHA256.Digest
        var header: RecordHeader?
    }

    /// Checks a block of complete lines (each without its `\n`), numbered from `firstLineNumber`.
    ///
    /// The costly per-line work (SHA-256, the canonical scan, reading the header) runs on
    /// all cores; the checks that link lines (seq, prev, versions) then run in order.
    /// A line the fast path cannot read takes the slow path, which names the defect.
    ///
    /// - Throws: `LogDefect` for the first bad line.
    public mutating func accept(block lines: [UnsafeRawBufferPointer], firstLineNumber: Int) throws {
        guard !lines.isEmpty else { return }
        var facts = [LineFacts](repeating: LineFacts(hash: .zero, header: nil), count: lines.count)
        let workers = lines.count >= 256 ? 2 : 1
        facts.withUnsafeMutableBufferPointer { out in
            let out = out
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let from = lines.count * w / workers, to = lines.count * (w + 1) / workers
                for i in from..<to {
                    out[i] = LineFacts(hash: SHA256.hash(lines[i]), header: RecordHeader(line: lines[i]))
                }
            }
        }
        for (i, line) in lines.enumerated() {
            let number = firstLineNumber + i
            if line.isEmpty {
                throw LogDefect(line: number, kind: .strayBytes, message: "the line is empty")
            }
            guard let header = facts[i].header else {
                // The slow path names what is wrong, or accepts a line the fast path could not read.
                let record = try ChainVerifier.decode(line, lineNumber: number)
                try check(record, hash: facts[i].hash, lineNumber: number) { line.elementsEqual(CanonicalJSON.encode(record.json)) }
                continue
            }
            try check(seq: header.seq, stream: header.stream, version: header.version, prev: header.prev,
                      hash: facts[i].hash, lineNumber: number)
        }
    }
}
