/// Checks a log line by line, as FORMAT.md defines it: canonical form, `seq` without
/// gaps, per-stream `version` without gaps, and the `prev` hash chain.
///
/// Feed it every line in order; it keeps one hash and one counter per stream, so its
/// memory is bounded by the number of streams, never by the log.
public struct ChainVerifier {
    /// How many lines have been accepted.
    public internal(set) var count = 0
    /// The event hash of the last accepted line (64 zeros before the first).
    public internal(set) var head = SHA256.Digest.zero
    /// The version each stream has reached (made afresh on each call: `streamCount` is cheaper).
    public var versions: [String: Int] { streams.dictionary }
    /// How many streams the accepted lines hold.
    public var streamCount: Int { streams.count }
    /// The version each stream has reached, kept by the stream name's bytes.
    var streams = StreamVersions()
    /// Buffers the parallel block checks reuse (`ChainVerifier+Parallel.swift`).
    var workspace: BlockWorkspace?

    public init() {}

    /// Checks the next line (its bytes without `\n`) and returns its record.
    ///
    /// - Parameter lineNumber: 1-based, for the message.
    /// - Throws: `LogDefect` naming the line and what is wrong.
    @discardableResult
    public mutating func accept(_ line: UnsafeRawBufferPointer, lineNumber: Int) throws -> LedgerRecord {
        let hash = SHA256.hash(line)
        let record = try ChainVerifier.decode(line, lineNumber: lineNumber)
        try check(record, hash: hash, lineNumber: lineNumber) {
            line.elementsEqual(CanonicalJSON.encode(record.json))
        }
        return record
    }

    /// Checks a record already decoded from a line whose hash is `hash`.
    /// `isCanonical` says whether the line's bytes are the record's canonical form.
    public mutating func check(_ record: LedgerRecord, hash: SHA256.Digest, lineNumber: Int, isCanonical: () -> Bool) throws {
        guard isCanonical() else {
            throw LogDefect(line: lineNumber, kind: .notCanonical, message: "the line is not in RFC 8785 canonical form")
        }
        guard let prev = SHA256.Digest(hex: record.prev) else {
            throw LogDefect(line: lineNumber, kind: .malformedRecord, message: "prev: expected 64 lowercase hex digits")
        }
        try check(seq: record.seq, stream: record.stream, version: record.version, prev: prev, hash: hash, lineNumber: lineNumber)
    }

    /// The checks that link a line to the ones before it: `seq`, `prev` and the stream's `version`.
    public mutating func check(seq: Int, stream: String, version: Int, prev: SHA256.Digest, hash: SHA256.Digest, lineNumber: Int) throws {
        try checkLink(seq: seq, prev: prev, lineNumber: lineNumber)
        let current = streams.advance(stream, to: version)
        guard version == current + 1 else { throw versionGap(version, stream: stream, expected: current + 1, lineNumber: lineNumber) }
        count += 1
        head = hash
    }

    /// What the checks that link a line to the ones before it need of it: made on any
    /// thread (with the hash the version table looks its stream up by), checked in order by
    /// `check(_:firstLine:)`.
    public struct Link {
        public let seq: Int
        public let stream: String
        public let version: Int
        public let prev: SHA256.Digest
        /// The line's event hash.
        public let hash: SHA256.Digest
        /// `StreamVersions.hash` of the stream's name, when the name is ASCII (else it is
        /// looked up as Swift compares strings).
        let streamHash: UInt64?

        public init(seq: Int, stream: String, version: Int, prev: SHA256.Digest, hash: SHA256.Digest) {
            self.seq = seq
            self.stream = stream
            self.version = version
            self.prev = prev
            self.hash = hash
            var name = stream
            streamHash = name.withUTF8 { StreamVersions.asciiHash(UnsafeRawBufferPointer($0)) }
        }
    }

    /// Checks lines in order, as `check(seq:stream:version:prev:hash:lineNumber:)` one by
    /// one, the first numbered `firstLine`, up to the first that fails: its index and defect.
    ///
    /// The streams are first looked up in the version table as it stands, in a pass of
    /// their own: the probes of one line do not wait for the previous line's checks, so the
    /// cache misses of many lines are in flight at once.
    public mutating func check(_ links: UnsafeBufferPointer<Link>, firstLine: Int) -> (index: Int, defect: Error)? {
        var numbers = [Int?](repeating: nil, count: links.count)
        streams.withReader { table in
            for i in links.indices {
                guard let hash = links[i].streamHash else { continue }
                numbers[i] = links[i].stream.utf8.withContiguousStorageIfAvailable {
                    table.find(ascii: UnsafeRawBufferPointer($0), hash: hash).stream
                } ?? nil
            }
        }
        for i in links.indices {
            let number = firstLine + i
            do {
                try checkLink(seq: links[i].seq, prev: links[i].prev, lineNumber: number)
                let version = links[i].version
                // A stream first seen in these lines was not in the table when it was looked
                // up: `advance` finds it (or adds it) then.
                let current = links[i].streamHash.flatMap { hash in
                    links[i].stream.utf8.withContiguousStorageIfAvailable {
                        streams.advance(ascii: UnsafeRawBufferPointer($0), hash: hash, stream: numbers[i], to: version)
                    }
                } ?? streams.advance(links[i].stream, to: version)
                guard version == current + 1 else {
                    throw versionGap(version, stream: links[i].stream, expected: current + 1, lineNumber: number)
                }
            } catch {
                return (i, error)
            }
            count += 1
            head = links[i].hash
        }
        return nil
    }

    /// `seq` follows the last accepted line's, and `prev` is its hash.
    @inline(__always)
    func checkLink(seq: Int, prev: SHA256.Digest, lineNumber: Int) throws {
        guard seq == count + 1 else {
            throw LogDefect(line: lineNumber, kind: .sequenceGap, message: "seq is \(seq), expected \(count + 1)")
        }
        guard prev == head else {
            throw LogDefect(line: lineNumber, kind: .brokenChain,
                            message: "prev is \(prev.hex), but the previous line's hash is \(head.hex)")
        }
    }

    /// The defect of a line whose `version` does not follow its stream's.
    func versionGap(_ version: Int, stream: String, expected: Int, lineNumber: Int) -> LogDefect {
        LogDefect(line: lineNumber, kind: .versionGap, message: "version is \(version) in stream \(stream), expected \(expected)")
    }

    /// Parses a line into a record, or says why it is not one.
    public static func decode(_ line: UnsafeRawBufferPointer, lineNumber: Int) throws -> LedgerRecord {
        if line.last == 0x0d {
            throw LogDefect(line: lineNumber, kind: .notCanonical, message: "the line ends in a carriage return")
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch let error as JSONError {
            throw LogDefect(line: lineNumber, kind: .malformedJSON, message: "not valid JSON at column \(error.column): \(error.message)")
        }
        do {
            return try LedgerRecord(json: value)
        } catch let error as RecordError {
            throw LogDefect(line: lineNumber, kind: .malformedRecord, message: error.description)
        }
    }
}

/// What is wrong with a log, and on which line.
public struct LogDefect: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The line is not JSON, or not I-JSON.
        case malformedJSON
        /// The line is JSON but not a record of FORMAT.md.
        case malformedRecord
        /// The line is a record but not written in RFC 8785 canonical form.
        case notCanonical
        /// `seq` does not follow the previous line's.
        case sequenceGap
        /// `prev` is not the previous line's event hash.
        case brokenChain
        /// `version` does not follow the stream's previous event.
        case versionGap
        /// The last line has no terminating newline.
        case unterminatedLine
        /// The file holds a byte the format does not allow (an empty line, a stray byte).
        case strayBytes
    }

    /// 1-based line number.
    public let line: Int
    public let kind: Kind
    public let message: String

    public init(line: Int, kind: Kind, message: String) {
        self.line = line
        self.kind = kind
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}
