import RecshData
import RecshModels

/// Works out what Tab should offer at the cursor: commands, options (`factors=`), option values,
/// settings, dataset names, or film titles inside quotes. Independent of readline, so it is testable.
public struct Completer {
    public let shell: Shell

    public init(shell: Shell) { self.shell = shell }

    /// What to offer for `word`, typed after `prefix` (the line up to the word).
    public struct Result: Equatable {
        public var candidates: [String]
        /// Let readline complete file names instead.
        public var useFileNames: Bool
        /// False when the candidates end in '=' (a value follows) or are titles in quotes.
        public var appendSpace: Bool
    }

    public func complete(prefix: String, word: String, inQuotes: Bool) -> Result {
        let session = shell.session
        if inQuotes {
            guard let d = session.current else {
                return Result(candidates: [], useFileNames: false, appendSpace: false)
            }
            let titles = session.titleIndex(for: d).completions(prefix: word, limit: 50)
            // readline substitutes the common prefix, so prefer titles that keep what was typed
            let exact = titles.filter { $0.lowercased().hasPrefix(word.lowercased()) }
            return Result(candidates: exact.isEmpty ? titles : exact, useFileNames: false, appendSpace: false)
        }
        let segment = prefix.split(separator: ";", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let tokens = segment.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        // value of an option: the word follows "key="
        if segment.hasSuffix("="), let last = tokens.last, let first = tokens.first {
            let key = String(last.dropLast()).lowercased()
            let spec = shell.registry.command(named: first.lowercased())?.spec
            var specs = spec?.options ?? []
            if first.lowercased() == "train", tokens.count > 1,
                let family = ModelFamily(rawValue: tokens[1].lowercased())
            {
                specs += ModelOptions.specs(family)
            }
            let values = specs.first { $0.name == key }?.values ?? []
            return Result(
                candidates: values.filter { $0.hasPrefix(word.lowercased()) }, useFileNames: false, appendSpace: true)
        }
        guard let first = tokens.first else {
            return Result(candidates: filter(shell.registry.names, word), useFileNames: false, appendSpace: true)
        }
        guard let spec = shell.registry.command(named: first.lowercased())?.spec else {
            return Result(candidates: [], useFileNames: false, appendSpace: true)
        }
        // train's options depend on the family named after it
        var optionSpecs = spec.options
        if spec.name == "train", tokens.count > 1, let family = ModelFamily(rawValue: tokens[1].lowercased()) {
            optionSpecs = ModelOptions.specs(family) + spec.options
        }
        let options = optionSpecs.map { $0.name + "=" }.filter { o in !tokens.contains { $0.lowercased().hasPrefix(o) }
        }
        let positionalCount = tokens.dropFirst().filter { !$0.contains("=") }.count
        var positional: [String] = []
        var files = false
        if positionalCount < spec.arguments.upperBound {
            switch spec.completes {
            case .commands: positional = shell.registry.names
            case .datasetNames:
                positional = KnownDataset.all.map(\.name)
                files = word.contains("/") || word.hasPrefix(".")
            case .loadedDatasets: positional = session.datasets.map(\.name)
            case .recordArguments: positional = ["off"]
            case .files: files = true
            case .modelFamilies: positional = ModelFamily.allCases.map(\.rawValue)
            case .modelNames: positional = session.models.map(\.name)
            case .protocols: positional = EvaluationProtocol.allCases.map(\.rawValue)
            case .settings, .movies, .nothing: break
            }
            if spec.name == "show" { positional = ["settings", "data-path", "memory"] }
        }
        if files { return Result(candidates: [], useFileNames: true, appendSpace: true) }
        let all = filter(positional, word) + filter(options, word)
        return Result(
            candidates: all, useFileNames: false, appendSpace: !(all.count > 0 && all.allSatisfy { $0.hasSuffix("=") }))
    }

    func filter(_ list: [String], _ word: String) -> [String] {
        list.filter { $0.lowercased().hasPrefix(word.lowercased()) }
    }
}
