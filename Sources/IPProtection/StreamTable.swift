/// A stream's name as a dictionary key that keeps its hash beside it.
///
/// With `String` keys, a lookup hashes the whole name, and every key met while probing is
/// compared with it: a read of that key's own storage, elsewhere in memory, for each. A
/// `StreamKey` is hashed once, where it is made (for an event read from the log, on the
/// thread that reads the line, not the one that folds it), and two keys are compared by
/// their names only when their hashes match.
///
/// Keys are equal when their names are (`String`'s equality), and the hash is `String`'s
/// own, so a `StreamTable` files names exactly as a `[String: State]` would.
public struct StreamKey: Hashable, Sendable {
    /// The stream's name.
    public let name: String
    /// `name.hashValue`, kept: valid in this process only, never stored.
    public let hash: Int

    public init(_ name: String) {
        self.name = name
        hash = name.hashValue
    }

    @inline(__always)
    public static func == (a: StreamKey, b: StreamKey) -> Bool { a.hash == b.hash && a.name == b.name }

    @inline(__always)
    public func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}

/// States by stream name: the domain's reports, cases, supervisions, mediations ... as a
/// dictionary keyed by `StreamKey`, read and written by name as a `[String: State]` would
/// be. The fold looks each event's stream up with the key the event already holds
/// (`DomainEvent.streamKey`); everyone else by name.
///
/// It iterates as a dictionary does: in no particular order, as `(key: name, value: state)`.
public struct StreamTable<State> {
    @usableFromInline
    var storage: [StreamKey: State]

    public init() { storage = [:] }

    public init(minimumCapacity: Int) { storage = Dictionary(minimumCapacity: minimumCapacity) }

    /// The entries of `dictionary`.
    public init(_ dictionary: [String: State]) {
        storage = Dictionary(minimumCapacity: dictionary.count)
        for (name, state) in dictionary { storage[StreamKey(name)] = state }
    }

    public var count: Int { storage.count }

    public var isEmpty: Bool { storage.isEmpty }

    /// The state of the stream `name`.
    public subscript(name: String) -> State? {
        get { storage[StreamKey(name)] }
        set { storage[StreamKey(name)] = newValue }
        _modify { yield &storage[StreamKey(name)] }
    }

    /// The state of the stream `key` names.
    public subscript(key: StreamKey) -> State? {
        @inline(__always) get { storage[key] }
        @inline(__always) set { storage[key] = newValue }
        @inline(__always) _modify { yield &storage[key] }
    }

    /// The state of the stream `key` names, or `defaultValue` (added when modified).
    public subscript(key: StreamKey, default defaultValue: @autoclosure () -> State) -> State {
        @inline(__always) get { storage[key, default: defaultValue()] }
        @inline(__always) _modify { yield &storage[key, default: defaultValue()] }
    }

    /// The state of the stream `name`, or `defaultValue` (added when modified).
    public subscript(name: String, default defaultValue: @autoclosure () -> State) -> State {
        get { storage[StreamKey(name), default: defaultValue()] }
        _modify { yield &storage[StreamKey(name), default: defaultValue()] }
    }

    /// The streams' names.
    public var keys: LazyMapCollection<Dictionary<StreamKey, State>.Keys, String> { storage.keys.lazy.map(\.name) }

    /// The states.
    public var values: Dictionary<StreamKey, State>.Values { storage.values }

    /// The entries as a dictionary by name.
    public var dictionary: [String: State] {
        var out = [String: State](minimumCapacity: storage.count)
        for (key, state) in storage { out[key.name] = state }
        return out
    }

    @discardableResult
    public mutating func removeValue(forKey name: String) -> State? { storage.removeValue(forKey: StreamKey(name)) }

    /// The table's own key equal to `name` (the string it holds, which may be another
    /// spelling of an equal name), if there is one.
    public func storedName(_ name: String) -> String? {
        storage.index(forKey: StreamKey(name)).map { storage.keys[$0].name }
    }

    /// The entries, as the dictionary by key holds them: for code that walks them by index.
    public var entries: [StreamKey: State] { storage }
}

extension StreamTable: Sequence {
    public struct Iterator: IteratorProtocol {
        var base: Dictionary<StreamKey, State>.Iterator

        public mutating func next() -> (key: String, value: State)? {
            guard let (key, value) = base.next() else { return nil }
            return (key.name, value)
        }
    }

    public func makeIterator() -> Iterator { Iterator(base: storage.makeIterator()) }

    public var underestimatedCount: Int { storage.count }
}

extension StreamTable: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, State)...) {
        self.init(minimumCapacity: elements.count)
        for (name, state) in elements { storage[StreamKey(name)] = state }
    }
}

extension StreamTable: Equatable where State: Equatable {}
extension StreamTable: Sendable where State: Sendable {}

extension StreamTable: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { dictionary.description }
    public var debugDescription: String { dictionary.debugDescription }
}

/// Encoded as the dictionary by name it stands for, so that it reads back from one.
extension StreamTable: Encodable where State: Encodable {
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(dictionary)
    }
}

extension StreamTable: Decodable where State: Decodable {
    public init(from decoder: Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([String: State].self))
    }
}
