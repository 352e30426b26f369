/// Values that many states hold equal, kept once by a fold and shared by the states that
/// hold them (Swift strings and arrays are shared, not copied, when assigned).
///
/// A rebuild of 1,000,000 events folds about 230,000 parties, of which 50,000 differ (a
/// case names its report's respondent again; a dozen rights holders stand behind most
/// cases), 130,000 lists of a report's holders, nearly all of a single agency, and as many
/// names of a sector, from a vocabulary of ten. Strings too long to be stored inline (over
/// 15 bytes: a party's name and credit code, some sectors' names) are each an allocation
/// of their own: kept once, they cost a fraction of the memory.
///
/// Only memory changes: a value is replaced by one equal to it. Off unless turned on
/// (`DomainState.keepsEqualValuesOnce()`): a fold of a few streams, as the recorder's,
/// would only pay for the hashing.
struct SharedValues: Sendable {
    /// Whether values are kept once; when not, each is taken as it is.
    var isOn = false
    private var parties: Set<Party> = []
    /// Words of a vocabulary too long to be stored inline.
    private var words: Set<String> = []
    /// A list of one agency, by that agency.
    private var singleAgencies: [String: [String]] = [:]

    init() {}

    /// `party`, or the equal party already kept.
    mutating func party(_ party: Party) -> Party {
        guard isOn else { return party }
        return parties.insert(party).memberAfterInsert
    }

    /// `word` (a value of a vocabulary: a sector, an IP type ...), or the equal string already kept.
    mutating func word(_ word: String) -> String {
        // Up to 15 bytes, a string is stored inline: nothing to share.
        guard isOn, word.utf8.count > 15 else { return word }
        return words.insert(word).memberAfterInsert
    }

    /// The list of `agency` alone.
    mutating func list(of agency: String) -> [String] {
        guard isOn else { return [agency] }
        if let list = singleAgencies[agency] { return list }
        let list = [agency]
        singleAgencies[agency] = list
        return list
    }
}
