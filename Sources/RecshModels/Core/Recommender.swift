import Foundation

/// The model families `train` knows.
public enum ModelFamily: String, Sendable, CaseIterable {
    case popular, knn, svd, svdpp, als, bpr, ease, rp3beta, slist, sknn, gru4rec, tfidf, ranker

    /// Content models use TMDB metadata; the others learn from ratings.
    public var isContent: Bool { self == .tfidf }
    /// Explicit models predict ratings (protocol E1) rather than rank positives.
    public var predictsRatings: Bool { self == .svd || self == .svdpp }
    /// Learned over other trained models' candidates (`train ranker sources=...`), not from data alone.
    public var isStacked: Bool { self == .ranker }
    /// Reads each user's positives in time order (`TrainingData.sequences`).
    public var readsSequences: Bool { self == .slist || self == .sknn || self == .gru4rec }
}

/// The data a rating model is fitted on: binary positives (rating >= 4) as users x items, and,
/// for explicit models, the ratings themselves in the same index spaces.
public struct TrainingData: Sendable {
    public let positives: InteractionMatrix
    /// Explicit ratings as (user index, item index, rating), for `svd` and `popular by=bayes`.
    public let explicit: ExplicitRatings?
    /// Each user's positives as item indices in time order, for sequence models; nil when the
    /// order is not known.
    public let sequences: [[Int32]]?

    public init(positives: InteractionMatrix, explicit: ExplicitRatings? = nil, sequences: [[Int32]]? = nil) {
        self.positives = positives
        self.explicit = explicit
        self.sequences = sequences
    }

    public var users: Int { positives.rows }
    public var items: Int { positives.cols }
}

/// Explicit ratings in dense index spaces, with the rating scale predictions are clipped to.
public struct ExplicitRatings: Sendable {
    public var users: [Int32]
    public var items: [Int32]
    public var ratings: [Float]
    public var scale: ClosedRange<Float>
    public var mean: Float {
        ratings.isEmpty ? 0 : Float(ratings.reduce(0.0) { $0 + Double($1) } / Double(ratings.count))
    }

    public init(users: [Int32], items: [Int32], ratings: [Float], scale: ClosedRange<Float>) {
        self.users = users
        self.items = items
        self.ratings = ratings
        self.scale = scale
    }
}

/// Raised when a model cannot be fitted as asked.
public enum ModelError: Error, CustomStringConvertible, Equatable {
    case badParameter(name: String, value: String, expected: String)
    case needsExplicitRatings(String)
    case tooLarge(String)
    case noData(String)
    /// A restored array whose values cannot be used: `name` is its part of the file name.
    case badArray(name: String, problem: String)
    /// A fit that diverged: its factors hold NaN or infinity.
    case diverged(model: String, hint: String)
    case cancelled

    public var description: String {
        switch self {
        case .badParameter(let name, let value, let expected):
            return "\(name)=\(value) is not valid: expected \(expected)"
        case .needsExplicitRatings(let model):
            return "\(model) learns from explicit ratings; this data has only positives"
        case .tooLarge(let message): return message
        case .noData(let message): return message
        case .badArray(let name, let problem): return "\(name): \(problem)"
        case .diverged(let model, let hint):
            return "\(model) diverged: its factors are not finite numbers (\(hint)); nothing was trained"
        case .cancelled: return "cancelled"
        }
    }
}

/// How a fit reports progress and learns it should stop.
public struct FitControl: Sendable {
    public var threads: Int
    public var seed: Int
    public var progress: @Sendable (_ fraction: Double, _ detail: String) -> Void
    public var isCancelled: @Sendable () -> Bool

    public init(
        threads: Int = 2, seed: Int = 42, progress: @escaping @Sendable (Double, String) -> Void = { _, _ in },
        isCancelled: @escaping @Sendable () -> Bool = { false }
    ) {
        self.threads = max(1, threads)
        self.seed = seed
        self.progress = progress
        self.isCancelled = isCancelled
    }

    func checkCancelled() throws { if isCancelled() { throw ModelError.cancelled } }
}

/// A fitted collaborative model: scores items for users and relates items to items.
public protocol Recommender: AnyObject, BatchScorer, Sendable {
    var family: ModelFamily { get }
    /// Parameters as `name=value` pairs, in the order `help train` lists them.
    var parameters: [(String, String)] { get }
    var data: TrainingData { get }

    /// Scores of every item for one user index, into `out` (length = items).
    func scores(user: Int, into out: UnsafeMutablePointer<Float>)
    /// Scores of every item for a new user who likes `items` (fold-in or item-based).
    func scores(liking items: [Int], into out: UnsafeMutablePointer<Float>)
    /// Item-to-item similarity of every item to `item` ("Viewers Also Liked"), into `out`.
    func similarities(to item: Int, into out: UnsafeMutablePointer<Float>)
    /// The similarity of two items, as `similarities(to:)` would give it (for reasons).
    func similarity(_ a: Int, _ b: Int) -> Float
    /// For each of `items`, the item of `liked` most similar to it (the first of equals), or nil
    /// where none is similar at all: the "because you liked" of a recommendation list.
    func closestLiked(to items: [Int], among liked: [Int]) -> [Int?]
}

extension Recommender {
    public func closestLiked(to items: [Int], among liked: [Int]) -> [Int?] {
        items.map { item in
            var best: Int?
            var bestScore: Float = 0
            for j in liked {
                let sim = similarity(item, j)
                if sim > bestScore {
                    bestScore = sim
                    best = j
                }
            }
            return best
        }
    }

    public func scores(users: [Int], into out: UnsafeMutablePointer<Float>) {
        let n = data.items
        for (row, u) in users.enumerated() { scores(user: u, into: out + row * n) }
    }

    public var parameterText: String { parameters.map { "\($0.0)=\($0.1)" }.joined(separator: " ") }
}

/// How a model's numeric parameters are written in `parameters` and `help train`.
public enum ParameterText {
    /// 100 for 100.0, 0.35 for 0.35; huge or fractional values as Swift prints them.
    public static func number(_ x: Float) -> String {
        x == x.rounded() && abs(x) < 1e9 ? String(Int(x)) : String(x)
    }
}

/// Top-k (index, score) by score descending, ties by smaller index, skipping `excluded`.
public func topK(_ scores: UnsafePointer<Float>, count n: Int, k: Int, excluded: Set<Int> = []) -> [(Int, Float)] {
    guard k > 0 else { return [] }
    var top: [(Int, Float)] = []
    top.reserveCapacity(k + 1)
    let checkExcluded = !excluded.isEmpty
    for j in 0..<n {
        let s = scores[j]
        guard s.isFinite else { continue }
        // the threshold test first: most scores fail it, and hashing j for every film is the costly part
        if top.count == k && s <= top[k - 1].1 { continue }
        if checkExcluded && excluded.contains(j) { continue }
        if top.count == k { top.removeLast() }
        var lo = 0
        var hi = top.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if top[mid].1 >= s { lo = mid + 1 } else { hi = mid }
        }
        top.insert((j, s), at: lo)
    }
    return top
}
