import Dispatch
import Foundation

extension ChainVerifier {
    /// What one line contributes to the chain checks, computed on any core.
    struct LineFacts {
        /// Where the line starts in its block, and its length without `\n`.
        var start: Int
        var count: Int
        var hash: SHA256.Digest
        /// The header, when the fast path could read the line; `nil`: the slow path decodes it.
        var fields: RecordHeader.Fields?
        /// `StreamVersions.hash` of the stream name when it is ASCII.
        var streamHash: UInt64 = 0
        var streamIsASCII = false
        /// The stream's number in the version table as it was before the block, if it was there.
        var stream: Int?

        /// Reads `line`, whose event hash is `hash`; `stream` is left for `lookUpStreams`.
        init(_ line: UnsafeRawBufferPointer, start: Int, hash: SHA256.Digest) {
            self.start = start
            count = line.count
            self.hash = hash
            fields = RecordHeader.Fields(line: line)
            if let fields {
                let name = UnsafeRawBufferPointer(rebasing: line[fields.stream])
                let hash = StreamVersions.asciiHash(name)
                streamIsASCII = hash != nil
                streamHash = hash ?? 0
            }
        }
    }

    /// The facts one worker finds, in line order; kept from block to block so that
    /// checking a block allocates nothing once the buffers have grown.
    final class FactsBuffer {
        private(set) var pointer: UnsafeMutablePointer<LineFacts>
        private(set) var capacity: Int
        private(set) var count = 0

        init(capacity: Int = 1024) {
            self.capacity = capacity
            pointer = .allocate(capacity: capacity)
        }

        deinit { pointer.deallocate() }

        /// Empties the buffer, keeping room for at least `capacity` facts.
        func reset(capacity wanted: Int = 0) {
            count = 0
            if wanted > capacity { grow(to: wanted) }
        }

        func append(_ facts: LineFacts) {
            if count == capacity { grow(to: capacity * 2) }
            (pointer + count).initialize(to: facts)
            count += 1
        }

        /// Writes facts at `index`, below a capacity set with `reset(capacity:)`.
        func set(_ index: Int, _ facts: LineFacts) {
            (pointer + index).initialize(to: facts)
        }

        func setCount(_ n: Int) { count = n }

        /// Looks up the stream of every fact in `streams`, the lines being at `base` + their start.
        ///
        /// A pass of its own, after the lines are read: the probes of one line do not wait
        /// for the next line's, so the cache misses of many lines are in flight at once.
        func lookUpStreams(_ streams: StreamVersions.Reader, base: UnsafeRawPointer) {
            for i in 0..<count where pointer[i].streamIsASCII {
                let f = pointer[i]
                let name = UnsafeRawBufferPointer(start: base + f.start + f.fields!.stream.lowerBound, count: f.fields!.stream.count)
                pointer[i].stream = streams.find(ascii: name, hash: f.streamHash).stream
            }
        }

        private func grow(to wanted: Int) {
            let bigger = UnsafeMutablePointer<LineFacts>.allocate(capacity: wanted)
            bigger.moveInitialize(from: pointer, count: count)
            pointer.deallocate()
            pointer = bigger
            capacity = wanted
        }
    }

    /// One facts buffer per worker.
    final class BlockWorkspace {
        let parts = (0..<ChainVerifier.workers).map { _ in FactsBuffer() }
    }

    /// How many threads check a block's lines: one per core (at most 16). Readers of the
    /// log use as many to read a block in parallel.
    public static let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 16))

    /// The workspace, made or replaced if a copy of this verifier shares it.
    private mutating func uniqueWorkspace() -> BlockWorkspace {
        if workspace == nil || !isKnownUniquelyReferenced(&workspace) { workspace = BlockWorkspace() }
        return workspace!
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
        let facts = uniqueWorkspace().parts[0]
        facts.reset(capacity: lines.count)
        ChainVerifier.examine(lines, into: facts, streams: streams)
        for (i, line) in lines.enumerated() {
            try check(facts.pointer[i], line: line, lineNumber: firstLineNumber + i)
        }
    }

    /// Checks a block of complete lines, each ending in `\n` (so `block` must end in one),
    /// the first numbered `firstLineNumber`, and returns how many lines it held.
    ///
    /// The block is cut into one run of whole lines per core; each core finds the lines in
    /// its run and does the costly per-line work (SHA-256, the canonical scan, reading the
    /// header); the checks that link lines (seq, prev, versions) then run in order.
    ///
    /// - Throws: `LogDefect` for the first bad line.
    @discardableResult
    public mutating func accept(lines block: UnsafeRawBufferPointer, firstLineNumber: Int) throws -> Int {
        guard let base = block.baseAddress, block.count > 0 else { return 0 }
        precondition(block[block.count - 1] == 0x0a, "a block of lines ends in a newline")
        let parts = uniqueWorkspace().parts
        let workers = ChainVerifier.examine(block, into: parts, streams: streams)
        var number = firstLineNumber
        for facts in parts.prefix(workers) {
            for i in 0..<facts.count {
                let f = facts.pointer[i]
                try check(f, line: UnsafeRawBufferPointer(start: base + f.start, count: f.count), lineNumber: number)
                number += 1
            }
        }
        return number - firstLineNumber
    }

    /// Finds the facts of `lines` on all cores, into `facts` (reset with room for them).
    private static func examine(_ lines: [UnsafeRawBufferPointer], into facts: FactsBuffer, streams: StreamVersions) {
        let workers = lines.count >= 256 ? ChainVerifier.workers : 1
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var i = lines.count * w / workers
            let end = lines.count * (w + 1) / workers
            // Lines are hashed two by two (`SHA256.hash(_:_:)`).
            while i + 1 < end {
                let (first, second) = SHA256.hash(lines[i], lines[i + 1])
                facts.set(i, LineFacts(lines[i], start: 0, hash: first))
                facts.set(i + 1, LineFacts(lines[i + 1], start: 0, hash: second))
                i += 2
            }
            if i < end { facts.set(i, LineFacts(lines[i], start: 0, hash: SHA256.hash(lines[i]))) }
        }
        facts.setCount(lines.count)
        // Each line is its own buffer here: look the streams up one by one.
        streams.withReader { streams in
            for i in 0..<lines.count where facts.pointer[i].streamIsASCII {
                let f = facts.pointer[i]
                let name = UnsafeRawBufferPointer(rebasing: lines[i][f.fields!.stream])
                facts.pointer[i].stream = streams.find(ascii: name, hash: f.streamHash).stream
            }
        }
    }

    /// Cuts `block` into one run of whole lines per worker and finds the facts of each
    /// run's lines into its part, on all cores; returns how many parts it used.
    private static func examine(_ block: UnsafeRawBufferPointer, into parts: [FactsBuffer], streams: StreamVersions) -> Int {
        let base = block.baseAddress!
        let workers = block.count >= 1 << 16 ? parts.count : 1
        // Run w is bounds[w]..<bounds[w + 1]; each bound but the first follows a newline.
        var bounds = [0]
        for w in 1..<workers {
            let target = max(block.count * w / workers, bounds[w - 1], 1)
            let nl = memchr(base + target - 1, 0x0a, block.count - target + 1)!
            bounds.append(base.distance(to: UnsafeRawPointer(nl)) + 1)
        }
        bounds.append(block.count)
        streams.withReader { streams in
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let facts = parts[w]
                facts.reset()
                var start = bounds[w]
                let end = bounds[w + 1]
                /// The line at `from` (which must be before `end`) and where the next one starts.
                func line(at from: Int) -> (UnsafeRawBufferPointer, next: Int) {
                    let length = base.distance(to: UnsafeRawPointer(memchr(base + from, 0x0a, end - from)!)) - from
                    return (UnsafeRawBufferPointer(start: base + from, count: length), from + length + 1)
                }
                // Lines are hashed two by two (`SHA256.hash(_:_:)`).
                while start < end {
                    let (first, secondStart) = line(at: start)
                    guard secondStart < end else {
                        facts.append(LineFacts(first, start: start, hash: SHA256.hash(first)))
                        break
                    }
                    let (second, next) = line(at: secondStart)
                    let hashes = SHA256.hash(first, second)
                    facts.append(LineFacts(first, start: start, hash: hashes.0))
                    facts.append(LineFacts(second, start: secondStart, hash: hashes.1))
                    start = next
                }
                facts.lookUpStreams(streams, base: base)
            }
        }
        return workers
    }

    /// The checks of one line, in order, given what the parallel pass found.
    @inline(__always)
    private mutating func check(_ facts: LineFacts, line: UnsafeRawBufferPointer, lineNumber: Int) throws {
        if line.isEmpty {
            throw LogDefect(line: lineNumber, kind: .strayBytes, message: "the line is empty")
        }
        guard let fields = facts.fields else {
            // The slow path names what is wrong, or accepts a line the fast path could not read.
            let record = try ChainVerifier.decode(line, lineNumber: lineNumber)
            try check(record, hash: facts.hash, lineNumber: lineNumber) { line.elementsEqual(CanonicalJSON.encode(record.json)) }
            return
        }
        try checkLink(seq: fields.seq, prev: fields.prev, lineNumber: lineNumber)
        let name = UnsafeRawBufferPointer(rebasing: line[fields.stream])
        // A stream first seen in this block was not in the table when the workers looked:
        // `advance` finds it (or adds it) then.
        let current = facts.streamIsASCII
            ? streams.advance(ascii: name, hash: facts.streamHash, stream: facts.stream, to: fields.version)
            : streams.advance(String(decoding: name, as: UTF8.self), to: fields.version)
        guard fields.version == current + 1 else {
            throw versionGap(fields.version, stream: String(decoding: name, as: UTF8.self), expected: current + 1, lineNumber: lineNumber)
        }
        count += 1
        head = facts.hash
    }
}
