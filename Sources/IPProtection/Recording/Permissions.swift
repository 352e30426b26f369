/// Who may record a type: an enrolled, active officer of a registered agency whose kind
/// and role the catalogue allows (DOMAIN.md "Agencies, officers, permissions").
///
/// The named-party rules (the police agency a case was transferred to ...) are the
/// deciders' business; this is the check every act passes first.
enum Permissions {
    static func check(_ action: Action, _ registry: RegistryState) throws {
        guard registry.isOpened else {
            throw Refusal.rule("The ledger has not been opened; `ipledger init` records LedgerOpened before anything else.")
        }
        let type = action.eventType
        let actor = action.actor
        guard let officer = registry.officer(actor.officer) else {
            throw Refusal.permission("Officer \(actor.officer) is not enrolled in the registry; only enrolled officers record acts.")
        }
        guard officer.agency == actor.agency else {
            throw Refusal.permission("Officer \(actor.officer) belongs to \(officer.agency), not to \(actor.agency).")
        }
        if let retired = officer.retired {
            throw Refusal.permission("Officer \(actor.officer) retired (seq \(retired.seq)); a retired officer records nothing more.")
        }
        guard let agency = registry.agency(actor.agency) else {
            throw Refusal.permission("Agency \(actor.agency) is not registered.")
        }
        guard type.agencyKinds.contains(agency.kind) else {
            throw Refusal.permission("\(Permissions.article(type.name).capitalizedFirst) \(type.name) is recorded by " +
                "\(describe(type.agencyKinds)), not by \(actor.agency) (\(agency.name)), \(describe([agency.kind])).")
        }
        guard type.roles.contains(where: officer.roles.contains) else {
            let held = officer.roles.map(\.rawValue).sorted().joined(separator: ", ")
            let allowed = type.roles.count == 1 ? "the role \(type.roles[0].rawValue)" : "one of the roles " +
                "" + type.roles.map(\.rawValue).joined(separator: ", ")
            throw Refusal.permission("\(Permissions.article(type.name).capitalizedFirst) \(type.name) is recorded by an officer with " +
                "\(allowed); \(actor.officer) holds \(held).")
        }
    }

    /// "an" before a type name that starts with a vowel, else "a".
    static func article(_ word: String) -> String {
        guard let first = word.first else { return "a" }
        return "AEIOU".contains(first) ? "an" : "a"
    }

    /// "a market-supervision or police agency".
    static func describe(_ kinds: [AgencyKind]) -> String {
        let names: [AgencyKind: String] = [
            .amr: "market-supervision", .police: "police", .procuratorate: "procuratorate", .court: "court",
            .justice: "justice-bureau", .mediation: "mediation", .notary: "notary", .center: "protection-center",
        ]
        if kinds.count == AgencyKind.allCases.count { return "any agency" }
        let words = kinds.map { names[$0] ?? $0.rawValue }
        let list = words.count <= 1 ? words.joined() : words.dropLast().joined(separator: ", ") + " or " + words.last!
        return "\(article(list.uppercased())) \(list) agency"
    }
}

extension String {
    /// The string with its first letter in upper case: "an" → "An".
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }

    /// The event type name with its article: "a CaseTransferred", "an OpinionGiven".
    var withArticle: String { "\(Permissions.article(self)) \(self)" }
}
