import Foundation

/// Encoded answers of one snapshot, so a repeated question costs a dictionary lookup instead of
/// the models' work and the JSON encoding.
///
/// A snapshot never changes, so its answers stay right for as long as it is served; `serve reload`
/// publishes a new snapshot with an empty cache. Recommendations key on the user's feedback count
/// (feedback only ever adds likes and hidden films), so a new event is a new key. When the cache
/// reaches its byte budget it is emptied and fills again with what is asked now.
final class AnswerCache: @unchecked Sendable {
    enum Key: Hashable {
        case lists(id: Int, k: Int)
        case popular(genre: String?, k: Int)
        case recommend(user: Int, k: Int, genres: [String], years: ClosedRange<Int>?, excludeSeen: Bool, feedbackEvents: Int)
    }

    /// The byte budget; 0 turns caching off.
    let capacity: Int
    private let lock = NSLock()
    private var answers: [Key: APIAnswer] = [:]
    private var bytes = 0
    private(set) var hits = 0
    private(set) var misses = 0

    init(capacity: Int) { self.capacity = capacity }

    /// The cached answer for `key`, or `compute()`'s, kept for next time. Errors are not kept.
    func answer(_ key: Key, _ compute: () throws -> APIAnswer) rethrows -> APIAnswer {
        guard capacity > 0 else { return try compute() }
        lock.lock()
        if let a = answers[key] { hits += 1; lock.unlock(); return a }
        misses += 1
        lock.unlock()
        // computed outside the lock: two requests may both compute a cold key, which is cheaper than serialising them
        let a = try compute()
        let size = a.body.count + a.ids.count * 8 + 64
        lock.lock()
        if bytes + size > capacity { answers.removeAll(keepingCapacity: true); bytes = 0 }
        if answers.updateValue(a, forKey: key) == nil { bytes += size }
        lock.unlock()
        return a
    }

    /// Entries, bytes held, hits and misses, for `/metrics` and `serve status`.
    var statistics: (entries: Int, bytes: Int, hits: Int, misses: Int) {
        lock.lock(); defer { lock.unlock() }
        return (answers.count, bytes, hits, misses)
    }
}
