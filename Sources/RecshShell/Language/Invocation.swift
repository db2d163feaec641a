/// One parsed command: its word, positional arguments and `key=value` options.
public struct Invocation: Equatable, Sendable {
    public var name: String
    public var positionals: [Value]
    /// Options in the order written; a key may appear once.
    public var options: [(key: String, value: Value)]
    /// The command's own text within its line, for messages.
    public var text: String
    /// Column (0-based) of each option key within the line, to point carets at.
    public var optionColumns: [String: Int]
    public var nameColumn: Int

    public init(
        name: String, positionals: [Value] = [], options: [(key: String, value: Value)] = [], text: String = "",
        optionColumns: [String: Int] = [:], nameColumn: Int = 0
    ) {
        self.name = name
        self.positionals = positionals
        self.options = options
        self.text = text
        self.optionColumns = optionColumns
        self.nameColumn = nameColumn
    }

    public static func == (a: Invocation, b: Invocation) -> Bool {
        a.name == b.name && a.positionals == b.positionals && a.text == b.text
            && a.options.map(\.key) == b.options.map(\.key) && a.options.map(\.value) == b.options.map(\.value)
    }

    /// The value of option `key`, if given.
    public func option(_ key: String) -> Value? { options.first { $0.key == key }?.value }
}
