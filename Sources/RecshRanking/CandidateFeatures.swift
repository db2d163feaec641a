import Foundation
import RecshModels

/// One user's candidates (the union of each source's top films they have not seen) and a
/// feature row for each, in the column order of `CandidateFeatures.names`.
public struct CandidateRows: Sendable {
    public var items: [Int32] = []
    public var rows: [Float] = []
    /// Per candidate, the source that ranks it best (the first of equals): its reason.
    public var leadingSource: [Int] = []

    public init() {}
}

/// Builds candidate rows from the sources' scores. Per user the work is a selection per source,
/// so a batch of users costs about what scoring it costs.
public struct CandidateFeatures: Sendable {
    public let sources: [RankerSource]
    public let context: RankerContext
    public let candidates: Int
    public let items: Int

    public init(sources: [RankerSource], context: RankerContext, candidates: Int) {
        self.sources = sources
        self.context = context
        self.candidates = candidates
        self.items = context.popularity.count
    }

    static let common = [
        "sources", "blend", "popularity", "trending", "year", "year_gap", "genre_match", "history", "idle_days",
    ]

    /// Column names: per source its score, rank, score scaled to its top list, and a flag; then the rest.
    public static func names(sources: [String]) -> [String] {
        sources.flatMap { ["\($0)_score", "\($0)_rank", "\($0)_scaled", "\($0)_listed"] } + common
    }

    public var names: [String] { Self.names(sources: sources.map(\.name)) }
    public var width: Int { 4 * sources.count + Self.common.count }

    /// Per-worker buffers, reset after each user so a batch allocates nothing per user.
    public struct Scratch {
        var seen: [Bool]
        var rank: [Int32]
        var top: [Int32] = []
        var values: [Float] = []
        public init(items: Int, sources: Int) {
            seen = [Bool](repeating: false, count: items)
            rank = [Int32](repeating: 0, count: items * sources)
        }
    }

    /// Rows for a user with `history` (fit item indices), idle for `idleDays`, whose score of
    /// item i from source s is `scores[s][i]`.
    public func rows(
        history: [Int], idleDays: Float, scores: [UnsafePointer<Float>], scratch: inout Scratch
    ) -> CandidateRows {
        let n = items
        let sCount = sources.count
        for i in history { scratch.seen[i] = true }
        var out = CandidateRows()
        var lists: [[Int32]] = []
        var bounds: [(top: Float, last: Float)] = []
        for s in 0..<sCount {
            let top = Self.top(scores[s], count: n, k: candidates, seen: scratch.seen, scratch: &scratch)
            let base = s * n
            for (r, i) in top.enumerated() {
                scratch.rank[base + Int(i)] = Int32(r + 1)
                // new unless an earlier source listed it
                if !(0..<s).contains(where: { scratch.rank[$0 * n + Int(i)] > 0 }) { out.items.append(i) }
            }
            bounds.append(
                top.isEmpty ? (0, 0) : (scores[s][Int(top[0])], scores[s][Int(top[top.count - 1])]))
            lists.append(top)
        }
        // the user's profile: genre counts and mean year of the films they liked
        var genreCount = [Float](repeating: 0, count: 32)
        var yearSum: Float = 0
        var yearN: Float = 0
        for i in history {
            let g = context.genres[i]
            if g != 0 { for b in 0..<32 where g & (1 << b) != 0 { genreCount[b] += 1 } }
            if !context.years[i].isNaN {
                yearSum += context.years[i]
                yearN += 1
            }
        }
        let genreNorm = genreCount.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let meanYear = yearN > 0 ? yearSum / yearN : .nan
        let w = width
        out.rows = [Float](repeating: 0, count: out.items.count * w)
        out.leadingSource = [Int](repeating: 0, count: out.items.count)
        let missRank = Float(candidates + 1)
        for (c, item) in out.items.enumerated() {
            let i = Int(item)
            let row = c * w
            var listed: Float = 0
            var blend: Float = 0
            var bestRank = Int32.max
            for s in 0..<sCount {
                let v = scores[s][i]
                let r = scratch.rank[s * n + i]
                let (hi, lo) = bounds[s]
                let scaled = hi > lo ? (v - lo) / (hi - lo) : 0
                out.rows[row + 4 * s] = v
                out.rows[row + 4 * s + 1] = r > 0 ? Float(r) : missRank
                out.rows[row + 4 * s + 2] = scaled
                out.rows[row + 4 * s + 3] = r > 0 ? 1 : 0
                if r > 0 {
                    listed += 1
                    if r < bestRank {
                        bestRank = r
                        out.leadingSource[c] = s
                    }
                }
                blend += scaled
            }
            var f = row + 4 * sCount
            let g = context.genres[i]
            var match: Float = 0
            if g != 0 && genreNorm > 0 {
                var dot: Float = 0
                for b in 0..<32 where g & (1 << b) != 0 { dot += genreCount[b] }
                match = dot / (genreNorm * Float(g.nonzeroBitCount).squareRoot())
            }
            let year = context.years[i]
            for value in [
                listed, blend / Float(max(1, sCount)), context.popularity[i], context.trending[i], year,
                abs(year - meanYear), match, log1p(Float(history.count)), idleDays,
            ] {
                out.rows[f] = value
                f += 1
            }
        }
        for (s, top) in lists.enumerated() { for i in top { scratch.rank[s * n + Int(i)] = 0 } }
        for i in history { scratch.seen[i] = false }
        return out
    }

    /// The k unseen items with the highest scores, best first (the lower index first among equals).
    static func top(
        _ s: UnsafePointer<Float>, count n: Int, k: Int, seen: [Bool], scratch: inout Scratch
    ) -> [Int32] {
        // threshold by selection on a copy, then sort only the survivors
        scratch.values.removeAll(keepingCapacity: true)
        for i in 0..<n where !seen[i] { scratch.values.append(s[i]) }
        let m = scratch.values.count
        guard m > 0, k > 0 else { return [] }
        let kk = min(k, m)
        var threshold = -Float.infinity
        if kk < m {
            scratch.values.withUnsafeMutableBufferPointer { v in
                // quickselect for the kk-th largest value
                var lo = 0
                var hi = m - 1
                let target = kk - 1
                while lo < hi {
                    let pivot = v[(lo + hi) / 2]
                    var a = lo
                    var b = hi
                    while a <= b {
                        while v[a] > pivot { a += 1 }
                        while v[b] < pivot { b -= 1 }
                        if a <= b {
                            v.swapAt(a, b)
                            a += 1
                            b -= 1
                        }
                    }
                    if target <= b { hi = b } else if target >= a { lo = a } else { break }
                }
                threshold = v[target]
            }
        }
        scratch.top.removeAll(keepingCapacity: true)
        for i in 0..<n where !seen[i] && s[i] >= threshold { scratch.top.append(Int32(i)) }
        scratch.top.sort { s[Int($0)] != s[Int($1)] ? s[Int($0)] > s[Int($1)] : $0 < $1 }
        return Array(scratch.top.prefix(kk))
    }
}
