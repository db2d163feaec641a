import Foundation
import RecshIntent

/// `POST /ask`'s answer: the parsed intent in the schema of `ask` with `set format=json`, and the films.
public struct AskResponse: Codable, Sendable {
    public var query: String
    public var parser: String
    public var intent: Intent
    public var userId: Int?
    public var modelVersion: Int
    /// True when a user with no ratings was ranked by popularity instead.
    public var fallback: Bool
    public var notes: [String]
    public var items: [ServedItem]

    enum CodingKeys: String, CodingKey {
        case query, parser, intent
        case userId = "user_id"
        case modelVersion = "model_version"
        case fallback, notes, items
    }
}

extension ServingSnapshot {
    /// The longest question `ask` and `POST /ask` take, in characters.
    public static let maxQueryLength = 1000

    /// A question in words, parsed offline and ranked as the shell's `ask` ranks it. A user with
    /// no ratings gets the popularity ranking, with `fallback` and a note.
    public func ask(_ query: String, user: Int?, k: Int) throws -> AskResponse {
        let question = try Self.question(query)
        guard let engine = ask else {
            throw ServingError.invalid(
                field: "query",
                message: "this export has no ask.csv (it was written by an earlier recsh): export the models again")
        }
        let intent = engine.parser.parse(question)
        var notes: [String] = []
        var personal = user.map { Int32(clamping: $0) }
        if let u = personal, community?.index(ofUser: u) == nil {
            notes.append("user \(u) has no ratings in \(datasetName): ranked by popularity")
            personal = nil
        }
        let answer = try engine.answer(
            intent, user: personal, seen: Set(personal.flatMap { seen[$0] } ?? []), likes: intent.like, k: k)
        if answer.relaxed {
            notes.append("no film has all of \(intent.genres.joined(separator: ", ")); films with any of them")
        }
        if answer.candidates == 0 { notes.append("no film of \(datasetName) passes these filters") }
        return AskResponse(
            query: question, parser: "offline", intent: intent, userId: user, modelVersion: version,
            fallback: user != nil && personal == nil, notes: notes, items: items(answer.films))
    }

    /// Films whose embedded text is nearest in meaning to the words, best first.
    public func searchByMeaning(_ query: String, k: Int) throws -> [ServedItem] {
        let question = try Self.question(query, field: "q")
        guard let meaning else {
            throw ServingError.invalid(
                field: "mode",
                message: meaningHint
                    ?? "meaning needs the films' embeddings: run train embed before serve, or export after it")
        }
        let hits = meaning.embeddings.top(meaning.model.embedding(of: question), k: k)
        return items(
            hits.map { ListedFilm(movieLensId: $0.0, score: $0.1, reason: String(format: "meaning %.2f", $0.1)) })
    }

    /// The question trimmed, or an error naming what is wrong with it.
    static func question(_ query: String, field: String = "query") throws -> String {
        let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw ServingError.invalid(
                field: field, message: "is empty: ask in words, such as \"something scary from the 90s\"")
        }
        guard trimmed.count <= maxQueryLength else {
            throw ServingError.invalid(
                field: field, message: "has \(trimmed.count) characters; the most is \(maxQueryLength)")
        }
        return trimmed
    }
}
