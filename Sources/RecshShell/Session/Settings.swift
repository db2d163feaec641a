import Foundation

/// A setting `set` can change, with its allowed values.
public struct SettingSpec: Sendable {
    public var name: String
    public var summary: String
    public var allowed: String
    public var values: [String]
}

/// Session-wide settings: `set key=value`, `show settings`.
public struct Settings: Sendable, Equatable {
    public var seed: Int = 42
    public var threads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Default result count for commands that list films.
    public var k: Int = 10
    public var format: OutputFormat = .table
    /// Whether loads stop at the first malformed line.
    public var strict: Bool = true
    /// Where train and eval are tracked: an MLflow file store folder, a tracking server URL, or off.
    public var tracking: String = ProcessInfo.processInfo.environment["RECSH_TRACKING"] ?? "off"
    /// Which parser reads `ask`'s sentences: the offline lexicon, or an LLM that falls back to it.
    public var intent: String = "offline"
    /// `--conf` pairs for Spark jobs, from `set spark.conf.KEY=VALUE` (docs/spark.md).
    public var sparkConf: [String: String] = [:]

    /// The prefix of the settings that become Spark's `--conf KEY=VALUE`.
    public static let sparkConfPrefix = "spark.conf."

    public init() {}

    public static let specs: [SettingSpec] = [
        SettingSpec(name: "seed", summary: "random seed for training and sampling", allowed: "an integer", values: []),
        SettingSpec(
            name: "threads", summary: "worker threads for training and evaluation", allowed: "an integer from 1 to 256",
            values: []),
        SettingSpec(
            name: "k", summary: "default number of results for film lists", allowed: "an integer from 1 to 1000",
            values: []),
        SettingSpec(
            name: "format", summary: "how results print: aligned tables, JSON lines or CSV",
            allowed: "table, json or csv", values: OutputFormat.allCases.map(\.rawValue)),
        SettingSpec(
            name: "strict", summary: "stop a load at the first malformed line", allowed: "yes or no",
            values: ["yes", "no"]),
        SettingSpec(
            name: "tracking", summary: "track each train and eval as an MLflow run (track DIR|URL sets it too)",
            allowed: "a folder, an http:// URL of mlflow server, or off", values: ["off"]),
        SettingSpec(
            name: "intent",
            summary: "the parser of ask: the offline lexicon, or an LLM at $RECSH_LLM_URL that falls back to it",
            allowed: "offline or llm", values: ["offline", "llm"]),
    ]

    /// The current value of each setting, in `specs` order, then any Spark `--conf` pairs by key.
    public var values: [(String, String)] {
        [
            ("seed", String(seed)), ("threads", String(threads)), ("k", String(k)), ("format", format.rawValue),
            ("strict", strict ? "yes" : "no"), ("tracking", tracking),
            ("intent", intent),
        ] + sparkConf.sorted { $0.key < $1.key }.map { (Self.sparkConfPrefix + $0.key, $0.value) }
    }

    /// The current value of one setting as text.
    public func value(of name: String) -> String? { values.first { $0.0 == name }?.1 }

    /// Sets one setting from command-language text.
    public mutating func set(_ name: String, to value: Value) throws {
        if name.hasPrefix(Self.sparkConfPrefix) {
            let key = String(name.dropFirst(Self.sparkConfPrefix.count))
            guard key.hasPrefix("spark."), key.count > "spark.".count else {
                throw ShellError.badValue(
                    name: name, value: value.description,
                    expected: "a Spark setting after spark.conf., such as spark.conf.spark.executor.memory=8g")
            }
            // an empty value takes the setting back to recsh's default
            let text = value.text ?? value.description
            if text.isEmpty { sparkConf[key] = nil } else { sparkConf[key] = text }
            return
        }
        guard let spec = Self.specs.first(where: { $0.name == name }) else {
            throw ShellError.unknownSetting(
                name, suggestions: Suggestions.closest(to: name, among: Self.specs.map(\.name)))
        }
        let bad = ShellError.badValue(name: name, value: value.description, expected: spec.allowed)
        switch name {
        case "seed":
            guard let v = value.integer else { throw bad }
            seed = v
        case "threads":
            guard let v = value.integer, (1...256).contains(v) else { throw bad }
            threads = v
        case "k":
            guard let v = value.integer, (1...1000).contains(v) else { throw bad }
            k = v
        case "format":
            guard let t = value.text, let f = OutputFormat(rawValue: t.lowercased()) else { throw bad }
            format = f
        case "strict":
            guard let t = value.text, let b = YesNo.parse(t) else { throw bad }
            strict = b
        case "tracking":
            guard let t = value.text, !t.isEmpty else { throw bad }
            tracking = t
        case "intent":
            guard let t = value.text?.lowercased(), t == "offline" || t == "llm" else { throw bad }
            intent = t
        default: throw bad
        }
    }
}

/// yes/no words of the command language.
public enum YesNo {
    public static func parse(_ s: String) -> Bool? {
        switch s.lowercased() {
        case "yes", "y", "true", "on", "1": return true
        case "no", "n", "false", "off", "0": return false
        default: return nil
        }
    }
}
