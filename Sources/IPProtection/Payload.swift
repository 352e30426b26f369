#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LedgerCore

/// A stored event's payload, and the total reads of it that `evolve` makes, as
/// `PayloadReader` reads it for the deciders: a member that is missing or of another type
/// reads as empty, so folding never fails (the payload was checked when recorded).
///
/// A payload is held one of two ways, read alike:
/// - as parsed members, for a record built in memory or read by the full parser;
/// - as the canonical bytes of the stored line's payload, for a line `rebuild` read in
///   place (`DomainEvent.init(line:stream:)`): each read finds the member in the bytes
///   (`CanonicalValueReader`), so that no `JSONValue` tree is built for the many members
///   no fold reads.
public struct Payload {
    enum Storage {
        case members([String: JSONValue])
        /// Canonical JSON bytes, and the range of the object in them.
        case canonical([UInt8], Range<Int>)
    }

    let storage: Storage

    public init(_ members: [String: JSONValue]) { storage = .members(members) }

    /// The payload whose canonical bytes (an object, braces included) are `bytes[object]`.
    init(canonical bytes: [UInt8], object: Range<Int>) { storage = .canonical(bytes, object) }

    /// The member `name`, if there is one.
    public subscript(name: String) -> JSONValue? { value(name) }

    /// Every member, parsed.
    public var members: [String: JSONValue] {
        switch storage {
        case .members(let members): return members
        case .canonical(let bytes, let object):
            return bytes.withUnsafeBytes { CanonicalValueReader($0).value(object)?.objectValue } ?? [:]
        }
    }

    /// Reads the value of member `name` with `read`, if there is one.
    @inline(__always)
    private func read<T>(_ name: String, _ members: (JSONValue) -> T?, _ bytes: (CanonicalValueReader, Range<Int>) -> T?) -> T? {
        switch storage {
        case .members(let dictionary):
            return Payload.find(name, in: dictionary).flatMap(members)
        case .canonical(let stored, let object):
            return stored.withUnsafeBytes { raw -> T? in
                let reader = CanonicalValueReader(raw)
                var name = name
                guard let r = name.withUTF8({ reader.member(UnsafeRawBufferPointer($0), ofObject: object) }) else { return nil }
                return bytes(reader, r)
            }
        }
    }

    /// The member `name` of a parsed payload, found by comparing the names of its few
    /// members, most of them short enough to compare without reading memory, instead of
    /// hashing the name asked for: the fold reads several members of every opening act.
    private static func find(_ name: String, in members: [String: JSONValue]) -> JSONValue? {
        let count = name.utf8.count
        var i = members.startIndex
        while i != members.endIndex {
            let key = members.keys[i]
            if key.utf8.count == count, key == name { return members.values[i] }
            members.formIndex(after: &i)
        }
        return nil
    }

    /// The member `name`, if there is one.
    func value(_ name: String) -> JSONValue? { read(name, { $0 }, { $0.value($1) }) }
    func string(_ name: String) -> String { optionalString(name) ?? "" }
    func optionalString(_ name: String) -> String? { read(name, \.stringValue, { $0.string($1) }) }
    func int(_ name: String) -> Int? { read(name, \.intValue, { $0.int($1) }) }
    func bool(_ name: String) -> Bool { read(name, \.boolValue, { $0.bool($1) }) ?? false }

    func strings(_ name: String) -> [String] {
        read(name, { $0.arrayValue?.compactMap(\.stringValue) }, { reader, r in
            reader.elements(ofArray: r)?.compactMap { reader.string($0) }
        }) ?? []
    }

    func object(_ name: String) -> Payload {
        switch storage {
        case .members:
            return Payload(value(name)?.objectValue ?? [:])
        case .canonical(let bytes, _):
            return read(name, { _ in nil }, { reader, r in reader.bytes[r.lowerBound] == 0x7b ? r : nil })
                .map { Payload(canonical: bytes, object: $0) } ?? Payload([:])
        }
    }

    /// The member `name` read as an array of objects (an element of another type reads as empty).
    func objects(_ name: String) -> [Payload] {
        switch storage {
        case .members:
            return (value(name)?.arrayValue ?? []).map { Payload($0.objectValue ?? [:]) }
        case .canonical(let bytes, _):
            let elements = read(name, { _ in nil }, { reader, r in reader.elements(ofArray: r) }) ?? []
            return elements.map { r in bytes[r.lowerBound] == 0x7b ? Payload(canonical: bytes, object: r) : Payload([:]) }
        }
    }

    func party(_ name: String) -> Party { object(name).asParty }

    /// The payload read as a `party` (DOMAIN.md): a name, whether a private enterprise, a credit code.
    var asParty: Party {
        Party(name: string("name"), privateEnterprise: bool("privateEnterprise"), creditCode: optionalString("creditCode"))
    }
}
