import Foundation
import RecshShell

/// `POST /feedback`: a like, a watch or a skip, stored before it is acknowledged.
extension APIRoutes {
    struct FeedbackAnswer: Encodable {
        var stored = true
        var userId: Int
        var movieId: Int
        var movielensId: Int32
        var event: String
        enum CodingKeys: String, CodingKey {
            case stored
            case userId = "user_id"
            case movieId = "movie_id"
            case movielensId = "movielens_id"
            case event
        }
    }

    func feedback(_ data: Data, _ s: ServingSnapshot) throws -> APIAnswer {
        let b = try RequestBody(data, allowed: ["user_id", "movie_id", "event"])
        let user = try b.int("user_id", in: Limits.id)
        let movie = try b.int("movie_id", in: Limits.id)
        let event = try b.string("event", oneOf: ["like", "watched", "skip"])
        let ml: Int32
        do { ml = try s.movieLensId(forPublicId: movie) } catch let e as ServingError { throw APIError(e) }
        do { try state.addFeedback(user: user, movieId: movie, movieLensId: ml, event: event) } catch {
            throw APIError(status: 503, message: "the feedback could not be stored: \(error)")
        }
        var a = APIAnswer(
            body: try Self.json(FeedbackAnswer(userId: user, movieId: movie, movielensId: ml, event: event)),
            userId: user, ids: [ml])
        a.status = 201
        return a
    }
}
