import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The optional parser: asks an OpenAI-compatible `/v1/chat/completions` endpoint for the intent
/// as JSON in the schema of `Intent`, and checks the answer against the catalogue. Any failure
/// (timeout, HTTP error, invalid JSON) is an `IntentError.llm` the caller falls back on.
public struct LLMIntentParser: Sendable {
    public var url: String
    public var model: String
    public var key: String?
    public var timeout: TimeInterval

    /// From `$RECSH_LLM_URL`, `$RECSH_LLM_MODEL`, `$RECSH_LLM_KEY` and `$RECSH_LLM_TIMEOUT` (seconds,
    /// default 1); nil when no URL is set.
    public static func fromEnvironment() -> LLMIntentParser? {
        let env = ProcessInfo.processInfo.environment
        guard let url = env["RECSH_LLM_URL"], !url.isEmpty else { return nil }
        return LLMIntentParser(
            url: url, model: env["RECSH_LLM_MODEL"] ?? "gpt-4o-mini", key: env["RECSH_LLM_KEY"],
            timeout: env["RECSH_LLM_TIMEOUT"].flatMap(Double.init) ?? 1)
    }

    var endpoint: String {
        var u = url
        while u.hasSuffix("/") { u.removeLast() }
        if u.hasSuffix("/chat/completions") { return u }
        return u.hasSuffix("/v1") ? u + "/chat/completions" : u + "/v1/chat/completions"
    }

    func prompt(genres: [String]) -> String {
        """
        You turn a film request into search filters. Answer with one JSON object and nothing else:
        {"genres": [...], "exclude_genres": [...], "year_min": N or null, "year_max": N or null, "moods": [...], \
        "people": [...], "like": [MovieLens movie ids], "text": "words that are none of these"}.
        Genres must be among: \(genres.joined(separator: ", ")). Decades are ranges: "the 90s" is 1990 to 1999.
        """
    }

    /// Asks the endpoint; the answer's genres are kept only if the catalogue has them.
    public func parse(_ query: String, catalog: IntentCatalog) throws -> (Intent, dropped: [String]) {
        guard let u = URL(string: endpoint) else { throw IntentError.llm("RECSH_LLM_URL \(url) is not a URL") }
        var request = URLRequest(url: u, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let key { request.setValue("Bearer " + key, forHTTPHeaderField: "Authorization") }
        let body: [String: Any] = [
            "model": model, "temperature": 0, "response_format": ["type": "json_object"],
            "messages": [
                ["role": "system", "content": prompt(genres: catalog.genres.values.sorted())],
                ["role": "user", "content": query],
            ],
        ]
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        let data = try send(request)
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            let choices = object["choices"] as? [[String: Any]],
            let content = (choices.first?["message"] as? [String: Any])?["content"] as? String
        else { throw IntentError.llm("\(endpoint) answered without choices[0].message.content") }
        var text = content.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("```") {
            // a fenced block: keep what is between the fences
            text = text.split(separator: "\n").dropFirst().filter { !$0.hasPrefix("```") }.joined(separator: "\n")
        }
        guard let json = text.data(using: .utf8), var intent = try? JSONDecoder().decode(Intent.self, from: json) else {
            throw IntentError.llm("\(endpoint) answered with content that is not the intent JSON")
        }
        var dropped: [String] = []
        func known(_ list: [String]) -> [String] {
            list.compactMap { g in
                if let name = catalog.genres[IntentText.fold(g)] { return name }
                dropped.append(g)
                return nil
            }
        }
        intent.genres = known(intent.genres)
        intent.excludeGenres = known(intent.excludeGenres)
        intent.like = intent.like.filter { catalog.titleOf[$0] != nil }
        return (intent, dropped)
    }

    func send(_ request: URLRequest) throws -> Data {
        let result = Mutex<Result<Data, IntentError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let endpoint = self.endpoint
        let timeout = self.timeout
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            let r: Result<Data, IntentError>
            if let error {
                let timedOut = (error as? URLError)?.code == .timedOut
                r = .failure(
                    .llm(
                        timedOut
                            ? "\(endpoint) did not answer within \(timeout) s"
                            : "\(endpoint): \(error.localizedDescription)"))
            } else if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
                r = .failure(.llm("\(endpoint) answered HTTP \(http.statusCode)"))
            } else {
                r = .success(data ?? Data())
            }
            result.withLock { $0 = r }
            done.signal()
        }
        task.resume()
        // the request's own timeout can be late on Linux; the semaphore's is the promise kept to the user
        if done.wait(timeout: .now() + timeout + 0.25) == .timedOut {
            task.cancel()
            throw IntentError.llm("\(endpoint) did not answer within \(timeout) s")
        }
        return try result.withLock { $0! }.get()
    }
}
