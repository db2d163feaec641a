import Foundation
import Hummingbird
import RecshShell

/// Questions in words: `POST /ask` and `GET /search`, by title or by meaning.
extension APIRoutes {
    func ask(_ data: Data, _ s: ServingSnapshot) throws -> APIAnswer {
        let b = try RequestBody(data, allowed: ["query", "user_id", "k"])
        let query = try b.text("query")
        let user = try b.optionalInt("user_id", in: Limits.id)
        let k = try b.int("k", in: Limits.k, default: 10)
        let r: AskResponse
        do { r = try s.ask(query, user: user, k: k) } catch let e as ServingError { throw APIError(e) }
        return APIAnswer(
            body: try Self.json(r), userId: user, ids: r.items.map(\.movielensId), scores: r.items.map(\.score),
            fallback: r.fallback)
    }

    /// `mode=title` (the default) matches titles; `mode=meaning` embeds the words with MiniLM.
    func search(_ request: Request, _ s: ServingSnapshot) throws -> APIAnswer {
        let mode = request.uri.queryParameters["mode"].map(String.init) ?? "title"
        guard ["title", "meaning"].contains(mode) else {
            throw APIError.invalid("mode", "'\(mode)' is not one of title, meaning")
        }
        guard let q = request.uri.queryParameters["q"].map(String.init), !q.trimmingCharacters(in: .whitespaces).isEmpty
        else {
            throw APIError.invalid("q", mode == "title" ? "is required: the words of a title" : "is required: words")
        }
        let k = try queryInt(request, "k", default: 10)
        if mode == "meaning" {
            let items: [ServedItem]
            do { items = try s.searchByMeaning(q, k: k) } catch let e as ServingError { throw APIError(e) }
            return APIAnswer(
                body: try Self.json(["items": items]), ids: items.map(\.movielensId), scores: items.map(\.score))
        }
        guard q.count <= 200 else { throw APIError.invalid("q", "is longer than 200 characters") }
        let films = s.search(q, k: k)
        return APIAnswer(body: try Self.json(["items": films]), ids: films.compactMap(\.movielensId))
    }
}
