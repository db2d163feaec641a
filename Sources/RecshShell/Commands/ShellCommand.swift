/// The groups `help` lists commands under.
public enum CommandGroup: String, CaseIterable, Sendable {
    case data = "Data"
    case explore = "Explore"
    case models = "Models and questions"
    case evaluation = "Evaluation"
    case serving = "Serving"
    case session = "Session and scripts"
}

/// One `key=value` option a command accepts.
public struct OptionSpec: Sendable {
    public var name: String
    public var placeholder: String
    public var defaultValue: String?
    public var summary: String
    /// Values offered by Tab completion, when the set is small.
    public var values: [String]

    public init(
        _ name: String, _ placeholder: String, default defaultValue: String? = nil, _ summary: String,
        values: [String] = []
    ) {
        self.name = name
        self.placeholder = placeholder
        self.defaultValue = defaultValue
        self.summary = summary
        self.values = values
    }
}

/// What `help` says about a command and what the parser checks before running it.
public struct CommandSpec: Sendable {
    public var name: String
    public var group: CommandGroup
    public var summary: String
    /// Syntax line, e.g. `load NAME|PATH [strict=yes|no]`.
    public var usage: String
    public var arguments: ClosedRange<Int>
    public var options: [OptionSpec]
    public var examples: [String]
    public var details: String?
    /// What the positional arguments complete to.
    public var completes: CompletionKind
    /// False when the command checks its own options (`train` knows which family takes which).
    public var checksOptions = true
    /// Option names with these prefixes are the command's to check (`set spark.conf.KEY=`).
    public var openOptionPrefixes: [String] = []

    public init(
        name: String, group: CommandGroup, summary: String, usage: String, arguments: ClosedRange<Int> = 0...0,
        options: [OptionSpec] = [], examples: [String] = [], details: String? = nil,
        completes: CompletionKind = .nothing
    ) {
        self.name = name
        self.group = group
        self.summary = summary
        self.usage = usage
        self.arguments = arguments
        self.options = options
        self.examples = examples
        self.details = details
        self.completes = completes
    }
}

/// What Tab offers for a command's positional arguments.
public enum CompletionKind: Sendable {
    case nothing, commands, datasetNames, loadedDatasets, settings, files, movies, recordArguments, modelFamilies,
        modelNames, protocols
}

/// A shell command. One type per file under `Commands/`.
public protocol ShellCommand: Sendable {
    var spec: CommandSpec { get }
    /// Runs the command and returns its result; may print progress through `context`.
    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock]
}

/// What a running command can reach: the session, the shell (for `run` and `help`), the console.
public struct CommandContext {
    public let session: Session
    public let shell: Shell
}

extension Invocation {
    public func usageError(_ spec: CommandSpec, what: String) -> ShellError {
        .missingArgument(command: spec.name, what: what, usage: spec.usage)
    }

    /// An integer option, checked against a range.
    public func int(_ key: String, default value: Int, in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int {
        guard let v = option(key) else { return value }
        guard let n = v.integer, range.contains(n) else {
            let expected =
                range == Int.min...Int.max ? "an integer" : "an integer from \(range.lowerBound) to \(range.upperBound)"
            throw ShellError.badValue(name: key, value: v.description, expected: expected)
        }
        return n
    }

    /// A number option, checked against a range; nil when not given.
    public func double(_ key: String, in range: ClosedRange<Double>, unit: String = "") throws -> Double? {
        guard let v = option(key) else { return nil }
        guard case .number(let d, _) = v, range.contains(d) else {
            let bounds = String(format: "%g to %g", range.lowerBound, range.upperBound)
            throw ShellError.badValue(name: key, value: v.description, expected: "a number from \(bounds)\(unit)")
        }
        return d
    }

    /// A yes/no option.
    public func bool(_ key: String, default value: Bool) throws -> Bool {
        guard let v = option(key) else { return value }
        guard let t = v.text, let b = YesNo.parse(t) else {
            throw ShellError.badValue(name: key, value: v.description, expected: "yes or no")
        }
        return b
    }

    /// A text option (word, number or quoted string).
    public func text(_ key: String) throws -> String? {
        guard let v = option(key) else { return nil }
        guard let t = v.text else {
            throw ShellError.badValue(name: key, value: v.description, expected: "a single word or quoted text")
        }
        return t
    }
}
