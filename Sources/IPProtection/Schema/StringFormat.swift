import LedgerCore

/// The formats a payload string can have, each with its JSON Schema counterpart.
public enum StringFormat: Sendable {
    /// Free text of 1 to `maxLength` characters (Unicode scalars, as JSON Schema counts them).
    case text(maxLength: Int)
    /// An id: 1 to 64 of `A-Z a-z 0-9 . _ -` (DOMAIN.md "Streams").
    case identifier
    /// The full name of a stream of one of these kinds: `<kind>/<id>`.
    case stream([String])
    /// One of a closed list of values.
    case oneOf([String])
    /// A calendar date `YYYY-MM-DD`.
    case date
    /// An RFC 3339 date-time with an offset.
    case dateTime
    /// A SHA-256 digest: 64 lowercase hex digits.
    case sha256
    /// An article of the Criminal Law (刑法): three digits, optionally followed by 之一 ... 之十.
    case offence

    /// The JSON Schema `pattern` of an id.
    public static let identifierPattern = "^[A-Za-z0-9._-]{1,64}$"

    /// What is wrong with `s`, or `nil` when it has this format.
    func problem(with s: String) -> String? {
        switch self {
        case .text(let maxLength):
            let n = s.unicodeScalars.count
            if n == 0 { return "must not be empty" }
            if n > maxLength { return "is \(n) characters long; at most \(maxLength) are allowed" }
            return nil
        case .identifier:
            return StringFormat.isIdentifier(s) ? nil
                : "expected an id of 1 to 64 letters, digits, '.', '_' or '-', found \(quoted(s))"
        case .stream(let kinds):
            if let slash = s.firstIndex(of: "/"), kinds.contains(String(s[..<slash])),
               StringFormat.isIdentifier(String(s[s.index(after: slash)...])) {
                return nil
            }
            let example = kinds.first.map { "\"\($0)/FLE-2024-0007\"" } ?? ""
            return "expected the full name of a \(kinds.joined(separator: " or ")) stream such as \(example), found \(quoted(s))"
        case .oneOf(let values):
            return values.contains(s) ? nil : "\(quoted(s)) is not one of \(values.joined(separator: ", "))"
        case .date:
            return CivilDate(s) != nil ? nil : "expected a date YYYY-MM-DD, found \(quoted(s))"
        case .dateTime:
            return Timestamp(rfc3339: s) != nil ? nil : "expected an RFC 3339 date-time with offset, found \(quoted(s))"
        case .sha256:
            return Hex.isLowercaseHex(s, count: 64) ? nil : "expected a SHA-256 of 64 lowercase hex digits, found \(quoted(s))"
        case .offence:
            return StringFormat.isOffence(s) ? nil : "expected a Criminal Law article such as \"213\" or \"219之一\", found \(quoted(s))"
        }
    }

    /// True for 1 to 64 of `A-Z a-z 0-9 . _ -`.
    public static func isIdentifier<S: StringProtocol>(_ s: S) -> Bool {
        var n = 0
        for c in s.utf8 {
            switch c {
            case 0x30...0x39, 0x41...0x5a, 0x61...0x7a, 0x2e, 0x5f, 0x2d: n += 1
            default: return false
            }
        }
        return n >= 1 && n <= 64
    }

    private static let chineseNumerals: Set<Character> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

    /// True for `213`, `219之一` ...: three digits, optionally 之 and one or two numerals.
    static func isOffence(_ s: String) -> Bool {
        let chars = Array(s)
        guard chars.count >= 3, chars[0..<3].allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        if chars.count == 3 { return true }
        guard chars[3] == "之", (5...6).contains(chars.count) else { return false }
        return chars[4...].allSatisfy { chineseNumerals.contains($0) }
    }

    private func quoted(_ s: String) -> String { Action.quote(s) }
}
