/// A hand-written scanner for one subcommand's arguments, in the manner of
/// swift-argument-parser: `--flag`, `--option VALUE`, `--option=VALUE`, positionals,
/// and `--` to end options. Each command takes what it knows; `finish()` refuses the rest.
public struct Arguments {
    private var items: [String]
    private var positionalsOnlyFrom: Int?

    public init(_ items: [String]) {
        self.items = items
        if let dash = items.firstIndex(of: "--") { positionalsOnlyFrom = dash }
    }

    private func isOptionIndex(_ i: Int) -> Bool {
        if let end = positionalsOnlyFrom, i >= end { return false }
        return items[i].hasPrefix("--") && items[i] != "--"
    }

    /// Removes `--name` and reports whether it was there.
    public mutating func flag(_ name: String) -> Bool {
        var found = false
        var i = 0
        while i < items.count {
            if isOptionIndex(i), items[i] == "--\(name)" {
                items.remove(at: i)
                shiftDash(after: i)
                found = true
            } else {
                i += 1
            }
        }
        return found
    }

    /// Removes `--name VALUE` or `--name=VALUE` and returns VALUE (the last one if repeated).
    public mutating func option(_ name: String) throws -> String? {
        var value: String?
        var i = 0
        while i < items.count {
            guard isOptionIndex(i) else { i += 1; continue }
            let item = items[i]
            if item == "--\(name)" {
                guard i + 1 < items.count, positionalsOnlyFrom.map({ i + 1 < $0 }) ?? true else {
                    throw CLIError.usage("--\(name) needs a value")
                }
                value = items[i + 1]
                items.removeSubrange(i...(i + 1))
                shiftDash(after: i, by: 2)
            } else if item.hasPrefix("--\(name)=") {
                value = String(item.dropFirst(name.count + 3))
                items.remove(at: i)
                shiftDash(after: i)
            } else {
                i += 1
            }
        }
        return value
    }

    /// Every value of a repeatable option, in order.
    public mutating func options(_ name: String) throws -> [String] {
        var values: [String] = []
        while let v = try option(name) { values.append(v) }
        return values
    }

    /// An integer option, refused with a clear message when it is not a whole number in `range`.
    public mutating func intOption(_ name: String, in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int? {
        guard let text = try option(name) else { return nil }
        guard let n = Int(text), range.contains(n) else {
            if range.lowerBound == Int.min && range.upperBound == Int.max {
                throw CLIError.usage("--\(name) takes a whole number, not \"\(text)\"")
            }
            if range.upperBound == Int.max {
                throw CLIError.usage("--\(name) takes a whole number of at least \(range.lowerBound), not \"\(text)\"")
            }
            throw CLIError.usage("--\(name) takes a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(text)\"")
        }
        return n
    }

    /// Removes and returns the remaining positional arguments; refuses any unknown option.
    public mutating func finish(maxPositionals: Int = 0) throws -> [String] {
        var positionals: [String] = []
        for (i, item) in items.enumerated() {
            if item == "--", positionalsOnlyFrom == i { continue }
            if isOptionIndex(i) { throw CLIError.usage("unknown option \(item)") }
            positionals.append(item)
        }
        if positionals.count > maxPositionals {
            let extra = positionals[maxPositionals...].joined(separator: " ")
            throw CLIError.usage("unexpected argument\(positionals.count - maxPositionals > 1 ? "s" : "") \(extra)")
        }
        items = []
        return positionals
    }

    private mutating func shiftDash(after i: Int, by n: Int = 1) {
        if let end = positionalsOnlyFrom, end > i { positionalsOnlyFrom = end - n }
    }
}
