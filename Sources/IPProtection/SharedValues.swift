#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
/// Only memory changes: a value is replaced by one with the very same bytes. Off unless turned on
/// (`DomainState.keepsEqualValuesOnce()`): a fold of a few streams, as the recorder's,
/// would only pay for the hashing.
struct SharedValues: Sendable {
    /// Whether values are kept once; when not, each is taken as it is.
    var isOn = false
    private var parties: Set<PartyBytes> = []
    /// Words of a vocabulary too long to be stored inline.
    private var words: Set<TextBytes> = []
    /// A list of one agency, by that agency.
    private var singleAgencies: [String: [String]] = [:]

    init() {}

    /// `party`, or the party already kept with the very same bytes.
    mutating func party(_ party: Party) -> Party {
        guard isOn else { return party }
        return parties.insert(PartyBytes(party)).memberAfterInsert.party
    }

    /// `word` (a value of a vocabulary: a sector, an IP type ...), or the string already kept with its bytes.
    mutating func word(_ word: String) -> String {
        // Up to 15 bytes, a string is stored inline: nothing to share.
        guard isOn, word.utf8.count > 15 else { return word }
        return words.insert(TextBytes(word)).memberAfterInsert.text
    }

    // Values are kept once by their bytes, not as equal Swift strings: equal bytes make
    // equal strings, found without the Unicode normalisation that `String`'s `==` and
    // hashing go through for text that is not ASCII, as a party's Chinese name is (through
    // `Set<Party>`, a tenth of the fold's time at 1,000,000 events). And a state keeps its
    // values' bytes exactly as its event gave them, never a canonically equivalent spelling
    // of another state's.

    /// A party compared and hashed by the bytes of its members.
    private struct PartyBytes: Hashable {
        let party: Party

        init(_ party: Party) { self.party = party }

        static func == (a: PartyBytes, b: PartyBytes) -> Bool {
            a.party.privateEnterprise == b.party.privateEnterprise && a.party.name.hasSameBytes(as: b.party.name)
                && (a.party.creditCode == nil) == (b.party.creditCode == nil)
                && (a.party.creditCode ?? "").hasSameBytes(as: b.party.creditCode ?? "")
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(party.privateEnterprise)
            party.name.hashBytes(into: &hasher)
            if let code = party.creditCode { code.hashBytes(into: &hasher) } else { hasher.combine(-1) }
        }
    }

    /// A string compared and hashed by its bytes.
    private struct TextBytes: Hashable {
        let text: String
        init(_ text: String) { self.text = text }
        static func == (a: TextBytes, b: TextBytes) -> Bool { a.text.hasSameBytes(as: b.text) }
        func hash(into hasher: inout Hasher) { text.hashBytes(into: &hasher) }
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

extension String {
    /// Whether the two strings are made of the same UTF-8 bytes (stricter than `==`, which
    /// takes canonically equivalent spellings as equal).
    func hasSameBytes(as other: String) -> Bool {
        // In place, without copying either string (a copy retains its storage).
        guard utf8.count == other.utf8.count else { return false }
        let same = utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b in a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
        }
        if let same = same ?? nil { return same }
        return utf8.elementsEqual(other.utf8)
    }

    /// Feeds the string's UTF-8 bytes, and their count, to `hasher` (as `hasSameBytes(as:)` compares).
    func hashBytes(into hasher: inout Hasher) {
        func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
            hasher.combine(bytes.count)
            hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        }
        // In place when the bytes are contiguous (always, for a native string).
        if utf8.withContiguousStorageIfAvailable(feed) != nil { return }
        var text = self
        text.withUTF8(feed)
    }
}
