import LedgerCore

/// A JSON document whose object members keep the order they were written in, for
/// schema files a person reads.
public indirect enum OrderedJSON: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case bool(Bool)
    case array([OrderedJSON])
    case object([(String, OrderedJSON)])

    public static func == (a: OrderedJSON, b: OrderedJSON) -> Bool { a.value == b.value }

    /// The document as a `JSONValue` (member order dropped).
    public var value: JSONValue {
        switch self {
        case .string(let s): return .string(s)
        case .integer(let n): return .number(Double(n))
        case .bool(let b): return .bool(b)
        case .array(let items): return .array(items.map(\.value))
        case .object(let members):
            var o: [String: JSONValue] = [:]
            for (k, v) in members { o[k] = v.value }
            return .object(o)
        }
    }

    /// The document indented by one space per level, members in order, ending in a newline.
    public var prettyText: String {
        var out = ""
        write(into: &out, indent: 0)
        return out + "\n"
    }

    private func write(into out: inout String, indent: Int) {
        let pad = String(repeating: " ", count: indent + 1)
        let closing = String(repeating: " ", count: indent)
        switch self {
        case .string(let s): out += OrderedJSON.quote(s)
        case .integer(let n): out += String(n)
        case .bool(let b): out += b ? "true" : "false"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            if items.allSatisfy({ if case .string = $0 { return true }; return false }) {
                out += "[" + items.map { item -> String in
                    var s = ""; item.write(into: &s, indent: 0); return s
                }.joined(separator: ", ") + "]"
                return
            }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                item.write(into: &out, indent: indent + 1)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += closing + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, (key, value)) in members.enumerated() {
                out += pad + OrderedJSON.quote(key) + ": "
                value.write(into: &out, indent: indent + 1)
                out += i == members.count - 1 ? "\n" : ",\n"
            }
            out += closing + "}"
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, other text as is.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension StringFormat {
    /// The JSON Schema `pattern` of an RFC 3339 date-time with an offset.
    static let dateTimePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$"

    /// The JSON Schema keywords of this format (after `"type": "string"`).
    var jsonSchemaKeywords: [(String, OrderedJSON)] {
        switch self {
        case .text(let maxLength):
            return [("minLength", .integer(1)), ("maxLength", .integer(maxLength))]
        case .identifier:
            return [("pattern", .string(StringFormat.identifierPattern))]
        case .stream(let kinds):
            let alternatives = kinds.count == 1 ? kinds[0] : "(" + kinds.joined(separator: "|") + ")"
            return [("pattern", .string("^\(alternatives)/[A-Za-z0-9._-]{1,64}$"))]
        case .oneOf(let values):
            return [("enum", .array(values.map { .string($0) }))]
        case .date:
            return [("format", .string("date")), ("pattern", .string("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
        case .dateTime:
            return [("format", .string("date-time")),
                    ("pattern", .string(StringFormat.dateTimePattern))]
        case .sha256:
            return [("pattern", .string("^[0-9a-f]{64}$"))]
        case .offence:
            return [("pattern", .string("^[0-9]{3}(之[一二三四五六七八九十]{1,2})?$"))]
        }
    }
}

extension PayloadSchema {
    /// This schema as JSON Schema draft 2020-12 keywords, with `description` first when given.
    func jsonSchema(description: String? = nil) -> OrderedJSON {
        var out: [(String, OrderedJSON)] = []
        if let description { out.append(("description", .string(description))) }
        switch self {
        case .string(let format):
            out.append(("type", .string("string")))
            out += format.jsonSchemaKeywords
        case .integer(let minimum, let maximum):
            out += [("type", .string("integer")), ("minimum", .integer(minimum)), ("maximum", .integer(maximum))]
        case .boolean:
            out.append(("type", .string("boolean")))
        case .array(let item, let minItems, let unique):
            out += [("type", .string("array")), ("items", item.jsonSchema()), ("minItems", .integer(minItems))]
            if unique { out.append(("uniqueItems", .bool(true))) }
        case .object(let members):
            out.append(("type", .string("object")))
            out.append(("properties", .object(members.map { ($0.name, $0.schema.jsonSchema(description: $0.description)) })))
            out.append(("required", .array(members.filter(\.required).map { .string($0.name) })))
            out.append(("additionalProperties", .bool(false)))
        }
        return .object(out)
    }
}
