import Foundation
import RecshModels
import Synchronization

/// Learns the ranker's booster on one protocol run: the sources are fitted on the run's fit
/// data, each evaluated user's candidates are labelled 1 when they are among the user's
/// held-out positives, and LambdaMART learns to order each user's candidates.
public enum RankerTraining {
    /// The labelled candidate rows of a run, one query group per user.
    public struct Examples: Sendable {
        public var rows: [Float] = []
        public var labels: [Float] = []
        public var groups: [UInt32] = []
        /// Held-out positives that no source proposed: the ceiling the sources put on the ranker.
        public var unreachable = 0
        public var positives = 0
    }

    /// Candidate rows of every user in `users` with held-out positives `groundTruth[u]`
    /// (sorted item indices). Users whose candidates hold no positive teach nothing and are left out.
    public static func examples(
        _ features: CandidateFeatures, groundTruth: [[Int32]], users: [Int], threads: Int,
        isCancelled: @escaping () -> Bool = { false }
    ) throws -> Examples {
        let n = features.items
        let batch = 64
        let batches = stride(from: 0, to: users.count, by: batch).map {
            Array(users[$0..<min($0 + batch, users.count)])
        }
        let next = Atomic<Int>(0)
        var parts = [Examples](repeating: Examples(), count: batches.count)
        let X = features.sources[0].model.data.positives
        parts.withUnsafeMutableBufferPointer { out in
            let base = out.baseAddress!
            Parallel.forEach(max(1, min(threads, batches.count))) { _ in
                var scratch = CandidateFeatures.Scratch(items: n, sources: features.sources.count)
                let buffers = features.sources.map { _ in UnsafeMutablePointer<Float>.allocate(capacity: batch * n) }
                defer { for b in buffers { b.deallocate() } }
                while true {
                    let b = next.add(1, ordering: .relaxed).oldValue
                    guard b < batches.count, !isCancelled() else { break }
                    let group = batches[b]
                    for (s, source) in features.sources.enumerated() {
                        source.model.scores(users: group, into: buffers[s])
                    }
                    var part = Examples()
                    for (row, u) in group.enumerated() {
                        let truth = groundTruth[u]
                        let listed = features.rows(
                            history: X.row(u).map { Int(X.columns[$0]) },
                            idleDays: features.context.userIdleDays[u],
                            scores: buffers.map { UnsafePointer($0 + row * n) }, scratch: &scratch)
                        let labels = listed.items.map { truth.contains($0) ? Float(1) : 0 }
                        let hits = Int(labels.reduce(0, +))
                        part.positives += truth.count
                        part.unreachable += truth.count - hits
                        guard hits > 0, hits < labels.count else { continue }
                        part.rows += listed.rows
                        part.labels += labels
                        part.groups.append(UInt32(labels.count))
                    }
                    base[b] = part
                }
            }
        }
        if isCancelled() { throw CancellationError() }
        var all = Examples()
        for p in parts {
            all.rows += p.rows
            all.labels += p.labels
            all.groups += p.groups
            all.unreachable += p.unreachable
            all.positives += p.positives
        }
        return all
    }
}
