import Foundation
import RecshShell

/// What the running server shares between requests: the served snapshot (swapped whole on
/// reload), the feedback applied to recommendations, the metrics and the request log.
public final class ServerState: @unchecked Sendable {
    private let lock = NSLock()
    private var current: ServingSnapshot
    private var currentCache: AnswerCache
    /// The answer cache's byte budget for each published snapshot (0: no cache).
    public let cacheBytes: Int
    private var feedback: [Int: UserFeedback]
    public let metrics = ServerMetrics()
    public let store: RequestStore
    public let started = Date()
    private var counter: UInt64 = 0
    private let idPrefix = String(UInt32.random(in: 0...UInt32.max), radix: 16)

    /// Opens the request log at `logPath` and reads back the feedback it holds; each snapshot's
    /// answers are cached up to `cacheMegabytes`.
    public init(snapshot: ServingSnapshot, logPath: String, cacheMegabytes: Int = ServerState.defaultCacheMegabytes) throws {
        current = snapshot
        cacheBytes = max(0, cacheMegabytes) << 20
        currentCache = AnswerCache(capacity: cacheBytes)
        store = try RequestStore(path: logPath)
        feedback = try store.allFeedback()
    }

    /// The snapshot a request answers from; it stays valid for the whole request even if a
    /// reload publishes another meanwhile.
    public var snapshot: ServingSnapshot { lock.lock(); defer { lock.unlock() }; return current }

    /// The snapshot with its answer cache, read together so an answer is never cached under another version.
    var served: (snapshot: ServingSnapshot, cache: AnswerCache) { lock.lock(); defer { lock.unlock() }; return (current, currentCache) }

    /// Publishes a new snapshot atomically, with an empty answer cache.
    public func publish(_ s: ServingSnapshot) {
        let cache = AnswerCache(capacity: cacheBytes)
        lock.lock(); current = s; currentCache = cache; lock.unlock()
    }

    public static let defaultCacheMegabytes = 256

    /// The current answer cache's entries, bytes, hits and misses.
    public var cacheStatistics: (entries: Int, bytes: Int, hits: Int, misses: Int) { served.cache.statistics }

    func feedback(for user: Int) -> UserFeedback { lock.lock(); defer { lock.unlock() }; return feedback[user] ?? UserFeedback() }

    /// Stores the event durably, then applies it to the user's next recommendations.
    func addFeedback(user: Int, movieId: Int, movieLensId: Int32, event: String) throws {
        try store.storeFeedback(user: user, movieId: movieId, movieLensId: movieLensId, event: event)
        lock.lock()
        RequestStore.apply(event, movie: movieLensId, to: &feedback[user, default: UserFeedback()])
        lock.unlock()
    }

    func nextRequestId() -> String {
        lock.lock(); counter += 1; let n = counter; lock.unlock()
        return idPrefix + "-" + String(n)
    }

    public var uptime: Double { Date().timeIntervalSince(started) }
}
