import Foundation
import RecshData
import RecshIntent
import RecshModels

/// `ask "QUERY"`: a sentence becomes filters (genres, years, people, moods, reference films) and
/// a ranked list, each film with its reason.
struct AskCommand: ShellCommand {
    static let maxLength = 1000
    let spec = CommandSpec(
        name: "ask", group: .models, summary: "films for a sentence: \"something scary from the 90s\"",
        usage: "ask \"QUERY\" [user=ID | likes=REF,...] [k=10]", arguments: 1...1,
        options: [
            OptionSpec("user", "ID", "a MovieLens user: rank by their model"),
            OptionSpec("likes", "REF,...", "films liked: rank by what their viewers liked"),
            OptionSpec("k", "N", default: "the k setting (10)", "how many films"),
        ],
        examples: [
            "ask \"something scary from the 90s\"", "ask \"une comédie romantique des années 2000\" user=12",
            "ask \"like Heat but not crime\"", "ask \"feel-good films with Tom Hanks\" k=5",
        ],
        details: """
            The parser (set intent=offline|llm; offline by default) reads genres and their synonyms in English and French \
            (scary → Horror, dessin animé → Animation), decades and ranges (the 90s, années 80, between 1995 and 2005, \
            before 1960, recent, classic), people from TMDB (with Tom Hanks, directed by Nolan), reference films (like Heat, \
            comme Amélie), negations (not horror, sans violence) and the moods of compare mood. Words it does not turn into \
            a filter stay in the intent's text, matched against each film's overview and keywords. Genres, years, people \
            and excluded genres filter; the user's model (user= or likes=, or the reference films), else Bayesian \
            popularity, ranks, blended with the mood and the text match. set format=json prints {"intent": {...}, "films": [...]}.
            """)

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let d = try s.requireDataset()
        guard let query = call.positionals[0].text else {
            throw ShellError.badValue(
                name: "ask", value: call.positionals[0].description, expected: "a quoted sentence")
        }
        let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw ShellError.failed("ask needs a sentence: ask \"something scary from the 90s\"")
        }
        guard trimmed.count <= Self.maxLength else {
            throw ShellError.failed("the query has \(trimmed.count) characters; ask takes at most \(Self.maxLength)")
        }
        let k = try call.int("k", default: s.settings.k, in: 1...1000)
        let parsed = try s.parseIntent(trimmed)
        let intent = parsed.intent
        var user: Int32?
        var likes = intent.like
        if let u = call.option("user") {
            guard call.option("likes") == nil else { throw ShellError.failed("give either user= or likes=, not both") }
            guard let id = u.integer else {
                throw ShellError.badValue(name: "user", value: u.description, expected: "a user id")
            }
            user = Int32(clamping: id)
        } else if let l = call.option("likes") {
            let refs: [Value] = if case .list(let l) = l { l } else { [l] }
            likes = try refs.map { r in
                guard let id = try s.resolveFilm(r, argument: "likes").movie?.movieLensId else {
                    throw ShellError.failed("\(r.description) is not in \(d.name)")
                }
                return id
            }
        }
        var modelNotes: [String] = []
        let engine = try s.askEngine(for: intent, personal: user != nil || !likes.isEmpty, notes: &modelNotes)
        let answer = try engine.answer(
            intent, user: user, seen: user.map { s.ratedItems(user: $0) } ?? [], likes: likes, k: k)
        var blocks: [OutputBlock] = []
        let titleOf = { (id: Int32) in d.movies.movie(movieLensId: id)?.titleWithYear ?? "ml:\(id)" }
        if s.settings.format == .json {
            blocks.append(.record(Self.intentRecord(intent), name: "intent"))
            blocks.append(.text(parsed.parser, name: "parser"))
        } else {
            blocks.append(.text("Intent (\(parsed.parser)): " + intent.summary(title: titleOf), name: "intent"))
        }
        for n in parsed.notes { blocks.append(.text(n, name: "note")) }
        if answer.relaxed {
            blocks.append(
                .text(
                    "no film has all of \(intent.genres.joined(separator: ", ")); films with any of them", name: "note")
            )
        }
        if answer.candidates == 0 { blocks.append(.text("No film of \(d.name) passes these filters", name: "note")) }
        blocks += modelNotes.map { OutputBlock.text($0, name: "note") }
        return blocks + [.table(try s.filmTable(answer.films), name: "films")]
    }

    /// The intent as the JSON schema names it.
    static func intentRecord(_ i: Intent) -> [(key: String, value: Cell)] {
        let year: (Int?) -> Cell = { $0.map { .id($0) } ?? .empty }
        return [
            ("genres", .list(i.genres.map { .text($0) })), ("exclude_genres", .list(i.excludeGenres.map { .text($0) })),
            ("year_min", year(i.yearMin)), ("year_max", year(i.yearMax)), ("moods", .list(i.moods.map { .text($0) })),
            ("people", .list(i.people.map { .text($0) })), ("like", .list(i.like.map { .id(Int($0)) })),
            ("text", .text(i.text)),
        ]
    }
}
