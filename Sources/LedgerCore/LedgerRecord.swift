/// Who recorded an act: a registered agency and one of its officers.
public struct Actor: Hashable, Sendable {
    public var agency: String
    public var officer: String

    public init(agency: String, officer: String) {
        self.agency = agency
        self.officer = officer
    }

    public var json: JSONValue { .object(["agency": .string(agency), "officer": .string(officer)]) }
}

/// One line of the log: the record of FORMAT.md, with exactly its eleven members.
///
/// The record knows nothing of event types or their rules; it is the format
/// that `verify` checks on any log, whatever its events.
public struct LedgerRecord: Hashable, Sendable {
    /// Global position, 1, 2, 3 ... with no gaps.
    public var seq: Int
    /// Unique event id; a submitter may supply it as an idempotency key.
    public var id: String
    /// `<kind>/<name>`, or a bare kind such as `registry`.
    public var stream: String
    /// Position within the stream, 1, 2, 3 ... with no gaps.
    public var version: Int
    /// Event type, e.g. `CaseTransferred`.
    public var type: String
    /// Version of the type's payload schema, from 1.
    public var schema: Int
    /// Business time: when the act happened, RFC 3339 with offset.
    public var at: String
    /// Ledger time: when it was appended, RFC 3339 UTC.
    public var recorded: String
    public var actor: Actor
    public var payload: [String: JSONValue] {
        didSet { canonicalPayload = DerivedBytes() }
    }
    /// The event hash of the previous line, 64 lowercase hex; 64 zeros for `seq` 1.
    public var prev: String
    /// The RFC 8785 form of `payload`, when the draft it was made from had it (cleared
    /// whenever `payload` changes).
    public internal(set) var canonicalPayload = DerivedBytes()

    /// The record's member names, in canonical order.
    public static let memberNames = ["actor", "at", "id", "payload", "prev", "recorded", "schema", "seq", "stream", "type", "version"]

    public init(seq: Int, id: String, stream: String, version: Int, type: String, schema: Int, at: String,
                recorded: String, actor: Actor, payload: [String: JSONValue], prev: String) {
        self.seq = seq
        self.id = id
        self.stream = stream
        self.version = version
        self.type = type
        self.schema = schema
        self.at = at
        self.recorded = recorded
        self.actor = actor
        self.payload = payload
        self.prev = prev
    }

    /// The record as a JSON object.
    public var json: JSONValue {
        .object([
            "seq": .number(Double(seq)), "id": .string(id), "stream": .string(stream),
            "version": .number(Double(version)), "type": .string(type), "schema": .number(Double(schema)),
            "at": .string(at), "recorded": .string(recorded), "actor": actor.json,
            "payload": .object(payload), "prev": .string(prev),
        ])
    }

    /// The line's bytes without its `\n`: the RFC 8785 form of the record.
    public var canonicalBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        writeCanonical(into: &out)
        return out
    }

    /// Appends the line's bytes (without `\n`) to `out`: what `CanonicalJSON.encode(json)`
    /// writes, member by member in their fixed canonical order, without building the value.
    public func writeCanonical(into out: inout [UInt8]) {
        CanonicalJSON.appendLiteral("{\"actor\":{\"agency\":", to: &out)
        CanonicalJSON.writeString(actor.agency, into: &out)
        CanonicalJSON.appendLiteral(",\"officer\":", to: &out)
        CanonicalJSON.writeString(actor.officer, into: &out)
        CanonicalJSON.appendLiteral("},\"at\":", to: &out)
        CanonicalJSON.writeString(at, into: &out)
        CanonicalJSON.appendLiteral(",\"id\":", to: &out)
        CanonicalJSON.writeString(id, into: &out)
        CanonicalJSON.appendLiteral(",\"payload\":", to: &out)
        if let bytes = canonicalPayload.bytes {
            out += bytes
        } else {
            CanonicalJSON.writeObject(payload, into: &out)
        }
        CanonicalJSON.appendLiteral(",\"prev\":", to: &out)
        CanonicalJSON.writeString(prev, into: &out)
        CanonicalJSON.appendLiteral(",\"recorded\":", to: &out)
        CanonicalJSON.writeString(recorded, into: &out)
        CanonicalJSON.appendLiteral(",\"schema\":", to: &out)
        CanonicalJSON.writeNumber(Double(schema), into: &out)
        CanonicalJSON.appendLiteral(",\"seq\":", to: &out)
        CanonicalJSON.writeNumber(Double(seq), into: &out)
        CanonicalJSON.appendLiteral(",\"stream\":", to: &out)
        CanonicalJSON.writeString(stream, into: &out)
        CanonicalJSON.appendLiteral(",\"type\":", to: &out)
        CanonicalJSON.writeString(type, into: &out)
        CanonicalJSON.appendLiteral(",\"version\":", to: &out)
        CanonicalJSON.writeNumber(Double(version), into: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// The event hash: SHA-256 of the canonical line without its `\n`.
    public var eventHash: SHA256.Digest { SHA256.hash(canonicalBytes) }

    /// Reads a record from a parsed line, checking every member's presence and type.
    ///
    /// - Throws: `RecordError` naming the member and what was expected.
    public init(json: JSONValue) throws {
        guard case .object(let m) = json else {
            throw RecordError(member: nil, message: "a record is a JSON object, found \(json.typeName)")
        }
        for key in m.keys where !LedgerRecord.memberNames.contains(key) {
            throw RecordError(member: key, message: "unknown member; a record has only \(LedgerRecord.memberNames.joined(separator: ", "))")
        }
        func member(_ name: String) throws -> JSONValue {
            guard let v = m[name] else { throw RecordError(member: name, message: "missing") }
            return v
        }
        func string(_ name: String) throws -> String {
            let v = try member(name)
            guard case .string(let s) = v else { throw RecordError(member: name, message: "expected a string, found \(v.typeName)") }
            return s
        }
        func positive(_ name: String) throws -> Int {
            let v = try member(name)
            guard let n = v.intValue, n >= 1 else {
                throw RecordError(member: name, message: "expected a positive integer, found \(CanonicalJSON.describe(v))")
            }
            return n
        }
        seq = try positive("seq")
        id = try string("id")
        guard !id.isEmpty else { throw RecordError(member: "id", message: "must not be empty") }
        stream = try string("stream")
        guard !stream.isEmpty else { throw RecordError(member: "stream", message: "must not be empty") }
        version = try positive("version")
        type = try string("type")
        guard !type.isEmpty else { throw RecordError(member: "type", message: "must not be empty") }
        schema = try positive("schema")
        at = try string("at")
        guard Timestamp(rfc3339: at) != nil else {
            throw RecordError(member: "at", message: "expected an RFC 3339 date-time with offset, found \"\(at)\"")
        }
        recorded = try string("recorded")
        guard let rec = Timestamp(rfc3339: recorded), rec.offsetSeconds == 0, recorded.hasSuffix("Z") else {
            throw RecordError(member: "recorded", message: "expected an RFC 3339 UTC date-time ending in Z, found \"\(recorded)\"")
        }
        let actorValue = try member("actor")
        guard case .object(let a) = actorValue else {
            throw RecordError(member: "actor", message: "expected an object, found \(actorValue.typeName)")
        }
        for key in a.keys where key != "agency" && key != "officer" {
            throw RecordError(member: "actor.\(key)", message: "unknown member; an actor has only agency and officer")
        }
        guard case .string(let agency)? = a["agency"], !agency.isEmpty else {
            throw RecordError(member: "actor.agency", message: "expected a non-empty string")
        }
        guard case .string(let officer)? = a["officer"], !officer.isEmpty else {
            throw RecordError(member: "actor.officer", message: "expected a non-empty string")
        }
        actor = Actor(agency: agency, officer: officer)
        let payloadValue = try member("payload")
        guard case .object(let p) = payloadValue else {
            throw RecordError(member: "payload", message: "expected an object, found \(payloadValue.typeName)")
        }
        payload = p
        prev = try string("prev")
        guard Hex.isLowercaseHex(prev, count: 64) else {
            throw RecordError(member: "prev", message: "expected 64 lowercase hex digits, found \"\(prev)\"")
        }
    }

    /// `<kind>` of a stream `<kind>/<name>` (the whole name for a bare kind such as `registry`).
    public var streamKind: Substring {
        guard let slash = stream.utf8.firstIndex(of: UInt8(ascii: "/")) else { return Substring(stream) }
        // A name starting with "/" (never valid) keeps the old reading: its first non-empty part.
        guard slash != stream.startIndex else { return stream.split(separator: "/", maxSplits: 1).first ?? Substring(stream) }
        return stream[..<slash]
    }
}

/// A record member that is missing or malformed.
public struct RecordError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The member path, e.g. `actor.agency`; `nil` when the line as a whole is wrong.
    public let member: String?
    public let message: String

    public init(member: String?, message: String) {
        self.member = member
        self.message = message
    }

    public var description: String { member.map { "\($0): \(message)" } ?? message }
}

extension CanonicalJSON {
    /// A short rendering of a value for error messages: the canonical text, cut at 40 characters.
    public static func describe(_ value: JSONValue) -> String {
        let text = string(value)
        return text.count > 40 ? String(text.prefix(37)) + "..." : text
    }
}
