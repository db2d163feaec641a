import Foundation
import Synchronization

/// Encoded answers of one snapshot, so a repeated question costs a dictionary lookup instead of
/// the models' work and the JSON encoding.
///
/// A snapshot never changes, so its answers stay right for as long as it is served; `serve reload`
/// publishes a new snapshot with an empty cache. Recommendations key on the user's feedback count
/// (feedback only ever adds likes and hidden films), so a new event is a new key. When the cache
/// reaches its byte budget it is emptied and fills again with what is asked now.
final class AnswerCache: Sendable {
    enum Key: Hashable {
        case lists(id: Int, k: Int)
        case popular(genre: String?, k: Int)
        case recommend(
            user: Int, k: Int, genres: [String], years: ClosedRange<Int>?, excludeSeen: Bool, feedbackEvents: Int)
    }

    /// The byte budget; 0 turns caching off.
    let capacity: Int
    private struct Entries {
        var answers: [Key: APIAnswer] = [:]
        var bytes = 0, hits = 0, misses = 0
    }
    private let entries = Mutex(Entries())

    init(capacity: Int) { self.capacity = capacity }

    /// The cached answer for `key`, or `compute()`'s, kept for next time. Errors are not kept.
    func answer(_ key: Key, _ compute: () throws -> APIAnswer) rethrows -> APIAnswer {
        guard capacity > 0 else { return try compute() }
        let cached = entries.withLock { e -> APIAnswer? in
            if let a = e.answers[key] {
                e.hits += 1
                return a
            }
            e.misses += 1
            return nil
        }
        if let cached { return cached }
        // computed outside the lock: two requests may both compute a cold key, which is cheaper than serialising them
        let a = try compute()
        let size = a.body.count + a.ids.count * 8 + 64
        let capacity = self.capacity
        entries.withLock { e in
            if e.bytes + size > capacity {
                e.answers.removeAll(keepingCapacity: true)
                e.bytes = 0
            }
            if e.answers.updateValue(a, forKey: key) == nil { e.bytes += size }
        }
        return a
    }

    /// Entries, bytes held, hits and misses, for `/metrics` and `serve status`.
    var statistics: (entries: Int, bytes: Int, hits: Int, misses: Int) {
        entries.withLock { e in (e.answers.count, e.bytes, e.hits, e.misses) }
    }
}
