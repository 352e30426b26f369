/// A strict JSON reader: RFC 8259 plus the I-JSON (RFC 7493) rules a ledger needs.
///
/// The grammar is RFC 8259's exactly. On top of it, as I-JSON requires, the reader
/// refuses duplicate member names, input that is not UTF-8 (checked inside strings;
/// outside them the grammar admits ASCII only), `\u` escapes that leave a surrogate
/// unpaired, a byte-order mark at the start, and numbers whose magnitude is beyond a
/// double's (`1e400`). A number that is merely more precise than a double, or so
/// small that it rounds to zero or a subnormal (`1e-400`), is accepted and rounded
/// to the nearest double: rounding is what every I-JSON receiver does with `0.1`,
/// whereas an overflow would have to become infinity, which has no JSON form.
///
/// Nesting is limited (`maxDepth`, and never more than `hardMaxDepth`) and the reader
/// keeps its own stack of open arrays and objects instead of recursing, so no input
/// can exhaust the call stack. It works on the raw bytes through a pointer; a string
/// without escapes is validated and decoded straight from the input.
public enum JSONParser {
    /// How deep arrays and objects may nest by default.
    public static let defaultMaxDepth = 128

    /// The most any caller may allow, whatever `maxDepth` says.
    ///
    /// Reading never recurses, but comparing, hashing, writing and freeing a
    /// `JSONValue` recurse once per level. Measured: 1,000 levels fit easily in an
    /// 8 MB stack (the main thread, Linux's default) and, in an optimized build, in a
    /// 512 KB one too; a debug build on 512 KB gives out between 700 and 1,000.
    public static let hardMaxDepth = 1_000

    /// Parses one JSON text (RFC 8259 `JSON-text`: optional white space around one value).
    ///
    /// - Parameter maxDepth: how many arrays and objects may be open at once; one more
    ///   is refused. Values above `hardMaxDepth` count as `hardMaxDepth`.
    /// - Throws: `JSONError` naming line, column and what was expected.
    public static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth) throws -> JSONValue {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            throw JSONError(line: 1, column: 1, offset: 0, message: "expected a JSON value, found end of input")
        }
        var reader = JSONReader(bytes: base.assumingMemoryBound(to: UInt8.self), count: bytes.count,
                                maxDepth: min(max(maxDepth, 0), hardMaxDepth))
        return try reader.parseDocument()
    }

    /// Parses one JSON text held in an array of UTF-8 bytes.
    ///
    /// - Throws: `JSONError` naming line, column and what was expected.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws -> JSONValue {
        try bytes.withUnsafeBytes { try parse($0, maxDepth: maxDepth) }
    }

    /// Parses one JSON text held in a string (read as its UTF-8 bytes).
    ///
    /// - Throws: `JSONError` naming line, column and what was expected.
    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws -> JSONValue {
        var text = text
        return try text.withUTF8 { try parse(UnsafeRawBufferPointer($0), maxDepth: maxDepth) }
    }
}

/// Why a JSON text was refused, and where.
///
/// Every refusal names what was expected and, where there is one, what was found
/// (`'x'`, `end of input`, `control character U+0000`, `'é' (U+00E9)`, `byte 0xFF (not UTF-8)`):
/// - `expected a JSON value, found end of input`: the input is empty.
/// - `expected a value, found ...`: no value starts here (also `[1,]`).
/// - `expected 'true', found ...` (or `'false'`, `'null'`): a misspelt literal.
/// - `expected end of input after the JSON value, found ...`: more than one value.
/// - `expected ',' or ']' after an array element, found ...`: an unfinished array.
/// - `expected ',' or '}' after an object member, found ...`: an unfinished object.
/// - `expected a member name (a string) ..., found ...`: a name that is not a string (also `{"a":1,}`).
/// - `expected ':' after member name "a", found ...`: a missing colon.
/// - `duplicate member name "a" ...`: a name used twice in one object (I-JSON).
/// - `nesting too deep: more than N arrays and objects open at once`: beyond `maxDepth`.
/// - `expected a digit ...` or `expected '.', 'e' or the end of the number ...`: a malformed number.
/// - `expected a number within a double's range (I-JSON), found 1e400 ...`: overflow.
/// - `expected '"' to close the string that starts at ..., found end of input`: an unterminated string.
/// - `expected an escape such as \n or \u00XX for a control character in a string, found ...`.
/// - `invalid escape: expected one of " \ / b f n r t u after '\', found ...`.
/// - `expected four hex digits after '\u', found ...`.
/// - `lone high surrogate \uD800: ...` / `lone low surrogate \uDC00: ...`: an unpaired surrogate (I-JSON).
/// - `expected UTF-8 text in a string (I-JSON), found byte 0xFF (not UTF-8)`: invalid UTF-8.
/// - `a byte-order mark (U+FEFF) at the start is not allowed (I-JSON) ...`.
public struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based line of the offending byte (lines end at LF, CR LF or a lone CR).
    public let line: Int
    /// 1-based column (in bytes) of the offending byte.
    public let column: Int
    /// 0-based byte offset of the offending byte.
    public let offset: Int
    /// What was wrong and what was expected, e.g. "expected ',' or '}' after an object member, found 'x'".
    public let message: String

    /// An error at `offset`, which is at `line` and `column`.
    public init(line: Int, column: Int, offset: Int, message: String) {
        self.line = line
        self.column = column
        self.offset = offset
        self.message = message
    }

    /// `line L, column C: message`, as the command line prints it.
    public var description: String { "line \(line), column \(column): \(message)" }
}

/// ASCII bytes the reader looks for, by name.
enum ASCII {
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let slash = UInt8(ascii: "/")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let dot = UInt8(ascii: ".")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
}

/// The reading state over one input: a byte pointer, a position and scratch space.
///
/// Internal: `JSONParser.parse` is the way in. The helpers for strings, numbers and
/// error messages live in `JSONParser+Strings.swift`, `JSONParser+Numbers.swift` and
/// `JSONParser+Errors.swift`.
struct JSONReader {
    let bytes: UnsafePointer<UInt8>
    let count: Int
    let maxDepth: Int
    /// Index of the next unread byte; never more than `count`.
    var pos = 0
    /// Reused for strings with escapes, so those cost no allocation beyond the result.
    var scratch: [UInt8] = []

    init(bytes: UnsafePointer<UInt8>, count: Int, maxDepth: Int) {
        self.bytes = bytes
        self.count = count
        self.maxDepth = maxDepth
    }

    /// An array or object that is open while its contents are read: its kind, and
    /// where its elements or members start on the shared stacks.
    private struct Frame {
        var isObject: Bool
        var start: Int
    }

    /// An object member read so far; `value` is `.null` until the value is read.
    private struct Member {
        var name: String
        var value: JSONValue
        /// Where the name starts, for the duplicate-name error.
        var offset: Int
    }

    /// Reads the whole input as one JSON text.
    mutating func parseDocument() throws -> JSONValue {
        if count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            throw failure("a byte-order mark (U+FEFF) at the start is not allowed (I-JSON); expected a JSON value", at: 0)
        }
        let value = try parseValue()
        skipWhitespace()
        if pos < count {
            throw failure("expected end of input after the JSON value, found \(describe(at: pos))", at: pos)
        }
        return value
    }

    /// Moves past RFC 8259 white space: space, tab, line feed and carriage return.
    @inline(__always)
    mutating func skipWhitespace() {
        while pos < count {
            let c = bytes[pos]
            guard c == ASCII.space || c == ASCII.lineFeed || c == ASCII.carriageReturn || c == ASCII.tab else { return }
            pos &+= 1
        }
    }

    /// Reads one value, keeping open arrays and objects on an explicit stack.
    ///
    /// Elements and members of all open containers share two stacks, so growing
    /// them is paid once per document, and each object's dictionary is made at its
    /// closing brace with room for all its members (no rehashing as it grows).
    private mutating func parseValue() throws -> JSONValue {
        var frames: [Frame] = []
        var elements: [JSONValue] = []
        var members: [Member] = []
        var value: JSONValue
        nextValue: while true {
            skipWhitespace()
            guard pos < count else { throw failure("expected a value, found end of input", at: pos) }
            switch bytes[pos] {
            case ASCII.openBrace:
                try checkDepth(frames.count)
                pos &+= 1
                skipWhitespace()
                if pos < count && bytes[pos] == ASCII.closeBrace {
                    pos &+= 1
                    value = .object([:])
                } else {
                    frames.append(Frame(isObject: true, start: members.count))
                    members.append(try readMemberName(after: "'{'", closerAllowed: true))
                    continue nextValue
                }
            case ASCII.openBracket:
                try checkDepth(frames.count)
                pos &+= 1
                skipWhitespace()
                if pos < count && bytes[pos] == ASCII.closeBracket {
                    pos &+= 1
                    value = .array([])
                } else {
                    frames.append(Frame(isObject: false, start: elements.count))
                    continue nextValue
                }
            case ASCII.quote:
                value = .string(try parseString())
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                value = .null
            case ASCII.minus, ASCII.zero...ASCII.nine:
                value = .number(try parseNumber())
            default:
                throw failure("expected a value, found \(describe(at: pos))", at: pos)
            }

            // A value is complete: hand it to the innermost open container, closing
            // containers for as long as their closing bracket follows.
            while let frame = frames.last {
                skipWhitespace()
                let next: UInt8? = pos < count ? bytes[pos] : nil
                if frame.isObject {
                    members[members.count &- 1].value = value
                    if next == ASCII.comma {
                        pos &+= 1
                        skipWhitespace()
                        members.append(try readMemberName(after: "',' in an object", closerAllowed: false))
                        continue nextValue
                    }
                    guard next == ASCII.closeBrace else {
                        throw failure("expected ',' or '}' after an object member, found \(describe(at: pos))", at: pos)
                    }
                    var object = [String: JSONValue](minimumCapacity: members.count &- frame.start)
                    for member in members[frame.start...] where object.updateValue(member.value, forKey: member.name) != nil {
                        throw failure("duplicate member name \(quoted(member.name)) (I-JSON requires unique names)",
                                      at: member.offset)
                    }
                    members.removeSubrange(frame.start...)
                    pos &+= 1
                    value = .object(object)
                } else {
                    elements.append(value)
                    if next == ASCII.comma {
                        pos &+= 1
                        continue nextValue
                    }
                    guard next == ASCII.closeBracket else {
                        throw failure("expected ',' or ']' after an array element, found \(describe(at: pos))", at: pos)
                    }
                    value = .array(Array(elements[frame.start...]))
                    elements.removeSubrange(frame.start...)
                    pos &+= 1
                }
                frames.removeLast()
            }
            return value
        }
    }

    /// Refuses to open one more array or object when `open` are open already.
    @inline(__always)
    private func checkDepth(_ open: Int) throws {
        if open >= maxDepth {
            throw failure("nesting too deep: more than \(maxDepth) arrays and objects open at once", at: pos)
        }
    }

    /// Reads `"name"` and the `:` after it (white space before the name already skipped).
    private mutating func readMemberName(after: String, closerAllowed: Bool) throws -> Member {
        guard pos < count, bytes[pos] == ASCII.quote else {
            let expected = closerAllowed ? "a member name (a string) or '}'" : "a member name (a string)"
            throw failure("expected \(expected) after \(after), found \(describe(at: pos))", at: pos)
        }
        let offset = pos
        let name = try parseString()
        skipWhitespace()
        guard pos < count, bytes[pos] == ASCII.colon else {
            throw failure("expected ':' after member name \(quoted(name)), found \(describe(at: pos))", at: pos)
        }
        pos &+= 1
        return Member(name: name, value: .null, offset: offset)
    }

    /// Consumes `literal` (`true`, `false` or `null`) or says where it stops matching.
    private mutating func expectLiteral(_ literal: StaticString) throws {
        let start = pos
        let length = literal.utf8CodeUnitCount
        let expected = literal.utf8Start
        for i in 0..<length {
            let at = start &+ i
            guard at < count, bytes[at] == expected[i] else {
                throw failure("expected '\(literal)', found \(describe(at: at))", at: at)
            }
        }
        pos = start &+ length
    }
}
