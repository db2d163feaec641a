import Foundation
import RecshData
import RecshIntent

/// The offline parser of the current dataset, built once per dataset and TMDB state.
final class IntentParserCache {
    let key: String
    let parser: OfflineIntentParser
    init(key: String, parser: OfflineIntentParser) {
        self.key = key
        self.parser = parser
    }
}

extension Session {
    /// The offline intent parser over the current dataset's genres, titles, TMDB people and moods.
    func intentParser() throws -> OfflineIntentParser {
        let d = try requireDataset()
        let key = "\(d.name)|\(d.ratings.count)|\(tmdb?.movies.count ?? 0)"
        if let cached = attachments["intent-parser"] as? IntentParserCache, cached.key == key { return cached.parser }
        let moods = try MoodLexicon.standard().moods.map {
            IntentCatalog.MoodEntry(name: $0.name, aliases: $0.aliases, firstGenre: $0.genres.first)
        }
        let lexicon: IntentLexicon
        do { lexicon = try IntentLexicon.standard() } catch let e as IntentError {
            throw ShellError.failed(e.description)
        }
        let parser = OfflineIntentParser(lexicon: lexicon, catalog: IntentCatalog(dataset: d, tmdb: tmdb, moods: moods))
        attachments["intent-parser"] = IntentParserCache(key: key, parser: parser)
        return parser
    }
}

extension Session {
    /// The intent of a sentence, from the parser `set intent=` chooses; the LLM falls back to the
    /// offline parser, and the notes say why.
    func parseIntent(_ query: String) throws -> (intent: Intent, parser: String, notes: [String]) {
        let offline = try intentParser()
        guard settings.intent == "llm" else { return (offline.parse(query), "offline", []) }
        guard let llm = LLMIntentParser.fromEnvironment() else {
            return (offline.parse(query), "offline", ["intent=llm needs RECSH_LLM_URL; the offline parser answered"])
        }
        do {
            let (intent, dropped) = try llm.parse(query, catalog: offline.catalog)
            let notes = dropped.isEmpty ? [] : ["the LLM named genres \(d(dropped)) that the catalogue lacks; left out"]
            return (intent, "llm \(llm.model)", notes)
        } catch let e as IntentError {
            return (
                offline.parse(query), "offline",
                ["the LLM parser failed (\(e.description)); the offline parser answered"]
            )
        }
    }

    private func d(_ list: [String]) -> String { list.joined(separator: ", ") }
}
