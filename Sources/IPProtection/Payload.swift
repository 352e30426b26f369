import LedgerCore

/// Total reads of a stored payload for `evolve`, as `PayloadReader` reads it for the
/// deciders: a member that is missing or of another type reads as empty, so folding never
/// fails (the payload was checked when recorded).
///
/// A member is found by comparing the names of the payload's few members, most of them
/// short enough to compare without reading memory, instead of hashing the name asked for:
/// the fold reads several members of every opening act.
struct Payload {
    let members: [String: JSONValue]

    init(_ members: [String: JSONValue]) { self.members = members }

    /// The member `name`, if there is one.
    func value(_ name: String) -> JSONValue? {
        let count = name.utf8.count
        var i = members.startIndex
        while i != members.endIndex {
            let key = members.keys[i]
            if key.utf8.count == count, key == name { return members.values[i] }
            members.formIndex(after: &i)
        }
        return nil
    }

    func string(_ name: String) -> String { value(name)?.stringValue ?? "" }
    func optionalString(_ name: String) -> String? { value(name)?.stringValue }
    func int(_ name: String) -> Int? { value(name)?.intValue }
    func bool(_ name: String) -> Bool { value(name)?.boolValue ?? false }
    func strings(_ name: String) -> [String] { value(name)?.arrayValue?.compactMap(\.stringValue) ?? [] }
    func object(_ name: String) -> Payload { Payload(value(name)?.objectValue ?? [:]) }
    func party(_ name: String) -> Party { object(name).asParty }

    /// The payload read as a `party` (DOMAIN.md): a name, whether a private enterprise, a credit code.
    var asParty: Party {
        Party(name: string("name"), privateEnterprise: bool("privateEnterprise"), creditCode: optionalString("creditCode"))
    }
}
