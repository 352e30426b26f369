import LedgerCore

/// One act a clerk submits: `{"type", "stream", "at", "actor": {"agency", "officer"},
/// "payload", "id"?, "expectedVersion"?}`, checked strictly on construction.
///
/// An `Action` that exists is well formed: its envelope has exactly the members above
/// with the right types, its type is in the catalogue and belongs to the stream's kind,
/// and its payload matches the type's schema. Whether the actor may record it and the
/// stream allows it is `Recorder.decide`'s question.
public struct Action: Sendable {
    /// The event type, e.g. `CaseTransferred`.
    public var type: String { fields.type }
    /// The stream's full name: `registry` or `<kind>/<id>`.
    public var stream: String { fields.stream }
    /// When the act happened, as written (RFC 3339 with offset).
    public var at: String { fields.at }
    /// `at` parsed.
    public var timestamp: Timestamp { fields.timestamp }
    /// Who records the act: an agency and one of its officers.
    public var actor: Actor { fields.actor }
    /// The act's members, as the type's schema says.
    public var payload: [String: JSONValue] { fields.payload }
    /// The submitter's idempotency key, if any.
    public var id: String? { fields.id }
    /// The stream version the submitter expects (0: the stream does not exist yet).
    public var expectedVersion: Int? { fields.expectedVersion }
    /// The catalogue entry of `type`.
    public var eventType: EventType { fields.eventType }
    /// The event this action becomes, once accepted: made while the action is read (on
    /// any thread), its payload's RFC 8785 form with it, so that appending it does not
    /// encode the payload again.
    var draft: EventDraft { fields.draft }

    /// The members, in one box that copies of the action share. An action is read on one
    /// thread, handed to the one that records it and kept until its batch ends: a copy is
    /// then one reference counted, not each of the two dozen strings and tables it holds
    /// (its envelope, its draft and its catalogue entry), and a batch's array of actions
    /// is 8 bytes an action.
    private let fields: Fields

    private final class Fields: Sendable {
        let type: String
        let stream: String
        let at: String
        let timestamp: Timestamp
        let actor: Actor
        let payload: [String: JSONValue]
        let id: String?
        let expectedVersion: Int?
        let eventType: EventType
        let draft: EventDraft

        init(type: String, stream: String, at: String, timestamp: Timestamp, actor: Actor, payload: [String: JSONValue],
             id: String?, expectedVersion: Int?, eventType: EventType, draft: EventDraft) {
            self.type = type
            self.stream = stream
            self.at = at
            self.timestamp = timestamp
            self.actor = actor
            self.payload = payload
            self.id = id
            self.expectedVersion = expectedVersion
            self.eventType = eventType
            self.draft = draft
        }
    }

    /// The envelope's member names.
    public static let memberNames = ["type", "stream", "at", "actor", "payload", "id", "expectedVersion"]

    /// Reads and checks an action.
    ///
    /// - Throws: `Refusal` naming the member path: `.malformedAction` for the envelope,
    ///   `.unknownType` for a type not in the catalogue or not of the stream's kind,
    ///   `.schema` for the payload (e.g. `payload.team[1]`).
    public init(json: JSONValue) throws {
        try self.init(json: json, line: nil)
    }

    /// Reads and checks the action on one line of JSON (its bytes, without `\n`). When the
    /// line is already in RFC 8785 form, its payload's bytes are kept as they are, not
    /// encoded again.
    ///
    /// - Throws: `JSONError` when the line is not one JSON value; `Refusal` as `init(json:)`.
    public init(line: UnsafeRawBufferPointer) throws {
        try self.init(json: JSONParser.parse(line), line: line)
    }

    private init(json: JSONValue, line: UnsafeRawBufferPointer?) throws {
        guard case .object(let m) = json else {
            throw Refusal(.malformedAction, "an action is a JSON object, found \(json.typeName)")
        }
        if m.keys.contains(where: { !Action.memberNames.contains($0) }) {
            for key in m.keys.sorted() where !Action.memberNames.contains(key) {
                throw Refusal(.malformedAction, "unknown member; an action has only type, stream, at, actor, payload, id and " +
                    "expectedVersion", member: key)
            }
        }
        func string(_ name: String) throws -> String {
            guard let v = m[name] else { throw Refusal(.malformedAction, "missing; it is required", member: name) }
            guard case .string(let s) = v else { throw Refusal(.malformedAction, "expected a string, found \(v.typeName)", member: name) }
            return s
        }
        let type = try string("type")
        let stream = try string("stream")
        let at = try string("at")
        guard let parsed = Timestamp(rfc3339: at) else {
            throw Refusal(.malformedAction, "expected an RFC 3339 date-time with offset such as 2024-04-26T09:30:00+08:00, found " +
                "\(Action.quote(at))", member: "at")
        }
        guard let actorValue = m["actor"] else { throw Refusal(.malformedAction, "missing; it is required", member: "actor") }
        guard case .object(let a) = actorValue else {
            throw Refusal(.malformedAction, "expected an object {\"agency\", \"officer\"}, found \(actorValue.typeName)", member: "actor")
        }
        if a.keys.contains(where: { $0 != "agency" && $0 != "officer" }) {
            for key in a.keys.sorted() where key != "agency" && key != "officer" {
                throw Refusal(.malformedAction, "unknown member; an actor has only agency and officer", member: "actor.\(key)")
            }
        }
        func actorMember(_ key: String) throws -> String {
            guard let v = a[key] else { throw Refusal(.malformedAction, "missing; it is required", member: "actor.\(key)") }
            guard case .string(let s) = v, StringFormat.isIdentifier(s) else {
                throw Refusal(.malformedAction, "expected a registered id, found " +
                    "\(v.typeName == "string" ? Action.quote(v.stringValue ?? "") : v.typeName)", member: "actor.\(key)")
            }
            return s
        }
        let agency = try actorMember("agency")
        let actor = Actor(agency: agency, officer: try actorMember("officer"))
        guard let payloadValue = m["payload"] else { throw Refusal(.malformedAction, "missing; it is required", member: "payload") }
        guard case .object(let p) = payloadValue else {
            throw Refusal(.malformedAction, "expected an object, found \(payloadValue.typeName)", member: "payload")
        }
        let id: String?
        if let v = m["id"] {
            guard case .string(let s) = v, Action.isEventID(s) else {
                throw Refusal(.malformedAction, "expected 1 to 128 printable ASCII characters without spaces", member: "id")
            }
            id = s
        } else {
            id = nil
        }
        let expectedVersion: Int?
        if let v = m["expectedVersion"] {
            guard let n = v.intValue, n >= 0 else {
                throw Refusal(.malformedAction, "expected a non-negative integer, found \(v.typeName)", member: "expectedVersion")
            }
            expectedVersion = n
        } else {
            expectedVersion = nil
        }
        guard let eventType = Catalogue.type(named: type) else {
            throw Refusal(.unknownType, "unknown event type \(Action.quote(type)); the catalogue has " +
                "\(Catalogue.all.map(\.name).joined(separator: ", "))", member: "type")
        }
        try Action.checkStream(stream, kind: eventType.streamKind, type: type)
        try eventType.payload.validate(payloadValue, at: "payload")
        var draft = EventDraft(id: id, stream: stream, type: type, schema: eventType.version, at: at, actor: actor, payload: p)
        if !(line.map { draft.takeCanonicalPayload(from: $0) } ?? false) { draft.encodePayload() }
        fields = Fields(type: type, stream: stream, at: at, timestamp: parsed, actor: actor, payload: p, id: id,
                        expectedVersion: expectedVersion, eventType: eventType, draft: draft)
    }

    /// Checks that `stream` is a valid name of a stream of `kind`.
    static func checkStream(_ stream: String, kind: String, type: String) throws {
        if kind == "registry" {
            guard stream == "registry" else {
                throw Refusal(.unknownType, "\(type) is recorded in the stream \"registry\", not \(Action.quote(stream))", member: "stream")
            }
            return
        }
        guard let slash = stream.firstIndex(of: "/") else {
            throw Refusal(.malformedAction, "expected <kind>/<id> such as \"\(kind)/FLE-2024-0007\", found " +
                "\(Action.quote(stream))", member: "stream")
        }
        let streamKind = stream[..<slash]
        guard StringFormat.isIdentifier(stream[stream.index(after: slash)...]) else {
            throw Refusal(.malformedAction, "a stream id has 1 to 64 letters, digits, '.', '_' or '-', found " +
                "\(Action.quote(stream))", member: "stream")
        }
        guard streamKind == kind else {
            throw Refusal(.unknownType, "\(type) is recorded in a \(kind)/<id> stream, not in \(Action.quote(stream))", member: "stream")
        }
    }

    /// 1 to 128 printable ASCII characters other than space.
    static func isEventID(_ s: String) -> Bool {
        var n = 0
        for c in s.utf8 {
            guard c > 0x20 && c < 0x7f else { return false }
            n += 1
        }
        return n >= 1 && n <= 128
    }

    static func quote(_ s: String) -> String {
        let cut = s.unicodeScalars.count > 40 ? String(String.UnicodeScalarView(s.unicodeScalars.prefix(37))) + "..." : s
        return OrderedJSON.quote(cut)
    }


    /// The action as JSON (the inverse of `init(json:)`).
    public var json: JSONValue {
        var m: [String: JSONValue] = ["type": .string(type), "stream": .string(stream), "at": .string(at),
                                      "actor": actor.json, "payload": .object(payload)]
        if let id { m["id"] = .string(id) }
        if let expectedVersion { m["expectedVersion"] = .number(Double(expectedVersion)) }
        return .object(m)
    }
}
