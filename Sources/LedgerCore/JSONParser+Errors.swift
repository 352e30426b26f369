/// Error reporting for `JSONReader`: positions as line and column, and the "found ..."
/// part of a message.
///
/// None of this runs unless the input is refused, so it may be slow and simple.
extension JSONReader {
    /// A `JSONError` for the byte at `offset`, with its line and column worked out.
    func failure(_ message: String, at offset: Int) -> JSONError {
        let (line, column) = location(of: offset)
        return JSONError(line: line, column: column, offset: offset, message: message)
    }

    /// 1-based line and byte column of `offset`; a line ends at LF, CR LF or a lone CR.
    func location(of offset: Int) -> (line: Int, column: Int) {
        let end = min(max(offset, 0), count)
        var line = 1
        var lineStart = 0
        var i = 0
        while i < end {
            let c = bytes[i]
            if c == ASCII.lineFeed {
                line &+= 1
                lineStart = i &+ 1
            } else if c == ASCII.carriageReturn && !(i &+ 1 < count && bytes[i &+ 1] == ASCII.lineFeed) {
                line &+= 1
                lineStart = i &+ 1
            }
            i &+= 1
        }
        return (line, end &- lineStart &+ 1)
    }

    /// What a person sees at `offset`: `'x'`, `end of input`, `control character U+000A`,
    /// `'é' (U+00E9)` or, where the bytes are not UTF-8, `byte 0xFF`.
    func describe(at offset: Int) -> String {
        guard offset >= 0, offset < count else { return "end of input" }
        let c = bytes[offset]
        switch c {
        case UInt8(ascii: "'"):
            return "\"'\""
        case 0x20...0x7E:
            return "'\(Character(Unicode.Scalar(c)))'"
        case 0x00..<0x20, 0x7F:
            return "control character \(codePoint(UInt32(c)))"
        default:
            let end = validUTF8Sequence(at: offset)
            guard end > offset else { return "byte 0x\(hex(UInt32(c), digits: 2)) (not UTF-8)" }
            let scalar = String(decoding: UnsafeBufferPointer(start: bytes + offset, count: end &- offset), as: UTF8.self)
            let value = scalar.unicodeScalars.first.map { $0.value } ?? 0
            return "'\(scalar)' (\(codePoint(value)))"
        }
    }

    /// `U+XXXX` with at least four upper-case hex digits.
    func codePoint(_ value: UInt32) -> String {
        "U+" + hex(value, digits: 4)
    }

    func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// A member name or other text for a message: in double quotes, with quotes,
    /// backslashes and control characters escaped, and cut short when long.
    func quoted(_ text: String) -> String {
        var result = "\""
        var written = 0
        for scalar in text.unicodeScalars {
            if written == 60 {
                result += "..."
                break
            }
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\u{00}"..."\u{1F}", "\u{7F}": result += "\\u" + hex(scalar.value, digits: 4)
            default: result.unicodeScalars.append(scalar)
            }
            written += 1
        }
        return result + "\""
    }

    /// The text of bytes `start..<end` for a message, cut short when long.
    func excerpt(from start: Int, to end: Int) -> String {
        let stop = min(end, start &+ 40)
        var text = String(decoding: UnsafeBufferPointer(start: bytes + start, count: max(0, stop &- start)),
                          as: UTF8.self)
        if stop < end { text += "..." }
        return text
    }
}
