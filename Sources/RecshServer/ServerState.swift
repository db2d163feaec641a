import Foundation
import RecshShell
import Synchronization

/// What the running server shares between requests: the served snapshot (swapped whole on
/// reload), the feedback applied to recommendations, the metrics and the request log.
public final class ServerState: Sendable {
    /// What requests share and reload or feedback change, under one lock.
    private struct Shared {
        var current: ServingSnapshot
        var currentCache: AnswerCache
        var feedback: [Int: UserFeedback]
        var counter: UInt64 = 0
    }
    private let shared: Mutex<Shared>
    /// The answer cache's byte budget for each published snapshot (0: no cache).
    public let cacheBytes: Int
    public let metrics = ServerMetrics()
    public let store: RequestStore
    public let started = Date()
    private let idPrefix = String(UInt32.random(in: 0...UInt32.max), radix: 16)

    /// Opens the request log at `logPath` and reads back the feedback it holds; each snapshot's
    /// answers are cached up to `cacheMegabytes`.
    public init(snapshot: ServingSnapshot, logPath: String, cacheMegabytes: Int = ServerState.defaultCacheMegabytes)
        throws
    {
        let cacheBytes = max(0, cacheMegabytes) << 20
        self.cacheBytes = cacheBytes
        store = try RequestStore(path: logPath)
        shared = Mutex(
            Shared(
                current: snapshot, currentCache: AnswerCache(capacity: cacheBytes), feedback: try store.allFeedback()))
    }

    /// The snapshot a request answers from; it stays valid for the whole request even if a
    /// reload publishes another meanwhile.
    public var snapshot: ServingSnapshot { shared.withLock { $0.current } }

    /// The snapshot with its answer cache, read together so an answer is never cached under another version.
    var served: (snapshot: ServingSnapshot, cache: AnswerCache) { shared.withLock { ($0.current, $0.currentCache) } }

    /// Publishes a new snapshot atomically, with an empty answer cache.
    public func publish(_ s: ServingSnapshot) {
        let cache = AnswerCache(capacity: cacheBytes)
        shared.withLock {
            $0.current = s
            $0.currentCache = cache
        }
    }

    public static let defaultCacheMegabytes = 256

    /// The current answer cache's entries, bytes, hits and misses.
    public var cacheStatistics: (entries: Int, bytes: Int, hits: Int, misses: Int) { served.cache.statistics }

    func feedback(for user: Int) -> UserFeedback { shared.withLock { $0.feedback[user] ?? UserFeedback() } }

    /// Stores the event durably, then applies it to the user's next recommendations.
    func addFeedback(user: Int, movieId: Int, movieLensId: Int32, event: String) throws {
        try store.storeFeedback(user: user, movieId: movieId, movieLensId: movieLensId, event: event)
        shared.withLock {
            RequestStore.apply(event, movie: movieLensId, to: &$0.feedback[user, default: UserFeedback()])
        }
    }

    func nextRequestId() -> String {
        let n = shared.withLock { s in
            s.counter += 1
            return s.counter
        }
        return idPrefix + "-" + String(n)
    }

    public var uptime: Double { Date().timeIntervalSince(started) }
}
