import Foundation
import HTTPTypes
import Hummingbird
import RecshShell

/// What an endpoint answered, with what the request log keeps of it.
struct APIAnswer {
    var body: Data
    var status: Int = 200
    var contentType = "application/json"
    var userId: Int?
    var ids: [Int32] = []
    var scores: [Float] = []
    var fallback = false
}

/// The JSON endpoints. Each handler reads its input, asks the current snapshot, and answers;
/// `answer(...)` around it times, logs and counts every request, and turns errors into JSON.
struct APIRoutes {
    let state: ServerState

    /// Keys are snake_case through each type's coding keys, not the encoder's conversion strategy,
    /// which cost more than all the rest of the encoding.
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    static func json<T: Encodable>(_ value: T) throws -> Data { try encoder.encode(value) }

    func add(to router: Router<BasicRequestContext>) {
        router.get("/health") { r, c in await answer("/health", r, c) { _, s, _ in try health(s) } }
        // load balancers probe with HEAD: the same status and headers, no body
        router.head("/health") { r, c in
            let full = await answer("/health", r, c) { _, s, _ in try health(s) }
            return Response(status: full.status, headers: full.headers)
        }
        router.post("/recommend") { r, c in
            await answer("/recommend", r, c) { body, s, cache in try recommend(body, s, cache) }
        }
        router.post("/similar") { r, c in
            await answer("/similar", r, c) { body, s, cache in try similarByBody(body, s, cache) }
        }
        router.get("/movie/:tmdb_id/similar") { r, c in
            await answer("/movie/{tmdb_id}/similar", r, c) { _, s, cache in
                try lists(id: try pathId(c), k: try queryInt(r, "k", default: 5), s, cache)
            }
        }
        router.get("/movie/:tmdb_id") { r, c in
            await answer("/movie/{tmdb_id}", r, c) { _, s, _ in
                do { return APIAnswer(body: try Self.json(try s.film(id: try pathId(c)))) } catch let e as ServingError
                { throw APIError(e) }
            }
        }
        router.get("/home/:user_id") { r, c in
            await answer("/home/{user_id}", r, c) { _, s, _ in
                let user = try pathInt(c, "user_id")
                let page: HomePage
                do {
                    page = try s.home(
                        user: user, k: try queryInt(r, "k", default: 8), feedback: state.feedback(for: user))
                } catch let e as ServingError { throw APIError(e) }
                return APIAnswer(
                    body: try Self.json(page), userId: user, ids: page.films, fallback: page.fallback)
            }
        }
        router.get("/popular") { r, c in await answer("/popular", r, c) { _, s, cache in try popular(r, s, cache) } }
        router.get("/search") { r, c in await answer("/search", r, c) { _, s, _ in try search(r, s) } }
        router.post("/ask") { r, c in await answer("/ask", r, c) { body, s, _ in try ask(body, s) } }
        router.post("/feedback") { r, c in await answer("/feedback", r, c) { body, s, _ in try feedback(body, s) } }
        router.get("/metrics") { r, c in
            await answer("/metrics", r, c) { _, s, cache in
                APIAnswer(
                    body: Data(
                        state.metrics.prometheus(modelVersion: s.version, uptime: state.uptime, cache: cache.statistics)
                            .utf8),
                    contentType: "text/plain; version=0.0.4")
            }
        }
    }

    /// Runs one endpoint: reads the body (at most 64 KiB), answers from one snapshot, logs and counts.
    func answer(
        _ endpoint: String, _ request: Request, _ context: BasicRequestContext,
        _ handler: (Data, ServingSnapshot, AnswerCache) throws -> APIAnswer
    ) async -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        let (snapshot, cache) = state.served
        var result: APIAnswer
        do {
            var body = Data()
            if request.method == .post {
                let buffer: ByteBuffer
                do { buffer = try await request.body.collect(upTo: Limits.body) } catch let e as any HTTPResponseError
                    where e.status == .contentTooLarge
                {
                    throw APIError(status: 413, message: "the request body is larger than \(Limits.body / 1024) KiB")
                } catch {
                    // a broken chunked encoding or a connection cut mid-body
                    throw APIError.malformed("the request body could not be read: it is not valid HTTP (\(error))")
                }
                body = Data(buffer.readableBytesView)
            }
            result = try handler(body, snapshot, cache)
        } catch let e as APIError {
            result = APIAnswer(body: Self.errorBody(e))
            result.status = e.status
        } catch {
            result = APIAnswer(body: Self.errorBody(APIError(status: 500, message: "internal error: \(error)")))
            result.status = 500
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        state.metrics.record(endpoint: endpoint, status: result.status, seconds: seconds, fallback: result.fallback)
        let id = state.nextRequestId()
        if endpoint != "/metrics" && endpoint != "/health" {
            state.store.log(
                LoggedRequest(
                    id: id, time: Date(), userId: result.userId, endpoint: endpoint, status: result.status,
                    modelVersion: snapshot.version, ids: result.ids, scores: result.scores, latencyMs: seconds * 1000,
                    fallback: result.fallback))
        }
        return Self.response(result.status, result.body, type: result.contentType, requestId: id)
    }

    static let requestIdHeader = HTTPField.Name("X-Request-Id")!

    static func response(_ status: Int, _ body: Data, type: String = "application/json", requestId: String? = nil)
        -> Response
    {
        var headers = HTTPFields()
        headers[.contentType] = type
        if let requestId { headers[requestIdHeader] = requestId }
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func errorBody(_ e: APIError) -> Data {
        (try? json(["error": ErrorBody(status: e.status, message: e.message)])) ?? Data("{\"error\":{}}".utf8)
    }

    struct ErrorBody: Encodable {
        var status: Int
        var message: String
    }

    // MARK: endpoints

    struct Health: Encodable {
        var status = "ok"
        var dataset: String
        var source: String
        var modelVersion: Int
        var models: [Model]
        var uptimeSeconds: Double
        var requestsServed: Int
        var catalogSize: Int
        var idKind: String
        struct Model: Encodable {
            var name: String
            var family: String
            var version: Int
            var parameters: String
        }

        enum CodingKeys: String, CodingKey {
            case status, dataset, source
            case modelVersion = "model_version"
            case models
            case uptimeSeconds = "uptime_seconds"
            case
                requestsServed = "requests_served"
            case catalogSize = "catalog_size"
            case idKind = "id_kind"
        }
    }

    func health(_ s: ServingSnapshot) throws -> APIAnswer {
        let h = Health(
            dataset: s.datasetName, source: s.source, modelVersion: s.version,
            models: s.models.map {
                .init(name: $0.name, family: $0.family.rawValue, version: s.version, parameters: $0.parameterText)
            },
            uptimeSeconds: (state.uptime * 10).rounded() / 10, requestsServed: state.metrics.served,
            catalogSize: s.catalogSize,
            idKind: s.idsAreTMDB ? "tmdb" : "movielens")
        return APIAnswer(body: try Self.json(h))
    }

    func recommend(_ data: Data, _ s: ServingSnapshot, _ cache: AnswerCache) throws -> APIAnswer {
        let b = try RequestBody(data, allowed: ["user_id", "k", "genres", "year_min", "year_max", "exclude_seen"])
        let user = try b.int("user_id", in: Limits.id)
        let k = try b.int("k", in: Limits.k, default: 10)
        let lo = try b.optionalInt("year_min", in: Limits.year)
        let hi = try b.optionalInt("year_max", in: Limits.year)
        if let lo, let hi, lo > hi { throw APIError.invalid("year_min", "\(lo) is after year_max \(hi)") }
        let years: ClosedRange<Int>? =
            lo == nil && hi == nil ? nil : (lo ?? Limits.year.lowerBound)...(hi ?? Limits.year.upperBound)
        let genres = try b.strings("genres")
        let excludeSeen = try b.bool("exclude_seen", default: true)
        let feedback = state.feedback(for: user)
        let key = AnswerCache.Key.recommend(
            user: user, k: k, genres: genres, years: years, excludeSeen: excludeSeen,
            feedbackEvents: feedback.liked.count + feedback.hidden.count)
        return try cache.answer(key) {
            let r: RecommendResponse
            do {
                r = try s.recommend(
                    user: user, k: k, genres: genres, years: years, excludeSeen: excludeSeen, feedback: feedback)
            } catch let e as ServingError { throw APIError(e) }
            return APIAnswer(
                body: try Self.json(r), userId: user, ids: r.items.map(\.movielensId), scores: r.items.map(\.score),
                fallback: r.fallback)
        }
    }

    func similarByBody(_ data: Data, _ s: ServingSnapshot, _ cache: AnswerCache) throws -> APIAnswer {
        let b = try RequestBody(data, allowed: ["movie_id", "k"])
        return try lists(
            id: try b.int("movie_id", in: Limits.id), k: try b.int("k", in: Limits.k, default: 5), s, cache)
    }

    func lists(id: Int, k: Int, _ s: ServingSnapshot, _ cache: AnswerCache) throws -> APIAnswer {
        try cache.answer(.lists(id: id, k: k)) {
            let r: FilmListsResponse
            do { r = try s.lists(id: id, k: k) } catch let e as ServingError { throw APIError(e) }
            return APIAnswer(body: try Self.json(r), ids: r.hybrid.map(\.movielensId), scores: r.hybrid.map(\.score))
        }
    }

    func popular(_ request: Request, _ s: ServingSnapshot, _ cache: AnswerCache) throws -> APIAnswer {
        let genre = request.uri.queryParameters["genre"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let k = try queryInt(request, "k", default: 10)
        return try cache.answer(.popular(genre: genre?.lowercased(), k: k)) {
            let items: [ServedItem]
            do { items = try s.popular(genre: genre, k: k) } catch let e as ServingError { throw APIError(e) }
            return APIAnswer(
                body: try Self.json(["items": items]), ids: items.map(\.movielensId), scores: items.map(\.score))
        }
    }

    // MARK: parameters

    func pathId(_ c: BasicRequestContext) throws -> Int { try pathInt(c, "tmdb_id") }

    func pathInt(_ c: BasicRequestContext, _ name: String) throws -> Int {
        let raw = c.parameters.get(name) ?? ""
        guard let id = Int(raw) else { throw APIError.invalid(name, "'\(raw)' is not an integer id") }
        guard Limits.id.contains(id) else {
            throw APIError.invalid(name, "\(id) is out of range \(Limits.id.lowerBound)...\(Limits.id.upperBound)")
        }
        return id
    }

    func queryInt(_ r: Request, _ name: String, default value: Int) throws -> Int {
        guard let raw = r.uri.queryParameters[Substring(name)], !raw.isEmpty else { return value }
        guard let v = Int(raw) else { throw APIError.invalid(name, "'\(raw)' is not an integer") }
        guard Limits.k.contains(v) else {
            throw APIError.invalid(name, "\(v) is out of range \(Limits.k.lowerBound)...\(Limits.k.upperBound)")
        }
        return v
    }
}
