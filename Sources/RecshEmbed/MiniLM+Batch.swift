import COpenBLAS
import Foundation
import Synchronization

extension MiniLM {
    /// Many texts on `threads` cores: one text per task, each thread with its own buffers, BLAS
    /// single-threaded meanwhile so the cores are not oversubscribed. Row i of the result (texts ×
    /// 384) is text i; nil when `isCancelled` turned true.
    public func embed(
        batch texts: [String], threads: Int, isCancelled: @Sendable () -> Bool = { false },
        progress: @Sendable (Int) -> Void = { _ in }
    ) -> [Float]? {
        let h = Self.hidden
        var out = [Float](repeating: 0, count: texts.count * h)
        guard !texts.isEmpty else { return out }
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let blasThreads = openblas_get_num_threads()
        openblas_set_num_threads(1)
        defer { openblas_set_num_threads(blasThreads) }
        // longest first, so the last tasks are short ones
        let order = texts.indices.sorted { texts[$0].utf8.count > texts[$1].utf8.count }
        let workers = max(1, min(threads, texts.count))
        out.withUnsafeMutableBufferPointer { buffer in
            // each task writes its own rows only
            nonisolated(unsafe) let target = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                let scratch = Scratch(maxLength: tokenizer.maxLength)
                while !isCancelled() {
                    let i = next.add(1, ordering: .relaxed).oldValue
                    guard i < order.count else { break }
                    embed(texts[order[i]], scratch: scratch, into: target + order[i] * h)
                    progress(done.add(1, ordering: .relaxed).newValue)
                }
            }
        }
        return isCancelled() ? nil : out
    }
}
